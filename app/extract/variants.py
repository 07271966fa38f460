"""Per-copy text variants (spec/extracts.md, watermark layer 4): the versioned catalogue of variant
points and the choice made for one copy.

A *variant point* is a place in a printed extract where two or more wordings mean the same thing:
an abbreviation ("Thành phố" / "TP."), a list separator ("; " / ", "), "Không" / "Không có" for an
empty item, a table header ("Tháng/năm" / "Tháng, năm"), a line break. Every copy draws one
alternative per point from 32 random bytes; the register keeps :meth:`Variants.record`, so a copy
that comes back — even retyped, which destroys the QR and the dot lattice — can be matched by the
wordings it shows. Alternative 0 is the default wording (the official forms' own where they
have one).

Catalogue version 1 has 32 points (:data:`POINTS`). Each point says whether it fires in *every*
extract (``every``: the extract heading, the scope line, the name line and the closing line print
whatever the sections and the data) or only when its data is printed, and whether it survives
retyping (a typist copies words and abbreviations faithfully; spacing and line breaks are lost).

:func:`markers` gives, for the points that fire in every extract, the exact text that shows which
alternative a copy carries. The trace tool matches a text (``pdftotext`` of a PDF, OCR of a scan,
a retyped copy) against each registered copy's markers after NFC-normalising both and collapsing
runs of spaces and tabs (not newlines) to one space; markers of different alternatives of one
point are never substrings of each other, even ignoring case. Points whose ``survives_retyping``
is False (``layout.scope_break``) only tell apart PDF text and scans, not retyped copies. The
data-dependent points (places, dates, numbers, family labels …) are matched by rendering the
registered copy again and comparing. Must not import Qt.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.errors import IntegrityViolation

VERSION = 1
DRAW_BYTES = 32


@dataclass(frozen=True, slots=True)
class Point:
    """One variant point: its alternatives (index 0 = the official wording) and how it behaves."""

    key: str
    alternatives: tuple[str, ...]
    every: bool  # fires in every extract, whatever the sections and the data
    survives_retyping: bool
    note: str


def _p(key: str, alts: tuple[str, ...], every: bool, retype: bool, note: str) -> Point:
    return Point(key, alts, every, retype, note)


#: Catalogue version 1. Never reorder or change alternatives: registered copies refer to them by index.
POINTS: tuple[Point, ...] = (
    # -- fire in every extract (heading block, name line, closing line)
    _p("heading.subtitle", ("(Bản trích sao)", "(Trích sao)"), True, True, "line under the title"),
    _p(
        "heading.scope_intro",
        ("Các mục được trích sao:", "Gồm các mục:", "Nội dung trích sao:"),
        True,
        True,
        "start of the scope line",
    ),
    _p("heading.scope_ref", ("(mục {n})", "(mục số {n})"), True, True, "item numbers in the scope line"),
    _p("list.sep", ("; ", ", "), True, True, "separator of the scope line and of value lists"),
    _p("name.label", ("Họ và tên khai sinh", "Họ tên khai sinh"), True, True, "label of item 1"),
    _p(
        "name.caps_hint",
        (" (viết chữ in hoa)", " (chữ in hoa)", ""),
        True,
        True,
        "hint after the label of item 1",
    ),
    _p("item.numbering", ("{n})", "{n}."), True, True, "numbers of the form's items"),
    _p(
        "closing.text",
        ("Hết phần trích sao", "Phần trích sao đến đây là hết", "Hết nội dung trích sao"),
        True,
        True,
        "closing line of the extract",
    ),
    _p(
        "layout.scope_break",
        ("cùng dòng", "xuống dòng"),
        True,
        False,
        "scope list after the intro or below it",
    ),
    # -- fire in every extract of some layouts (form header)
    _p("form.code_word", ("Mẫu {code}", "Mẫu số {code}"), False, True, "form code (2c-tctw, 2c-bnv)"),
    _p("form.basis_word", ("Ban hành kèm theo", "Kèm theo"), False, True, "issuing line (tt06, 2c-bnv)"),
    _p("date.zero", ("dd/mm/yyyy", "d/m/yyyy"), False, True, "leading zeros of days and months"),
    # -- fire when their data is printed
    _p("birth.style", ("dd/mm/yyyy", "ngày … tháng … năm …"), False, True, "date of birth"),
    _p("place.thanh_pho", ("thành phố", "TP."), False, True, "addresses"),
    _p("place.tinh", ("tỉnh", "T."), False, True, "addresses"),
    _p("place.huyen", ("huyện", "H."), False, True, "addresses"),
    _p("place.quan", ("quận", "Q."), False, True, "addresses"),
    _p("place.thi_xa", ("thị xã", "TX."), False, True, "addresses"),
    _p("place.thi_tran", ("thị trấn", "TT."), False, True, "addresses"),
    _p("place.phuong", ("phường", "P."), False, True, "addresses"),
    _p("place.xa", ("xã", "X."), False, True, "addresses"),
    _p("empty.text", ("Không", "Không có"), False, True, "an item or table with nothing recorded"),
    _p("table.month_year", ("tháng/năm", "tháng, năm"), False, True, "period column headers"),
    _p("family.father", ("Bố", "Cha"), False, True, "relation column of the family tables"),
    _p("number.decimal", (",", "."), False, True, "decimal mark of coefficients and areas"),
    _p("number.group", (".", " "), False, True, "thousands separator of amounts"),
    _p("unit.area", ("m²", "m2"), False, True, "areas"),
    _p("unit.currency", ("đồng", "đ"), False, True, "amounts of money"),
    _p("health.height", ("{cm} cm", "{m}m{cm2}"), False, True, "height: 158 cm or 1m58"),
    _p("page.word", ("Trang", "Tr."), False, True, "for the caller's page numbers"),
    _p("layout.part_break", ("cùng dòng", "xuống dòng"), False, False, "parts of an item on one line or not"),
    _p("layout.heading_gap", ("6", "10"), False, False, "space (pt) above section headings"),
)

_BY_KEY: dict[str, Point] = {p.key: p for p in POINTS}

# Place words: the point, the abbreviation pattern, the full word (longest words first).
_PLACES: tuple[tuple[str, str, str], ...] = (
    ("place.thanh_pho", "TP", "thành phố"),
    ("place.thi_tran", "TT", "thị trấn"),
    ("place.thi_xa", "TX", "thị xã"),
    ("place.phuong", "P", "phường"),
    ("place.huyen", "H", "huyện"),
    ("place.quan", "Q", "quận"),
    ("place.tinh", "T", "tỉnh"),
    ("place.xa", "X", "xã"),
)
# A place word counts only where an address part starts (text start, after ", ", "; ", "- " or "(")
# and before a name (a capital letter or a digit): "xã hội", "Tỉnh ủy", "Tứ Xã" stay as they are.
_PLACE_RE = re.compile(
    r"(?:^|(?<=, )|(?<=; )|(?<=- )|(?<=\())"
    r"(?P<word>" + "|".join(rf"{a}\.|{w}" for _, a, w in _PLACES) + r") ?(?=(?P<next>\w))",
    re.IGNORECASE,
)
_WORD_POINT = {w: (k, a) for k, a, w in _PLACES} | {a.lower() + ".": (k, a) for k, a, w in _PLACES}


def point(key: str) -> Point:
    """The point ``key`` of the catalogue (KeyError when there is none)."""
    return _BY_KEY[key]


@dataclass(frozen=True)
class Variants:
    """The alternative chosen at every point of the catalogue, for one copy."""

    choices: tuple[int, ...]  # aligned with POINTS

    def __post_init__(self) -> None:
        if len(self.choices) != len(POINTS):
            raise ValueError(f"expected {len(POINTS)} choices, got {len(self.choices)}")
        for p, index in zip(POINTS, self.choices, strict=True):
            if not 0 <= index < len(p.alternatives):
                raise ValueError(f"choice {index} out of range for {p.key}")

    @classmethod
    def official(cls) -> Variants:
        """Every point at alternative 0: the official forms' own wording."""
        return cls(tuple(0 for _ in POINTS))

    @classmethod
    def draw(cls, rng_bytes: bytes) -> Variants:
        """The choices made from 32 random bytes (each point hashed separately, so uniform)."""
        if not isinstance(rng_bytes, bytes) or len(rng_bytes) != DRAW_BYTES:
            raise ValueError(f"need exactly {DRAW_BYTES} random bytes")
        picks = []
        for p in POINTS:
            digest = hashlib.sha256(b"hoso.variants.v1\x00" + p.key.encode() + b"\x00" + rng_bytes).digest()
            picks.append(int.from_bytes(digest[:8], "big") % len(p.alternatives))
        return cls(tuple(picks))

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Variants:
        """The variants a register entry recorded (IntegrityViolation when it is not one).

        A point absent from the record takes alternative 0 (``{"version": 1, "choices": {}}`` is
        the official wording everywhere); an unknown point or an index out of range is refused.
        """

        def bad(detail: str) -> IntegrityViolation:
            return IntegrityViolation("extract_layouts.variants.bad_record", detail=detail)

        if not isinstance(record, Mapping) or record.get("version") != VERSION:
            raise bad("version")
        choices = record.get("choices")
        if not isinstance(choices, Mapping):
            raise bad("choices")
        unknown = sorted(str(k) for k in set(choices) - set(_BY_KEY))
        if unknown:
            raise bad(unknown[0])
        picks = []
        for p in POINTS:
            index = choices.get(p.key, 0)
            if type(index) is not int or not 0 <= index < len(p.alternatives):
                raise bad(p.key)
            picks.append(index)
        return cls(tuple(picks))

    def record(self) -> dict[str, Any]:
        """``{"version": 1, "choices": {point: index}}`` for the copy register (JSON-able)."""
        return {"version": VERSION, "choices": {p.key: i for p, i in zip(POINTS, self.choices, strict=True)}}

    def index(self, key: str) -> int:
        """The index of the alternative chosen at point ``key``."""
        return self.choices[POINTS.index(_BY_KEY[key])]

    def pick(self, key: str, **params: Any) -> str:
        """The chosen alternative's text at point ``key``, with ``{name}`` filled from ``params``."""
        text = _BY_KEY[key].alternatives[self.index(key)]
        return text.format(**params) if params else text

    def place(self, text: str) -> str:
        """``text`` (an address or place) with each place word written the chosen way.

        Both ways in are recognised ("phường Linh Sơn", "P. Linh Sơn"): the full word keeps the
        case it was written in (or is capitalised at the start of the text), the abbreviation is
        always the capital one.
        """

        def swap(m: re.Match[str]) -> str:
            word, after = m.group("word"), m.group("next")
            if not (after.isupper() or after.isdigit()):
                return m.group(0)
            key, abbr = _WORD_POINT[word.lower()]
            if self.index(key):
                return abbr + ". "
            if not word.endswith("."):
                return word + " "
            full = _BY_KEY[key].alternatives[0]
            return (full[:1].upper() + full[1:] if m.start() == 0 else full) + " "

        return _PLACE_RE.sub(swap, text)


