"""The table of a statistics report as ReportLab flowables, laid out as the Party's forms are.

A "Tiêu chí" label column, then one leaf column per report column (three when the report is
compared with last year: this period, the same period last year, %), under a 2-level header when
columns share a ``group``, then a row of column numbers (1 for the labels, 2, 3 … for the
figures), then one row per line: indented by ``indent``, headings bold and without figures,
figures right-aligned. Header texts that do not fit their column are set rotated.

Wide tables (BM02/BNV: 37 columns, 111 when compared) are split by columns into parts, each
repeating the label column, cut at group boundaries where possible, so that no figure is set
smaller than 6.5 pt; every part repeats its header on each page. Must not import Qt.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, LongTable, Paragraph, TableStyle

from app.i18n import t
from app.pdf import fonts
from app.stats.service import Report

PAD = 1.3  # cell padding, points
MAX_LEAF = 26 * mm
ROTATED_MAX = 40 * mm  # longest rotated header line before it wraps
SUBS = ("now", "before", "change")


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def figure(value: float | None, decimal: bool, lang: str) -> str:
    """``1234`` → ``1.234``, ``12.5`` → ``12,5`` in Vietnamese (``1,234`` / ``12.5`` in English)."""
    if value is None:
        return ""
    text = f"{value:,.1f}" if decimal else f"{round(value):,d}"
    return text.translate(str.maketrans(",.", ".,")) if lang == "vi" else text


class Rotated(Flowable):  # type: ignore[misc]  # ReportLab is untyped
    """A paragraph turned a quarter left (read bottom to top), for a narrow column's header."""

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.text, self.style = text, style
        self.para = Paragraph(text, style)
        self.length = self.thick = 0.0

    def wrap(self, _aw: float, _ah: float) -> tuple[float, float]:
        loose = Paragraph(self.text, ParagraphStyle("r", parent=self.style, alignment=TA_LEFT))
        loose.wrap(ROTATED_MAX, 10_000)
        self.length = max(loose.getActualLineWidths0()) + 0.5
        _, self.thick = self.para.wrap(self.length, 10_000)
        return self.thick, self.length

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.rotate(90)
        self.para.drawOn(self.canv, 0, -self.thick)
        self.canv.restoreState()


@dataclass(frozen=True, slots=True)
class Sizes:
    font: float
    label: float  # label column width
    usable: float  # page width between the margins

    @property
    def leading(self) -> float:
        return self.font * 1.2


def sizes(report: Report, usable: float) -> Sizes:
    leaves = len(report.table.columns) * (3 if report.before is not None else 1)
    font = 9.0 if leaves <= 8 else 8.0 if leaves <= 18 else 6.5
    widths = [
        stringWidth(r.label, fonts.SANS_BOLD if r.heading else fonts.SANS, font) + r.indent * font
        for r in report.table.rows
    ]
    cap = 105 * mm if leaves <= 8 else 70 * mm if leaves <= 18 else 50 * mm
    return Sizes(font, min(max(max(widths, default=0.0) + 2 * PAD + 1, 38 * mm), cap), usable)


def _value(report: Report, row: int, col: int, sub: str) -> float | None:
    if sub == "before":
        return report.before.values[row][col] if report.before is not None else None
    if sub == "change":
        return report.change[row][col] if report.change is not None else None
    return report.table.values[row][col]


def _decimal(report: Report, row: int, col: int, sub: str) -> bool:
    table = report.table
    return (
        sub == "change" or table.columns[col].measure == "share" or table.rows[row].measure == "average_age"
    )


def _subs(report: Report) -> tuple[str, ...]:
    return SUBS if report.before is not None else ("now",)


def _header_text(report: Report, col: int, sub: str) -> str:
    if report.before is None:
        return report.table.columns[col].label
    name = {"now": "stats.this_period", "before": "stats.last_year"}.get(sub, "stats_pdf.change")
    return t(name, report.lang)


