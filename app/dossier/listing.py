"""The full list of dossiers behind the desktop app's main window: every matching id in display
order (cheap: ids only), and the shown columns of a batch of them read on demand.

``list_ids(vault, "nguyen v an", {"sex": "nam"})`` gives every match of the search service
(:mod:`app.dossier.search`) in the order ``search()`` pages through them: relevance tiers end to
end, each in name order (no text: name order). Other orders (``SORTS``) sort the same matches
by one shown column, blanks last, ties by name then id. ``rows(vault, ids)`` gives the hit
columns of up to a screenful of them, from the covering index by id — so a list of 100 000
dossiers holds 100 000 ints, and reads rows only as they are shown.

Same rules as :func:`app.dossier.search.search`: the same InvalidInput for a bad filter or text,
normal (class N) columns only, and not audited (see that module). Must not import Qt.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

from app.dossier.search import WALK_FROM, Hit, hit_of, refused_as_bad_text
from app.dossier.search.filters import conditions as filter_conditions
from app.dossier.search.query import parse
from app.vault.session import Vault
from storage.dossier_repo import LIST_ORDERS, DossierRepository

RELEVANCE = "relevance"
#: Every order a list can take: relevance (the search's), then one per sortable column.
SORTS: tuple[str, ...] = (RELEVANCE, *LIST_ORDERS)
_NO_FILTERS: Mapping[str, str] = MappingProxyType({})


def list_ids(
    vault: Vault,
    text: str = "",
    filters: Mapping[str, str] = _NO_FILTERS,
    sort: str = RELEVANCE,
    descending: bool = False,
) -> list[int]:
    """Every dossier matching ``text`` and ``filters``, in ``sort`` order (reversed when
    ``descending``: for relevance, the whole list backwards). InvalidInput for an unknown
    filter, a bad value, or a text too long to search; ValueError for an unknown sort."""
    if sort not in SORTS:
        raise ValueError(f"not a sort of the dossier list: {sort}")
    query = parse(text if isinstance(text, str) else "")
    repo = DossierRepository(vault.db)
    conds = filter_conditions(filters, repo.employing_units)
    if conds is None:
        return []
    repo.tune_for_search()
    with refused_as_bad_text():
        if query.empty:
            order = "name" if sort == RELEVANCE else sort
            return repo.list_ids(None, conds, order=order, descending=descending)
        if sort != RELEVANCE:
            base = query.base()
            large = repo.search_count(base, cap=WALK_FROM) >= WALK_FROM
            return repo.list_ids(base, conds, order=sort, descending=descending, by_name=large)
        ids: list[int] = []
        for tier in query.tiers():
            size = repo.search_count(tier.match, cap=WALK_FROM)  # unfiltered, and stops early
            if size:
                ids.extend(repo.list_ids(tier.match, conds, by_name=size >= WALK_FROM))
    if descending:
        ids.reverse()
    return ids


def rows(vault: Vault, ids: Sequence[int]) -> dict[int, Hit]:
    """The shown columns of each of ``ids`` still in the vault, by id (``score`` is 0: the
    order of the list is :func:`list_ids`'s). Meant for a screenful or a block (≤ 500)."""
    repo = DossierRepository(vault.db)
    repo.tune_for_search()
    return {r.id: hit_of(r, 0) for r in repo.hit_rows(ids)}


def count_all(vault: Vault) -> int:
    """How many dossiers the vault holds (for "12 of 100 000")."""
    return DossierRepository(vault.db).count()