def markers(v: Variants, layout: str | None = None) -> dict[str, str]:
    """For each point that fires in every extract, the exact text showing ``v``'s choice there.

    With ``layout`` (``tt06``, ``2c-tctw``, ``2c-bnv``) the points that fire in every extract of
    that layout (its header) are added. See the module docstring for how to match them.
    """
    first = f"Họ và tên {v.pick('heading.scope_ref', n=1)}"
    intro = v.pick("heading.scope_intro")
    out = {
        "heading.subtitle": v.pick("heading.subtitle"),
        "heading.scope_intro": intro,
        "heading.scope_ref": first,
        "list.sep": first + v.pick("list.sep").rstrip(),
        "name.label": v.pick("name.label"),
        "name.caps_hint": "khai sinh" + v.pick("name.caps_hint") + ":",
        "item.numbering": v.pick("item.numbering", n=1) + " Họ",
        "closing.text": v.pick("closing.text"),
        "layout.scope_break": intro + ("\n" if v.index("layout.scope_break") else " ") + "Họ và tên",
    }
    if layout is not None:
        from app.extract.layouts.forms import FORMS  # the forms' header texts

        form = FORMS[layout]
        if form.code:
            out["form.code_word"] = v.pick("form.code_word", code=form.code)
        if form.basis:
            out["form.basis_word"] = "(" + v.pick("form.basis_word") + " "
            day, month, year = form.basis_date
            short = v.index("date.zero") == 1
            out["date.zero"] = f"ngày {day}/{month}/{year}" if short else f"ngày {day:02d}/{month:02d}/{year}"
    return out
