"""A statistics report as a PDF laid out as the Party's statistical forms: A4 landscape, the
committee and "BAN TỔ CHỨC" top left, the form number and unit top right, the title in capitals,
the reference date and, in small print, the definition's version and legal basis; then the table
(``pdf_table``), the charts (``pdf_charts``: two rows to a page, two half-width charts or one wide
bar chart to a row) and the signature block of the forms
(the preparer and the head of the commission), kept on one page. Every page says "Trang x/y".

Only figures and labels are printed, never a person. The same report gives the same bytes
(ReportLab's invariant mode: no creation time, fixed document id). Must not import Qt.
"""

from __future__ import annotations

import io
from datetime import date
from functools import partial
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app.dossier.folding import fold
from app.dossier.rules import plus_years
from app.i18n import t
from app.pdf import fonts
from app.stats import pdf_charts, pdf_table
from app.stats.pdf_table import esc
from app.stats.service import Report

PAGE = landscape(A4)
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 10 * mm, 11 * mm, 13 * mm
USABLE = PAGE[0] - 2 * MARGIN_X - 12  # the frame pads 6 pt each side
CHART_HEIGHT = 80 * mm
_COMMITTEES = ("tinh uy", "thanh uy", "huyen uy", "dang uy", "provincial", "party committee")
_FLAT = TableStyle(
    [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        *[(f"{side}PADDING", (0, 0), (-1, -1), 0) for side in ("LEFT", "RIGHT", "TOP", "BOTTOM")],
    ]
)
_UNITS = {"người": "stats_pdf.unit.people", "hồ sơ": "stats_pdf.unit.dossiers"}


def _style(name: str, font: str, size: float, align: int = TA_CENTER, **kw: Any) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.25, alignment=align, **kw)


def committee(organisation: str, lang: str) -> str:
    """The top-left line: "TỈNH ỦY THÁI NGUYÊN" (the organisation is used whole when it already
    names a committee; "TỈNH ỦY ……" when it is empty)."""
    name = " ".join(organisation.split())
    if name and fold(name).startswith(_COMMITTEES):
        return name.upper()
    return t("stats_pdf.committee", lang, name=name.upper() or "……")


