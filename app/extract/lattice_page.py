"""The dot lattice on a page: the 300-dpi 1-bit raster of the repeated tile, and drawing it on a
ReportLab canvas as one image (spec/extracts.md "Per-copy watermark", layer 3).

ReportLab's ``drawImage`` turns a mode-"1" PIL image into 8-bit RGB (``ImageReader.getRGBData``),
which would make the page megabytes. So the raster goes in as an image XObject written here with
ReportLab's ``pdfdoc`` objects: ``/ImageMask true``, 1 bit per pixel, Flate — a stencil painted in
the current fill colour (black) where a sample is 0, transparent elsewhere, so whatever else is on
the page shows through. Flate packs it to ~11 KB for A4 (rows repeat every 45 bytes); the same
payload on every page of a copy is embedded once and referenced.

The raster keeps the lattice geometry exact: it is ceil(page/pixel) pixels of exactly 1/300 in,
its top-left corner at the page's top-left, the overhang past the right and bottom edges clipped
by the page. Must not import Qt.
"""

from __future__ import annotations

import functools
import hashlib
import math
import zlib

import numpy as np
import numpy.typing as npt
from PIL import Image
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream
from reportlab.pdfgen.canvas import Canvas

from app.extract.lattice import DOT_PX, PITCH_PX, RASTER_DPI, TILE_CELLS, encode_tile

TILE_PX = PITCH_PX * TILE_CELLS
DOT_OFFSET = (PITCH_PX - DOT_PX) // 2  # the dot's first pixel inside its cell
_POINTS_PER_PX = 72.0 / RASTER_DPI


def _stamp() -> npt.NDArray[np.bool_]:
    cell = np.zeros((PITCH_PX, PITCH_PX), dtype=bool)
    cell[DOT_OFFSET : DOT_OFFSET + DOT_PX, DOT_OFFSET : DOT_OFFSET + DOT_PX] = True
    return cell


_CELL = _stamp()


def raster_size(width_pt: float, height_pt: float) -> tuple[int, int]:
    """Pixels of the page raster that cover ``width_pt`` × ``height_pt`` points."""
    return (
        math.ceil(width_pt / _POINTS_PER_PX - 1e-6),
        math.ceil(height_pt / _POINTS_PER_PX - 1e-6),
    )


def _packed(payload: bytes, width_px: int, height_px: int) -> bytes:
    """Rows of 1-bit samples, MSB first, each padded to a byte: 0 = dot, 1 = paper."""
    tile = np.kron(encode_tile(payload), _CELL).astype(bool)
    strip = np.tile(tile, (1, -(-width_px // TILE_PX)))[:, :width_px]
    rows = np.packbits(~strip, axis=1)  # one tile's height of packed rows
    page = np.tile(rows, (-(-height_px // TILE_PX), 1))[:height_px]
    return page.tobytes()


def page_image(payload: bytes, width_pt: float, height_pt: float) -> Image.Image:
    """The page's lattice as a 300-dpi mode-"1" image (black dots on white)."""
    size = raster_size(width_pt, height_pt)
    image = Image.frombytes("1", size, _packed(payload, *size))
    image.info["dpi"] = (RASTER_DPI, RASTER_DPI)
    return image


@functools.lru_cache(maxsize=8)
def _stream(payload: bytes, width_px: int, height_px: int) -> bytes:
    return zlib.compress(_packed(payload, width_px, height_px), 6)


def draw_lattice(canvas: Canvas, payload: bytes, width_pt: float, height_pt: float) -> None:
    """Paint the lattice over the whole page as one 1-bit image mask; call it first on a page,
    before anything else is drawn. The graphics state is left as it was."""
    width_px, height_px = raster_size(width_pt, height_pt)
    digest = hashlib.sha256(b"%d:%d:" % (width_px, height_px) + payload).hexdigest()[:24]
    name = f"HosoLattice{digest}"
    doc = canvas._doc
    reg_name = doc.getXObjectName(name)
    if reg_name not in doc.idToObject:
        content = _stream(payload, width_px, height_px)
        mask = PDFStream(
            PDFDictionary(
                {
                    "Type": PDFName("XObject"),
                    "Subtype": PDFName("Image"),
                    "Width": width_px,
                    "Height": height_px,
                    "ImageMask": "true",
                    "BitsPerComponent": 1,
                    "Filter": PDFArray([PDFName("FlateDecode")]),
                }
            ),
            content=content,
            filters=[],
        )
        doc.Reference(mask, reg_name)
    image_w, image_h = width_px * _POINTS_PER_PX, height_px * _POINTS_PER_PX
    canvas.saveState()
    canvas.setFillGray(0)
    canvas.translate(0, height_pt - image_h)
    canvas.scale(image_w, image_h)
    canvas._code.append(f"/{reg_name} Do")
    canvas._formsinuse.append(name)
    canvas.restoreState()
