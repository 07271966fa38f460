"""What every page of a copy carries around the extract's text (spec/extracts.md "Marking").

Drawn at the start of each page, under the text: the dot lattice (one 1-bit image), then the
light diagonal watermark (one 1-bit image per copy, ``app.extract.watermark``). Then, in the
margins: the secrecy stamp at the top, "Bản sao số k/n" on the first page, the footer line with
copy number, reader and serial, and the page's QR token. "Trang x/y" needs the page count, so
:class:`MarkedCanvas` keeps each finished page and writes the numbers when the document is saved.
Must not import Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.extract.lattice_page import draw_lattice
from app.extract.watermark import draw_watermark
from app.pdf import fonts
from app.pdf.qr import draw_qr

PAGE_W, PAGE_H = A4
MARGIN_X = 20 * mm
TOP_RESERVE = 24 * mm
BOTTOM_RESERVE = 30 * mm
QR_SIZE = 22 * mm
STAMP_RED = Color(0.75, 0.0, 0.0)


@dataclass(frozen=True, slots=True)
class Furniture:
    """The per-copy texts and codes drawn on each page; None leaves a layer out."""

    stamp: str
    first_page: str
    serial_line: str
    page_line: str  # a template with {page} and {pages}
    watermark: str | None
    qr_token: Callable[[int], str] | None
    lattice_payload: bytes | None

    def begin_page(self, canvas: Canvas, _doc: Any = None) -> None:
        page = canvas.getPageNumber()
        if self.lattice_payload is not None:
            draw_lattice(canvas, self.lattice_payload, PAGE_W, PAGE_H)
        if self.watermark:
            draw_watermark(canvas, self.watermark, PAGE_W, PAGE_H)
        _stamp(canvas, self.stamp)
        canvas.setFillGray(0)
        if page == 1:
            canvas.setFont(fonts.SERIF_BOLD, 10)
            canvas.drawRightString(PAGE_W - MARGIN_X, PAGE_H - 13 * mm, self.first_page)
        canvas.setFont(fonts.SANS, 7.5)
        canvas.drawString(MARGIN_X, 12 * mm, self.serial_line)
        canvas.setStrokeGray(0.4)
        canvas.setLineWidth(0.4)
        canvas.line(MARGIN_X, 27 * mm, PAGE_W - MARGIN_X, 27 * mm)
        if self.qr_token is not None:
            draw_qr(canvas, self.qr_token(page), PAGE_W - MARGIN_X - QR_SIZE + 3 * mm, 3 * mm, QR_SIZE, "m")

    def number_page(self, canvas: Canvas, page: int, pages: int) -> None:
        canvas.setFillGray(0)
        canvas.setFont(fonts.SANS, 8)
        right = PAGE_W - MARGIN_X - QR_SIZE if self.qr_token is not None else PAGE_W - MARGIN_X
        canvas.drawRightString(right, 12 * mm, self.page_line.format(page=page, pages=pages))


def _stamp(canvas: Canvas, text: str) -> None:
    canvas.saveState()
    canvas.setFont(fonts.SANS_BOLD, 13)
    width = canvas.stringWidth(text, fonts.SANS_BOLD, 13) + 8 * mm
    x, y = (PAGE_W - width) / 2, PAGE_H - 16 * mm
    canvas.setStrokeColor(STAMP_RED)
    canvas.setFillColor(STAMP_RED)
    canvas.setLineWidth(1.2)
    canvas.rect(x, y, width, 8 * mm, stroke=1, fill=0)
    canvas.drawCentredString(PAGE_W / 2, y + 2.3 * mm, text)
    canvas.restoreState()


class MarkedCanvas(Canvas):  # type: ignore[misc]  # ReportLab ships no types
    """A canvas that holds its pages until save, to write "Trang x/y" on each."""

    def __init__(self, *args: Any, furniture: Furniture, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._furniture = furniture
        self._held: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        pages = len(self._held)
        for number, state in enumerate(self._held, start=1):
            self.__dict__.update(state)
            self._furniture.number_page(self, number, pages)
            super().showPage()
        super().save()

    @property
    def pages(self) -> int:
        return len(self._held)
