"""Matching a text against the copy register by its text variants (watermark layer 4).

A copy's text shows, at each variant point that fires in every extract, the alternative drawn for
it (:func:`app.extract.variants.markers`). For each registered copy and each such point, the
text *agrees* when it holds the copy's own marker and no other alternative's, *contradicts* when
it holds another alternative's marker and not the copy's own, and says nothing otherwise (a
fragment, a typist who dropped the line). The alternatives' markers are made by switching that
one point of the copy's own record, since some markers embed a neighbouring point's choice.

Copies with any contradiction are out. Of the rest, those whose cadre's name appears in the
text come first (the name prints on page 1 of every extract; an extract carries ~11 bits of
variants, so the name is what makes the answer unique among thousands of copies). The answer is
a match only when exactly one copy is left with at least :data:`MIN_AGREEING` agreeing points;
otherwise the shortlist is returned for the inspector. A text match is evidence, not proof:
it is reported with ``authentic`` false. Must not import Qt.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from app.extract.variants import POINTS, Variants, markers
from storage.copy_repo import CopyRow

MIN_AGREEING = 5  # points agreeing before a single remaining copy counts as a match
SHORTLIST = 10

_SPACES = re.compile(r"[ \t\u00a0]+")
_INDEX = {p.key: i for i, p in enumerate(POINTS)}


def normalise(text: str) -> str:
    """NFC, runs of spaces and tabs (and no-break spaces) to one space; newlines kept."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text))


@dataclass(frozen=True, slots=True)
class Evidence:
    serial: str
    agreeing: int
    contradicting: int
    named: bool  # the copy's cadre name appears in the text


@dataclass(frozen=True, slots=True)
class TextMatch:
    """``serial`` when one copy is identified; ``shortlist`` holds the best candidates either way."""

    serial: str | None
    shortlist: tuple[Evidence, ...]


def _alternatives(v: Variants, layout: str, key: str) -> list[str]:
    """The marker of point ``key`` under every other alternative, the rest of ``v`` unchanged."""
    index = _INDEX[key]
    out = []
    for alt in range(len(POINTS[index].alternatives)):
        if alt != v.choices[index]:
            switched = replace(v, choices=(*v.choices[:index], alt, *v.choices[index + 1 :]))
            out.append(markers(switched, layout)[key])
    return out


def evidence(text: str, row: CopyRow, cadre: str = "") -> Evidence:
    """How the (normalised) ``text`` stands against the copy ``row``."""
    v = Variants.from_record(row.variants)
    agreeing = contradicting = 0
    for key, own in markers(v, row.layout).items():
        has_own = own in text
        has_other = any(m in text for m in _alternatives(v, row.layout, key))
        agreeing += has_own and not has_other
        contradicting += has_other and not has_own
    named = bool(cadre) and normalise(cadre).casefold() in text.casefold()
    return Evidence(row.serial, agreeing, contradicting, named)


def match_text(text: str, rows: Sequence[CopyRow], cadres: Mapping[int, str]) -> TextMatch:
    """The copy ``text`` comes from, if the variants and the cadre's name single one out.

    ``cadres`` maps dossier ids to the cadre's full name."""
    text = normalise(text)
    found = [evidence(text, row, cadres.get(row.dossier_id, "")) for row in rows]
    alive = [e for e in found if not e.contradicting and e.agreeing]
    if any(e.named for e in alive):
        alive = [e for e in alive if e.named]
    alive.sort(key=lambda e: -e.agreeing)
    best = alive[0] if alive else None
    unique = best is not None and best.agreeing >= MIN_AGREEING and len(alive) == 1
    return TextMatch(best.serial if unique and best else None, tuple(alive[:SHORTLIST]))
