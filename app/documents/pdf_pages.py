"""The pages of an uploaded PDF rendered as images for the scan store.

PDFium (through ``pypdfium2``, as the trace tool uses it) opens the PDF from the bytes in memory
and renders each page in colour at :data:`DPI` on white, with its annotations (stamps,
signatures' appearances) and without forms or scripts. Refused with a clear message, before any
page is rendered: a file PDFium cannot open, an encrypted PDF (with or without a password to
open it: a document the officer cannot read freely is not filed), no pages, more pages than the
caller's limit, and any page whose rendering would exceed the caller's pixel or side limits.
Nothing is written anywhere. Must not import Qt.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from app.errors import InvalidInput

DPI = 200
_SCALE = DPI / 72.0  # PDF sizes are in points (1/72 inch)
_NOT_ENCRYPTED = -1  # what FPDF_GetSecurityHandlerRevision answers for a plain PDF


def rendered_size(width_pt: float, height_pt: float) -> tuple[int, int]:
    """The pixel size PDFium gives a page of that size in points at :data:`DPI`."""
    return math.ceil(width_pt * _SCALE), math.ceil(height_pt * _SCALE)


def render(
    data: bytes, name: str, *, max_pages: int, max_pixels: int, max_side: int
) -> Iterator[tuple[int, Image.Image]]:
    """``(page number from 1, RGB image)`` for every page of the PDF ``data``, rendered one at a
    time as they are asked for. All the limits are checked on every page before the first is
    rendered. Raises :class:`InvalidInput` (``scan.*``) naming ``name``."""
    document = _open(data, name)
    try:
        count = _count(document, name)
        if count > max_pages:
            raise InvalidInput("scan.too_many_pages", file=name, pages=max_pages)
        for index in range(count):
            width, height = rendered_size(*_page_size(document, index, name))
            if width < 1 or height < 1:
                raise _damaged(name)
            if max(width, height) > max_side or width * height > max_pixels:
                raise InvalidInput(
                    "scan.pdf_page_too_large",
                    file=name,
                    page=index + 1,
                    dpi=DPI,
                    mp=max_pixels // 1_000_000,
                    px=max_side,
                )
        for index in range(count):
            yield index + 1, _render_page(document, index, name)
    finally:
        document.close()


def _damaged(name: str) -> InvalidInput:
    return InvalidInput("scan.pdf_damaged", file=name)


def _open(data: bytes, name: str) -> pdfium.PdfDocument:
    """The document, or a refusal raised outside PDFium's exception (whose text stays out of any
    traceback: it might quote the file)."""
    locked = False
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        locked = getattr(error, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD
    except Exception:  # a malformed file may fail anywhere inside the binding
        locked = False
    else:
        if pdfium_c.FPDF_GetSecurityHandlerRevision(document.raw) == _NOT_ENCRYPTED:
            return document
        document.close()
        locked = True
    if locked:
        raise InvalidInput("scan.pdf_encrypted", file=name)
    raise _damaged(name)


def _count(document: pdfium.PdfDocument, name: str) -> int:
    count = len(document)
    if count < 1:
        raise InvalidInput("scan.no_pages", file=name)
    return count


def _page_size(document: pdfium.PdfDocument, index: int, name: str) -> tuple[float, float]:
    size: tuple[float, float] | None
    try:
        width, height = document.get_page_size(index)
        size = float(width), float(height)
    except Exception:  # the page tree points at a missing or malformed page
        size = None
    if size is None:
        raise _damaged(name)
    return size


def _render_page(document: pdfium.PdfDocument, index: int, name: str) -> Image.Image:
    image: Image.Image | None = None
    try:
        page = document[index]
        try:
            bitmap = page.render(scale=_SCALE, rev_byteorder=True)
            try:
                image = bitmap.to_pil().convert("RGB")  # a copy: the bitmap's memory is freed below
            finally:
                bitmap.close()
        finally:
            page.close()
    except Exception:  # PDFium could not parse or draw this page
        image = None
    if image is None:
        raise _damaged(name)
    return image
