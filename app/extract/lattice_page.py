"""The dot lattice on a page: the 300-dpi 1-bit raster of the repeated tile, and drawing it on a
ReportLab canvas as one image (spec/extracts.md "Per-copy watermark", layer 3).

ReportLab's ``drawImage`` turns a mode-"1" PIL image into 8-bit RGB (``ImageReader.getRGBData``),
which would make the page megabytes. So the raster goes in through :mod:`app.pdf.image_mask` as
an image XObject with ``/ImageMask true``, 1 bit per pixel, Flate: a stencil painted black where
a sample is 0 and transparent elsewhere. Flate packs it to ~9 KB for A4 (the page repeats every
12 cell rows); the same payload on every page of a copy is embedded once and referenced.

The raster keeps the lattice geometry exact: ceil(page / pixel) pixels of exactly 1/300 in, its
top-left corner on the page's top-left (the lattice's cell (0, 0)), the overhang past the right
and bottom edges clipped by the page. Must not import Qt.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import numpy.typing as npt
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from app.extract.lattice import CELLS, DOT_PX, PITCH_PX, RASTER_DPI, ROW_STEP, TILE_CELLS, encode_tile
from app.pdf.image_mask import draw_image_mask

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


@functools.lru_cache(maxsize=4)  # the pages of one copy share it
def _packed(payload: bytes, width_px: int, height_px: int) -> bytes:
    """Rows of 1-bit samples, MSB first, each padded to a byte: 0 = dot, 1 = paper."""
    sequence = encode_tile(payload).ravel()
    columns = np.arange(-(-width_px // PITCH_PX))
    cells = sequence[(columns[None, :] + ROW_STEP * np.arange(TILE_CELLS)[:, None]) % CELLS]
    strip = np.kron(cells, _CELL).astype(bool)[:, :width_px]  # the page repeats every 12 rows
    rows = np.packbits(~strip, axis=1)
    page = np.tile(rows, (-(-height_px // TILE_PX), 1))[:height_px]
    return page.tobytes()


def page_image(payload: bytes, width_pt: float, height_pt: float) -> Image.Image:
    """The page's lattice as a 300-dpi mode-"1" image (black dots on white)."""
    size = raster_size(width_pt, height_pt)
    image = Image.frombytes("1", size, _packed(payload, *size))
    image.info["dpi"] = (RASTER_DPI, RASTER_DPI)
    return image


def draw_lattice(canvas: Canvas, payload: bytes, width_pt: float, height_pt: float) -> None:
    """Paint the lattice over the whole page as one 1-bit image mask in black; call it first on a
    page, before anything else is drawn. The graphics state is left as it was."""
    size = raster_size(width_pt, height_pt)
    box = (0.0, height_pt - size[1] * _POINTS_PER_PX, size[0] * _POINTS_PER_PX, size[1] * _POINTS_PER_PX)
    draw_image_mask(canvas, _packed(payload, *size), size, box, 0.0)
