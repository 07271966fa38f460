"""The building blocks every extract layout uses: the layout context, paragraph styles (the serif
DejaVu family, like the official forms), numbered item lines ("1) Họ và tên khai sinh: …"),
sub-lines, section headings in capitals, long texts that split across pages, and data tables whose
header rows repeat on every page they continue on.

A :class:`Sheet` is one extract being built: it knows the dossier, the sections in scope, the
copy's variants and the frame width, and collects the flowables. Layouts ask :meth:`Sheet.has`
before printing anything of a section: a section outside the scope prints nothing at all.
Must not import Qt.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, LongTable, Paragraph, TableStyle

from app.dossier import document
from app.extract.layouts.forms import Form
from app.extract.variants import Variants
from app.pdf import fonts

BODY_SIZE = 10.5
CELL_SIZE = 9.0
HANG = 7 * mm  # hanging indent of a numbered item's continuation lines
HEADING_ROOM = 40 * mm  # a section heading starts a new page when less than this is left
SUB_ROOM = 28 * mm


@dataclass(frozen=True)
class LayoutContext:
    """What a layout needs besides the dossier: the copy's variants, the frame width in points,
    the portrait (a 3×4 JPEG, or None) and the language (always Vietnamese: the forms are)."""

    variants: Variants
    frame_width: float
    portrait: bytes | None = None
    lang: str = "vi"

    def __post_init__(self) -> None:
        if self.lang != "vi":
            raise ValueError("extracts follow the Vietnamese official forms: lang must be 'vi'")
        if self.frame_width < 100 * mm:
            raise ValueError("frame_width is in points and must be at least 100 mm")


@dataclass(frozen=True)
class Part:
    """One label/value pair of an item line. An empty value prints the copy's "Không" unless the
    part is ``optional`` (then it is left out)."""

    label: str
    value: str | None
    optional: bool = False


@dataclass(frozen=True)
class Col:
    """A data table column: header text, share of the frame width, alignment of its cells."""

    header: str
    width: float
    align: str = "LEFT"


@cache
def styles() -> Mapping[str, ParagraphStyle]:
    fonts.register()
    base = ParagraphStyle("body", fontName=fonts.SERIF, fontSize=BODY_SIZE, leading=14, spaceAfter=1.5)

    def make(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return {
        "body": base,
        "item": make("item", leftIndent=HANG, firstLineIndent=-HANG),
        "line": make("line", leftIndent=HANG + 4 * mm, firstLineIndent=-4 * mm),
        "cont": make("cont", leftIndent=HANG),
        "line2": make("line2", leftIndent=HANG + 9 * mm, firstLineIndent=-4 * mm),
        "text": make("text", leftIndent=HANG, alignment=TA_LEFT),
        "heading": make("heading", fontName=fonts.SERIF_BOLD, spaceAfter=3),
        "sub": make("sub", leftIndent=2 * mm, spaceBefore=3, spaceAfter=2),
        "title": make("title", fontName=fonts.SERIF_BOLD, fontSize=15, leading=19, alignment=TA_CENTER),
        "center": make("center", alignment=TA_CENTER),
        "center_bold": make("center_bold", fontName=fonts.SERIF_BOLD, alignment=TA_CENTER),
        "center_italic": make(
            "center_italic", fontName=fonts.SERIF_ITALIC, fontSize=9.5, alignment=TA_CENTER
        ),
        "small": make("small", fontSize=9.5, leading=12.5),
        "cell": make("cell", fontSize=CELL_SIZE, leading=11, spaceAfter=0),
        "cell_center": make("cell_center", fontSize=CELL_SIZE, leading=11, spaceAfter=0, alignment=TA_CENTER),
        "head": make(
            "head", fontName=fonts.SERIF_BOLD, fontSize=8.5, leading=10.5, spaceAfter=0, alignment=TA_CENTER
        ),
    }


def esc(value: str) -> str:
    """``value`` as Paragraph markup: XML-escaped, line breaks kept."""
    return escape(value).replace("\n", "<br/>")


class Sheet:
    """One extract being built."""

    def __init__(
        self, form: Form, doc: Mapping[str, Any], sections: frozenset[str], ctx: LayoutContext
    ) -> None:
        self.form = form
        self.doc = doc
        self.sections = sections
        self.ctx = ctx
        self.v = ctx.variants
        self.width = ctx.frame_width
        self.st = styles()
        self.flow: list[Flowable] = []

    # ------------------------------------------------------------ data

    def has(self, *keys: str) -> bool:
        """Whether any of the sections ``keys`` is in scope."""
        return any(k in self.sections for k in keys)

    def get(self, path: str) -> Any:
        value = document.get(dict(self.doc), path)
        return None if document.is_empty(value) else value

    def rows(self, key: str, sub: str | None = None) -> list[Mapping[str, Any]]:
        value = self.doc.get(key)
        if sub is not None:
            value = value.get(sub) if isinstance(value, Mapping) else None
        return [r for r in value if isinstance(r, Mapping)] if isinstance(value, list) else []

    @property
    def empty(self) -> str:
        return self.v.pick("empty.text")

    def num(self, n: str) -> str:
        return self.v.pick("item.numbering", n=n)

    # ------------------------------------------------------------ paragraphs

    def add(self, *flowables: Flowable) -> None:
        self.flow.extend(flowables)

    def parts_markup(self, parts: Sequence[Part]) -> str:
        shown = []
        for part in parts:
            if not part.value and part.optional:
                continue
            value = f"<b>{esc(part.value)}</b>" if part.value else esc(self.empty)
            shown.append(f"{esc(part.label)}: {value}" if part.label else value)
        gap = "<br/>" if self.v.index("layout.part_break") else "&nbsp;&nbsp;&nbsp; "
        return gap.join(shown)

    def item(self, n: str | None, *parts: Part) -> Paragraph:
        """A numbered item line of the form (``n`` None: an unnumbered line at item level)."""
        body = self.parts_markup(parts)
        para = Paragraph(f"{esc(self.num(n))} {body}" if n else body, self.st["item"])
        self.flow.append(para)
        return para

    def line(self, *parts: Part, dash: str = "- ", level: int = 1) -> None:
        """A sub-line under an item (``- Lý luận chính trị: …``; level 2: ``+ …`` under it)."""
        style = self.st["line2" if level > 1 else "line" if dash else "cont"]
        self.flow.append(Paragraph(esc(dash) + self.parts_markup(parts), style))

    def plain(self, text: str, style: str = "line") -> None:
        """A line of fixed text (no value)."""
        self.flow.append(Paragraph(esc(text), self.st[style]))

    def heading(self, n: str | None, title: str) -> None:
        """A section heading in capitals (``32) QUÁ TRÌNH ĐÀO TẠO, BỒI DƯỠNG``)."""
        gap = float(self.v.pick("layout.heading_gap"))
        style = ParagraphStyle(f"heading{gap}", parent=self.st["heading"], spaceBefore=gap)
        self.flow.append(CondPageBreak(HEADING_ROOM))
        self.flow.append(Paragraph(esc(f"{self.num(n)} {title}" if n else title), style))

    def sub(self, title: str) -> None:
        """A sub-heading (``32.1- Chuyên môn …``, ``a) Về bản thân: …``)."""
        self.flow.extend((CondPageBreak(SUB_ROOM), Paragraph(esc(title), self.st["sub"])))

    def long_text(self, value: Any, style: str = "text") -> None:
        """A free text, one paragraph per line so that it splits across pages."""
        text = str(value).strip() if value else ""
        if not text:
            self.flow.append(Paragraph(esc(self.empty), self.st[style]))
            return
        for chunk in text.splitlines():
            if chunk.strip():
                self.flow.append(Paragraph(esc(chunk.strip()), self.st[style]))

    # ------------------------------------------------------------ tables

    def month_year(self, capital: bool = True) -> str:
        word = self.v.pick("table.month_year")
        return word[:1].upper() + word[1:] if capital else word

    def table(self, cols: Sequence[Col], rows: Sequence[Sequence[str]], period: bool = False) -> None:
        """A data table; with ``period`` the first two columns are "Từ" and "Đến" under one
        "Tháng/năm" header, as on the TT 06 form. Header rows repeat on each page; rows split
        between pages. No rows: the copy's "Không" instead of an empty table."""
        if not rows:
            self.flow.append(Paragraph(esc(self.empty), self.st["text"]))
            return
        head = [Paragraph(esc(c.header), self.st["head"]) for c in cols]
        header: list[list[Any]] = [head]
        spans: list[tuple[Any, ...]] = []
        if period:
            top = [Paragraph(esc(self.month_year()), self.st["head"]), "", *head[2:]]
            header = [top, head[:2] + [""] * (len(cols) - 2)]
            spans = [("SPAN", (0, 0), (1, 0))] + [("SPAN", (i, 0), (i, 1)) for i in range(2, len(cols))]
        body = [
            [
                Paragraph(esc(cell), self.st["cell_center" if c.align == "CENTER" else "cell"])
                for c, cell in zip(cols, row, strict=True)
            ]
            for row in rows
        ]
        total = sum(c.width for c in cols)
        table = LongTable(
            header + body,
            colWidths=[self.width * c.width / total for c in cols],
            repeatRows=len(header),
            splitByRow=1,
            hAlign="LEFT",
        )
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    ("VALIGN", (0, 0), (-1, len(header) - 1), "MIDDLE"),
                    ("VALIGN", (0, len(header)), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                    *spans,
                ]
            )
        )
        self.flow.append(table)
