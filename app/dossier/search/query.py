"""Search text → FTS5 MATCH expressions, one per relevance tier, built from quoted tokens only.

The text is split with :func:`app.dossier.folding.words` (punctuation, quotes, brackets, ``*``,
``-``, ``^`` and NUL all separate words), each word is folded (no diacritics, đ → d, lower
case) and kept as typed (lower case, NFC), and each goes into the expression only as a
double-quoted FTS5 string. So no text, however malformed (``AND``, ``NEAR(``, unbalanced
quotes, 500 characters of ``*``), is ever read by FTS5 as its own syntax: ``"and"`` is a word.
Longer texts, or more than 12 words, are refused (InvalidInput): no name or post is that long.

Every word must match the beginning of a word of the names, posts or units (any order, any
column; posts and units words carry ``ORG_MARK`` in the index). The matches are then split
into disjoint tiers, best first:

====  ==========================================================================================
 6    typed with diacritics, every word matches the names *as typed* (names_exact), and whole
 5    typed with diacritics, every word matches the names as typed, some only as a prefix
 4    every word is a whole word of the names
 3    every word begins a word of the names
 2    every word is a whole word somewhere (names, posts, units), not all in the names
 1    the rest: some word only begins a word of a post or unit
====  ==========================================================================================

Tiers 6 and 5 exist only when the text carries a diacritic (or đ): "Ánh" ranks Ánh before Anh,
while "Anh" finds both alike. A one-letter word counts as whole (it is an initial: for
"nguyễn v an", Nguyễn Văn An is a whole-word match, Nguyễn Văn Anh a prefix one).
Must not import Qt.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from app.dossier.folding import exact, fold, words
from app.errors import InvalidInput
from storage.dossier_repo import ORG_MARK, fts_tokens

MAX_TEXT_CHARS = 500
MAX_WORDS = 12
_ORG = "{posts units}"


@dataclass(frozen=True, slots=True)
class Tier:
    score: int
    match: str


@dataclass(frozen=True, slots=True)
class Query:
    folded: tuple[str, ...]
    typed: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not self.folded

    @property
    def marked(self) -> bool:
        """Typed with at least one diacritic (or đ)."""
        return bool(self.typed) and self.folded != self.typed

    def base(self) -> str:
        """Every word begins a word of some searched column: all the matches."""
        return _anywhere(self.folded, prefix=True)

    def tiers(self) -> list[Tier]:
        """Disjoint FTS5 expressions whose union is :meth:`base`, best first.

        Each tier names only what it needs: "every word begins a word of the names" implies the
        base match, so the base (whose words may be in every unit, like a province's name) is
        evaluated again only for the last tier."""
        names = _all("names", self.folded, prefix=True)
        names_full = _all("names", self.folded, prefix=False)
        full = _anywhere(self.folded, prefix=False)
        rest = Tier(1, f"({self.base()}) NOT (({names}) OR ({full}))")
        if not self.marked:
            return [
                Tier(4, names_full),
                Tier(3, f"({names}) NOT ({names_full})"),
                Tier(2, f"({full}) NOT ({names})"),
                rest,
            ]
        as_typed = _all("names_exact", self.typed, prefix=True)
        return [
            Tier(6, f"({names_full}) AND ({as_typed})"),
            Tier(5, f"(({names}) AND ({as_typed})) NOT ({names_full})"),
            Tier(4, f"({names_full}) NOT ({as_typed})"),
            Tier(3, f"({names}) NOT (({as_typed}) OR ({names_full}))"),
            Tier(2, f"({full}) NOT ({names})"),
            rest,
        ]


def _quoted(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _term(column: str, token: str, prefix: bool) -> str:
    """``token`` in ``column``: as the beginning of a word (``prefix``) or as a whole word —
    except a one-letter token, always an initial ("nguyễn v an"), never held against a row."""
    return f"{column} : {_quoted(token)}{'*' if prefix or len(token) == 1 else ''}"


def _all(column: str, tokens: tuple[str, ...], *, prefix: bool) -> str:
    """Every token in ``column``."""
    return " AND ".join(_term(column, t, prefix) for t in tokens)


def _anywhere(tokens: tuple[str, ...], *, prefix: bool) -> str:
    """Every token in the names, or (marked, see ``ORG_MARK``) in the posts or units."""
    return " AND ".join(
        f"({_term('names', t, prefix)} OR {_term(_ORG, ORG_MARK + t, prefix or len(t) == 1)})" for t in tokens
    )


def parse(text: str) -> Query:
    """The words of a search text; InvalidInput when it is too long to be a search."""
    if len(text) > MAX_TEXT_CHARS:
        raise InvalidInput("search.bad.too_long", length=len(text), max=MAX_TEXT_CHARS)
    folded: list[str] = []
    typed: list[str] = []
    for word in words(unicodedata.normalize("NFC", text)):
        # Each part the FTS tokenizer would see as a word is one token: "an_van" is two.
        folded.extend(t for t in fts_tokens(fold(word)) if ORG_MARK not in t)
        typed.extend(t for t in fts_tokens(exact(word)) if ORG_MARK not in t)
    if len(folded) > MAX_WORDS:
        raise InvalidInput("search.bad.too_many_words", count=len(folded), max=MAX_WORDS)
    return Query(tuple(folded), tuple(typed))
