"""A 1-bit stencil (PDF image mask) on a ReportLab canvas: painted in the current fill colour
where a sample is 0, transparent elsewhere.

ReportLab's ``drawImage`` turns a mode-"1" PIL image into 8-bit RGB, which would make a page
megabytes; a stencil written as its own XObject is 1 bit per pixel, Flate-packed, and embedded
once per document however many pages paint it (the name is the digest of its content).
Used for the forensic dot lattice and the raster diagonal watermark. Must not import Qt.
"""

from __future__ import annotations

import hashlib
import zlib

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream
from reportlab.pdfgen.canvas import Canvas


def draw_image_object(
    canvas: Canvas,
    name: str,
    entries: dict[str, object],
    content: bytes,
    box: tuple[float, float, float, float],
    gray: float | None = None,
) -> None:
    """Paint an image XObject (its dictionary ``entries`` and encoded ``content``) into ``box`` =
    (x, y, width, height) in points; registered once per document under ``name`` (which the caller
    derives from the content), whatever the number of pages that paint it."""
    doc = canvas._doc
    reg_name = doc.getXObjectName(name)
    if reg_name not in doc.idToObject:
        stream = PDFStream(
            PDFDictionary({"Type": PDFName("XObject"), "Subtype": PDFName("Image"), **entries}),
            content=content,
            filters=[],
        )
        doc.Reference(stream, reg_name)
    x, y, w, h = box
    canvas.saveState()
    if gray is not None:
        canvas.setFillGray(gray)
    canvas.translate(x, y)
    canvas.scale(w, h)
    canvas._code.append(f"/{reg_name} Do")
    canvas._formsinuse.append(name)
    canvas.restoreState()


def draw_image_mask(
    canvas: Canvas,
    packed: bytes,
    size_px: tuple[int, int],
    box: tuple[float, float, float, float],
    gray: float = 0.0,
) -> None:
    """Paint ``packed`` (rows of 1-bit samples, MSB first, each row padded to a byte; 0 paints)
    of ``size_px`` into ``box`` = (x, y, width, height) in points, in ``gray``."""
    width_px, height_px = size_px
    digest = hashlib.sha256(b"%d:%d:" % size_px + packed).hexdigest()[:24]
    entries: dict[str, object] = {
        "Width": width_px,
        "Height": height_px,
        "ImageMask": "true",
        "BitsPerComponent": 1,
        "Filter": PDFArray([PDFName("FlateDecode")]),
    }
    draw_image_object(canvas, f"HosoMask{digest}", entries, zlib.compress(packed, 6), box, gray)
