"""Finding dossiers: diacritics-insensitive, prefix, any-order search over names, other names,
posts and units, with filters on normal facts; the hits ranked by relevance, then by name.

``search(vault, "nguyen v an", {"sex": "nam", "birth_year": "1970..1980"})`` returns the total
number of matches and one page of hits (id, name, birth date, post, unit). How the text is
matched and ranked is :mod:`.query`'s; what the filters accept is :mod:`.filters`'s. "By name"
is the full name as stored, in code-point order (so Đặng sorts after Vũ): a Vietnamese
collation would need a collating function registered on every connection that reads the index.

What a search can reach: the FTS index holds only normal (class N) values — names, posts, units
— written by ``DossierService._index``; filters read only normal fact columns. A personal id, a
phone number, a relative's name or any other restricted value is never indexed, so no search
can find a dossier by it (DESIGN §3).

Not audited: a search shows only normal fields of a hit list (what the list of dossiers shows
anyway once the vault is unlocked), and the desktop app searches on every keystroke, so one
audit entry per search would bury the log in noise — and would write the typed names into it.
Opening a dossier from the hits is audited (``dossier.view``), as is every reveal.
Must not import Qt.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import sqlcipher3

from app.dossier.search.filters import KEYS, parse_where
from app.dossier.search.filters import conditions as filter_conditions
from app.dossier.search.query import MAX_TEXT_CHARS, MAX_WORDS, Tier, parse
from app.errors import InvalidInput
from app.vault.session import Vault
from storage.dossier_repo import Condition, DossierRepository, HitRow

__all__ = [
    "KEYS",
    "MAX_LIMIT",
    "MAX_TEXT_CHARS",
    "MAX_WORDS",
    "Hit",
    "SearchResult",
    "hit_of",
    "parse_where",
    "refused_as_bad_text",
    "search",
]

MAX_LIMIT = 1000
#: From this many matches, a tier's page is read by walking the name index (see ``_ranked``).
WALK_FROM = 2000
_NO_FILTERS: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Hit:
    id: int
    full_name: str
    birth_date: str | None
    current_post: str | None
    employing_unit: str | None
    score: int  # the relevance tier (higher first, see query.py); 0 when there is no text

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "full_name": self.full_name,
            "birth_date": self.birth_date,
            "current_post": self.current_post,
            "employing_unit": self.employing_unit,
        }


@dataclass(frozen=True, slots=True)
class SearchResult:
    total: int  # every match, not only this page
    results: list[Hit]

    def as_json(self) -> dict[str, Any]:
        return {"total": self.total, "results": [h.as_json() for h in self.results]}


def hit_of(row: HitRow, score: int) -> Hit:
    return Hit(row.id, row.full_name, row.birth_date, row.current_post, row.employing_unit, score)


def search(
    vault: Vault,
    text: str = "",
    filters: Mapping[str, str] = _NO_FILTERS,
    *,
    limit: int = 50,
    offset: int = 0,
) -> SearchResult:
    """Dossiers matching ``text`` (every word, as a prefix, anywhere in names, posts, units) and
    every filter; best first, then by name. No text lists every dossier passing the filters,
    by name. InvalidInput for an unknown filter, a bad value, or a text too long to search."""
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput("search.bad.limit", value=str(limit)[:20], max=MAX_LIMIT)
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        raise InvalidInput("search.bad.offset", value=str(offset)[:20])
    query = parse(text if isinstance(text, str) else "")
    repo = DossierRepository(vault.db)
    conds = filter_conditions(filters, repo.employing_units)
    if conds is None:
        return SearchResult(0, [])
    repo.tune_for_search()
    with refused_as_bad_text():
        if query.empty:
            total = repo.search_count(None, conds)
            rows = repo.search_rows(None, conds, limit=limit, offset=offset) if offset < total else []
            return SearchResult(total, [hit_of(r, 0) for r in rows])
        return _ranked(repo, query.base(), query.tiers(), conds, limit, offset)


@contextmanager
def refused_as_bad_text() -> Iterator[None]:
    """An FTS5 error inside reads as a refused search (InvalidInput), not as a crash. Never
    expected: match expressions hold quoted tokens only; kept for a tokenizer surprise."""
    try:
        yield
    except sqlcipher3.OperationalError as exc:
        if "fts5" not in str(exc):
            raise
        raise InvalidInput("search.bad.text") from None


def _ranked(
    repo: DossierRepository,
    base: str,
    tiers: list[Tier],
    conds: list[Condition],
    limit: int,
    offset: int,
) -> SearchResult:
    """The page ``offset`` … ``offset + limit`` of the tiers laid end to end, each in name order.

    A tier is read only when the page reaches it. A large one (``WALK_FROM`` matches or more)
    is read by walking the name index and stopping at the page's end; a small one by looking
    up each match and sorting (see ``DossierRepository.search_rows``)."""
    total = repo.search_count(base, conds)
    hits: list[Hit] = []
    skip, seen = offset, 0
    for tier in tiers:
        need = limit - len(hits)
        if need == 0 or seen >= total:
            break
        size = repo.search_count(tier.match, cap=WALK_FROM)  # unfiltered, and stops early
        if size == 0:
            continue
        if skip:
            exact = repo.search_count(tier.match, conds)
            if exact <= skip:
                skip -= exact
                seen += exact
                continue
        rows = repo.search_rows(tier.match, conds, limit=need, offset=skip, by_name=size >= WALK_FROM)
        seen += skip + len(rows)  # exact whenever the loop goes on (the tier was exhausted)
        skip = 0
        hits.extend(hit_of(r, tier.score) for r in rows)
    return SearchResult(total, hits)