def _day(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _p(text: str, font: str, size: float, align: int = TA_CENTER) -> Paragraph:
    return Paragraph(esc(text), _style("p", font, size, align))


def _heading(report: Report, organisation: str) -> list[Flowable]:
    lang, definition = report.lang, report.definition
    left = [
        _p(committee(organisation, lang), fonts.SERIF, 10.5),
        _p(t("stats_pdf.board", lang), fonts.SERIF_BOLD, 10.5),
        _p("*", fonts.SERIF, 9),
    ]
    form, _, note = definition.form.partition(" (")
    right = [_p(form, fonts.SERIF_BOLD, 10, TA_RIGHT)]
    if note:
        right.append(_p("(" + note, fonts.SERIF_ITALIC, 7.5, TA_RIGHT))
    unit_key = _UNITS.get(definition.unit.lower())
    unit = t(unit_key, lang) if unit_key else definition.unit
    if unit:
        right.append(_p(t("stats_pdf.unit", lang, unit=unit), fonts.SERIF_ITALIC, 9.5, TA_RIGHT))
    title = [
        _p(definition.text(lang).upper(), fonts.SERIF_BOLD, 13.5),
        _p(f"{t('stats.as_of', lang)} {_day(report.on)}", fonts.SERIF_ITALIC, 10.5),
    ]
    if report.before is not None:
        title.append(
            _p(t("stats_pdf.compared", lang, date=_day(plus_years(report.on, -1))), fonts.SERIF_ITALIC, 9)
        )
    block = Table([[left, title, right]], colWidths=[68 * mm, USABLE - 126 * mm, 58 * mm], style=_FLAT)
    effective = "/".join(reversed(definition.effective.split("-")))
    small = t("stats_pdf.basis", lang, version=definition.version, effective=effective)
    small += f" {definition.legal_basis}" if definition.legal_basis else ""
    return [block, Spacer(1, 1.5 * mm), _p(small, fonts.SERIF_ITALIC, 7.5), Spacer(1, 3 * mm)]


def _table(report: Report) -> list[Flowable]:
    parts = pdf_table.tables(report, USABLE)
    out: list[Flowable] = []
    for n, (first, last, table) in enumerate(parts, start=1):
        if len(parts) > 1:
            if n > 1:
                out.append(CondPageBreak(80 * mm))  # a new page unless a good part of it is left
            note = t("stats_pdf.part", report.lang, part=n, parts=len(parts), first=first, last=last)
            out += [_p(note, fonts.SERIF_ITALIC, 8.5, TA_LEFT), Spacer(1, 1.5 * mm)]
        out.append(table)
    return out


def _charts(report: Report) -> list[Flowable]:
    """The charts two to a row (one when it needs the whole width), two rows to a page."""
    series = report.charts()
    if not series:
        return []
    out: list[Flowable] = [
        PageBreak(),
        _p(t("stats_pdf.charts", report.lang), fonts.SERIF_BOLD, 11.5),
        Spacer(1, 2 * mm),
    ]
    half = USABLE / 2
    pending: list[Flowable] = []

    def flush() -> None:
        if pending:
            row = Table([[*pending, ""][:2]], colWidths=[half, half], style=_FLAT)
            out.extend([row, Spacer(1, 4 * mm)])
            pending.clear()

    for s in series:
        if pdf_charts.wide(s):
            flush()
            out.extend([pdf_charts.drawing(s, USABLE, CHART_HEIGHT, report.lang), Spacer(1, 4 * mm)])
        else:
            pending.append(pdf_charts.drawing(s, half - 4, CHART_HEIGHT, report.lang))
            if len(pending) == 2:
                flush()
    flush()
    return out


def _signatures(lang: str) -> Flowable:
    def block(title: str, note: str) -> list[Flowable]:
        return [
            _p(t(title, lang), fonts.SERIF_BOLD, 10.5),
            _p(t(note, lang), fonts.SERIF_ITALIC, 9),
        ]

    place = _p(t("stats_pdf.place_date", lang), fonts.SERIF_ITALIC, 10)
    half = USABLE / 2
    grid = Table(
        [
            ["", place],
            [
                block("stats_pdf.maker", "stats_pdf.maker_note"),
                block("stats_pdf.head", "stats_pdf.head_note"),
            ],
            ["", ""],
        ],
        colWidths=[half, half],
        rowHeights=[None, None, 24 * mm],
    )
    grid.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 30),
                ("RIGHTPADDING", (0, 0), (-1, -1), 30),
            ]
        )
    )
    return KeepTogether([Spacer(1, 6 * mm), grid])


class _Numbered(Canvas):  # type: ignore[misc]  # ReportLab is untyped
    """A canvas that holds its pages back until the end so that each can say "Trang x/y"."""

    def __init__(self, *args: Any, footer: str = "", language: str = "vi", **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.footer, self.language = footer, language
        self.pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self.pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        for n, state in enumerate(self.pages, start=1):
            self.__dict__.update(state)
            self.setFont(fonts.SANS, 7.5)
            self.setFillGray(0.35)
            self.drawString(MARGIN_X + 6, 7 * mm, self.footer)
            self.drawRightString(
                PAGE[0] - MARGIN_X - 6,
                7 * mm,
                t("stats_pdf.page", self.language, page=n, pages=len(self.pages)),
            )
            super().showPage()
        super().save()


def to_pdf(report: Report, *, organisation: str = "") -> bytes:
    """The report as PDF bytes; ``organisation`` names the committee at the top left."""
    fonts.register()
    lang = report.lang
    definition = report.definition
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=PAGE,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=definition.text(lang),
        author="",
        subject=definition.form,
        creator="HoSo",
        invariant=1,
        lang=lang,
    )
    footer = " · ".join(x for x in (definition.form, f"{t('stats.as_of', lang)} {_day(report.on)}") if x)
    story = [*_heading(report, organisation), *_table(report), *_charts(report), _signatures(lang)]
    doc.build(story, canvasmaker=partial(_Numbered, footer=footer, language=lang))
    return buffer.getvalue()