def _min_leaf(report: Report, col: int, sub: str, sz: Sizes) -> float:
    """The narrowest a leaf may be: its widest figure, or its header set rotated."""
    texts = [
        figure(_value(report, r, col, sub), _decimal(report, r, col, sub), report.lang)
        for r in range(len(report.table.rows))
    ]
    widest = max((stringWidth(x, fonts.SANS, sz.font) for x in texts), default=0.0)
    lines = len(simpleSplit(_header_text(report, col, sub), fonts.SANS_BOLD, sz.font, ROTATED_MAX))
    return float(max(max(widest, lines * sz.leading) + 2 * PAD + 0.5, 5.2 * mm))


def _blocks(report: Report) -> list[list[int]]:
    """Runs of columns under the same group (a column without a group is a run of its own)."""
    columns = report.table.columns
    blocks: list[list[int]] = []
    for c, col in enumerate(columns):
        if blocks and col.group and columns[blocks[-1][-1]].group == col.group:
            blocks[-1].append(c)
        else:
            blocks.append([c])
    return blocks


def _pack(blocks: list[list[int]], width: list[float], room: float) -> list[list[int]]:
    out: list[list[int]] = [[]]
    for block in blocks:
        if out[-1] and sum(width[c] for c in out[-1] + block) > room:
            out.append([])
        for c in block:
            if out[-1] and sum(width[x] for x in out[-1]) + width[c] > room:
                out.append([])
            out[-1].append(c)
    return out


def parts(report: Report, sz: Sizes) -> list[list[int]]:
    """The report's columns in as few parts as fit the page beside the label column, cut at
    group boundaries where possible and of about equal width."""
    subs = _subs(report)
    room = sz.usable - sz.label
    width = [sum(_min_leaf(report, c, s, sz) for s in subs) for c in range(len(report.table.columns))]
    blocks = _blocks(report)
    packed = _pack(blocks, width, room)
    target = sum(width) / len(packed)
    while target < room:  # the narrowest part width that still needs no more parts
        even = _pack(blocks, width, target)
        if len(even) <= len(packed):
            return even
        target *= 1.04
    return packed


def _styles(sz: Sizes) -> dict[str, ParagraphStyle]:
    fonts.register()
    base = ParagraphStyle("c", fontName=fonts.SANS, fontSize=sz.font, leading=sz.leading)
    return {
        "label": base,
        "heading": ParagraphStyle("h", parent=base, fontName=fonts.SANS_BOLD),
        "head": ParagraphStyle("H", parent=base, fontName=fonts.SANS_BOLD, alignment=TA_CENTER),
    }


def _fits(text: str, width: float, style: ParagraphStyle, most: int) -> bool:
    inner = width - 2 * PAD
    words = text.split()
    if any(stringWidth(w, style.fontName, style.fontSize) > inner for w in words):
        return False
    return len(simpleSplit(text, style.fontName, style.fontSize, inner)) <= most


def _head(text: str, width: float, style: ParagraphStyle, most: int = 3) -> Flowable:
    """A header cell: wrapped on at most ``most`` lines, else rotated."""
    return Paragraph(esc(text), style) if _fits(text, width, style, most) else Rotated(esc(text), style)


