"""The visible per-copy watermark (layer 1): light diagonal lines of the reader's name, unit,
copy number, serial and date repeated across the page, under the text.

Drawn as a 1-bit raster stencil at 200 dpi in light grey rather than as PDF text: the reader sees
the same lines, but the watermark's words do not break into the page's extractable text (a text
watermark at an angle shreds ``pdftotext`` output and any copy-paste), and cannot be deleted as a
text object. The raster is the same on every page of a copy, so it is embedded once per copy.
Must not import Qt.
"""

from __future__ import annotations

import functools
import math
from importlib import resources

from PIL import Image, ImageDraw, ImageFont
from reportlab.pdfgen.canvas import Canvas

from app.pdf.image_mask import draw_image_mask

DPI = 200
ANGLE = 35.0
FONT_PT = 9.0
SPACING_PT = 58.0  # between lines
GRAY = 0.78
GAP = "        "


@functools.cache
def _font() -> ImageFont.FreeTypeFont:
    path = resources.files("resources").joinpath("fonts", "DejaVuSans.ttf")
    with resources.as_file(path) as file:
        return ImageFont.truetype(str(file), round(FONT_PT * DPI / 72))


@functools.lru_cache(maxsize=4)
def _raster(text: str, width_pt: float, height_pt: float) -> tuple[bytes, tuple[int, int]]:
    """The page's watermark as packed 1-bit rows (0 = ink) and its size in pixels."""
    width_px, height_px = math.ceil(width_pt * DPI / 72), math.ceil(height_pt * DPI / 72)
    side = math.ceil(math.hypot(width_px, height_px)) + 8
    sheet = Image.new("L", (side, side), 0)
    draw = ImageDraw.Draw(sheet)
    font = _font()
    unit = text + GAP
    run = unit * (side // max(1, int(draw.textlength(unit, font=font))) + 2)
    step = SPACING_PT * DPI / 72
    for i, y in enumerate(range(0, side, max(1, round(step)))):
        offset = (i * 97) % 211  # stagger so the lines do not align into columns
        draw.text((-offset * DPI / 72, y), run, font=font, fill=255)
    turned = sheet.rotate(ANGLE, resample=Image.Resampling.BICUBIC)
    left, top = (side - width_px) // 2, (side - height_px) // 2
    page = turned.crop((left, top, left + width_px, top + height_px))
    ink = page.point(lambda v: 0 if v >= 110 else 255).convert("1")
    return ink.tobytes(), (width_px, height_px)


def draw_watermark(canvas: Canvas, text: str, width_pt: float, height_pt: float) -> None:
    """Paint the watermark over the whole page; call it before the page's text."""
    packed, size = _raster(text, width_pt, height_pt)
    draw_image_mask(canvas, packed, size, (0.0, 0.0, size[0] * 72 / DPI, size[1] * 72 / DPI), GRAY)