def part_table(
    report: Report, cols: list[int], sz: Sizes, numbering: dict[tuple[int, str], int]
) -> LongTable:
    """One part of the table: the label column and the leaves of ``cols``."""
    table, lang, st = report.table, report.lang, _styles(sz)
    subs = _subs(report)
    leaves = [(c, s) for c in cols for s in subs]
    mins = [_min_leaf(report, c, s, sz) for c, s in leaves]
    room = sz.usable - sz.label
    uniform = max(mins)
    widths = [uniform] * len(mins) if uniform * len(mins) <= room else mins
    extra = (room - sum(widths)) / len(widths)
    widths = [min(w + extra, max(MAX_LEAF, w)) for w in widths]
    label_w = min(sz.usable - sum(widths), max(sz.label, 110 * mm if len(leaves) <= 4 else sz.label))
    grouped = any(table.columns[c].group for c in cols)
    header = int(grouped) + 1 + int(len(subs) > 1)
    n_cols = 1 + len(leaves)
    grid: list[list[object]] = [["" for _ in range(n_cols)] for _ in range(header + 1)]
    style: list[tuple[object, ...]] = [("SPAN", (0, 0), (0, header - 1))]
    grid[0][0] = Paragraph(esc(t("stats.criterion", lang)), st["head"])
    grid[header][0] = "1"
    x = 1
    for i, c in enumerate(cols):
        col = table.columns[c]
        span = len(subs)
        w = sum(widths[x - 1 : x - 1 + span])
        top = int(grouped)
        if grouped and col.group and (i == 0 or table.columns[cols[i - 1]].group != col.group):
            run = 1
            while i + run < len(cols) and table.columns[cols[i + run]].group == col.group:
                run += 1
            gw = sum(widths[x - 1 : x - 1 + run * span])
            grid[0][x] = _head(col.group, gw, st["head"], 6)
            style.append(("SPAN", (x, 0), (x + run * span - 1, 0)))
        elif grouped and not col.group:
            top = 0
        grid[top][x] = _head(col.label, w, st["head"])
        style.append(("SPAN", (x, top), (x + span - 1, int(grouped))))
        for k, sub in enumerate(subs):
            if len(subs) > 1:
                grid[header - 1][x + k] = _head(_header_text(report, c, sub), widths[x - 1 + k], st["head"])
            grid[header][x + k] = str(numbering[(c, sub)])
        x += span
    for r, row in enumerate(table.rows):
        label = Paragraph(
            esc(row.label),
            ParagraphStyle(
                "i", parent=st["heading" if row.heading else "label"], leftIndent=row.indent * sz.font
            ),
        )
        figures = [figure(_value(report, r, c, s), _decimal(report, r, c, s), lang) for c, s in leaves]
        grid.append([label, *figures])  # a heading's values are None: no figures
    style += [
        ("GRID", (0, 0), (-1, -1), 0.35, colors.Color(0.25, 0.25, 0.25)),
        ("BACKGROUND", (0, 0), (-1, header - 1), colors.Color(0.93, 0.93, 0.93)),
        ("FONT", (0, 0), (-1, -1), fonts.SANS, sz.font, sz.leading),
        ("FONT", (0, header), (-1, header), fonts.SERIF_ITALIC, sz.font - 0.5, sz.leading),
        ("ALIGN", (0, 0), (-1, header), "CENTER"),
        ("VALIGN", (0, 0), (-1, header - 1), "MIDDLE"),
        ("ALIGN", (1, header + 1), (-1, -1), "RIGHT"),
        ("VALIGN", (0, header + 1), (-1, -1), "MIDDLE"),
        *[(side, (0, 0), (-1, -1), PAD) for side in ("LEFTPADDING", "RIGHTPADDING")],
        *[(side, (0, 0), (-1, -1), PAD * 0.8) for side in ("TOPPADDING", "BOTTOMPADDING")],
        *[(side, (0, 0), (-1, header - 1), 2.5) for side in ("TOPPADDING", "BOTTOMPADDING")],
    ]
    out = LongTable(grid, colWidths=[label_w, *widths], repeatRows=header + 1, hAlign="CENTER")
    out.setStyle(TableStyle(style))
    return out


def tables(report: Report, usable: float) -> list[tuple[int, int, LongTable]]:
    """The table in as many parts as the page width needs: (first and last column number, the
    flowable) per part."""
    sz = sizes(report, usable)
    numbering = {(c, s): 0 for c in range(len(report.table.columns)) for s in _subs(report)}
    for n, key in enumerate(numbering, start=2):
        numbering[key] = n
    subs = _subs(report)
    return [
        (
            numbering[(cols[0], subs[0])],
            numbering[(cols[-1], subs[-1])],
            part_table(report, cols, sz, numbering),
        )
        for cols in parts(report, sz)
    ]
