"""The pixels of one decoded page made storable: turned upright and brought to mode 1, L or RGB.

* :func:`upright` applies the EXIF orientation (or the TIFF tag, or XMP's) with
  ``ImageOps.exif_transpose``; unreadable EXIF leaves the pixels as stored.
* :func:`normalised`: RGB, L (grey) and 1 (bilevel) are kept; CMYK, YCbCr, RGBX become RGB, and
  LAB through LittleCMS's built-in L*a*b* and sRGB profiles (never a profile from the file);
  palette images become RGB; transparency (LA, RGBA, PA, palette with tRNS) is laid on white;
  16-bit grey becomes 8-bit by dropping the low byte (``>> 8``: a scanner's 0–65535 range maps
  onto 0–255 and a faint page stays faint); 32-bit integer and float grey, which have no natural
  range, are stretched from their actual minimum–maximum onto 0–255 (a uniform page is white).
  :data:`SUPPORTED_MODES` lists what is accepted; the caller refuses anything else by name.
* :func:`dpi_of`: the resolution the file declares, when plausible.

Pure functions over Pillow images: nothing is read or written. Must not import Qt.
"""

from __future__ import annotations

import functools
import sys
from typing import Any

from PIL import ExifTags, Image, ImageCms, ImageOps

_KEEP = frozenset({"1", "L", "RGB"})
_TO_RGB = frozenset({"RGBX", "CMYK", "YCbCr"})
_ALPHA = frozenset({"LA", "RGBA", "PA", "P"})
_NATIVE = "L;16" if sys.byteorder == "little" else "L;16B"
#: 16-bit grey modes → the raw mode that unpacks the high byte of each sample.
_HIGH_BYTE = {"I;16": "L;16", "I;16L": "L;16", "I;16B": "L;16B", "I;16N": _NATIVE}
_WIDE = frozenset({"I", "F"})
SUPPORTED_MODES = _KEEP | _TO_RGB | _ALPHA | _WIDE | {"LAB"} | _HIGH_BYTE.keys()
_DPI_RANGE = range(10, 10_001)


def dpi_of(value: Any) -> tuple[int, int] | None:
    """The ``dpi`` a decoder put in ``info`` as whole numbers, or None when absent or absurd."""
    try:
        x, y = (round(float(v)) for v in value)
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        return None
    return (x, y) if x in _DPI_RANGE and y in _DPI_RANGE else None


def upright(image: Image.Image) -> Image.Image:
    """``image`` turned as its EXIF (or TIFF, or XMP) orientation says; unreadable EXIF leaves
    the pixels as stored."""
    try:
        orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
    except Exception:  # damaged EXIF: the pixels are still good
        return image
    if orientation not in range(2, 9):
        return image
    return ImageOps.exif_transpose(image)


def normalised(image: Image.Image) -> Image.Image:
    """``image`` in mode 1, L or RGB (see the module's docstring for each mode)."""
    mode = image.mode
    if mode in _KEEP:
        return image
    if mode in _TO_RGB or (mode == "P" and "transparency" not in image.info):
        return image.convert("RGB")
    if mode == "LAB":
        converted = ImageCms.applyTransform(image, _lab_to_srgb())
        if converted is None:  # only when asked to convert in place
            raise ValueError(mode)
        return converted
    if mode in _HIGH_BYTE:
        return Image.frombytes("L", image.size, image.tobytes(), "raw", _HIGH_BYTE[mode])
    if mode in _WIDE:
        return _stretched(image)
    if mode in _ALPHA:
        return _on_white(image)
    raise ValueError(mode)  # the caller refuses it first


@functools.cache
def _lab_to_srgb() -> ImageCms.ImageCmsTransform:
    """CIE L*a*b* → sRGB with LittleCMS's built-in profiles (never one taken from the file)."""
    return ImageCms.buildTransform(
        ImageCms.createProfile("LAB"), ImageCms.createProfile("sRGB"), "LAB", "RGB"
    )


def _stretched(image: Image.Image) -> Image.Image:
    low, high = image.getextrema()
    if not isinstance(low, int | float) or not isinstance(high, int | float):
        raise ValueError(image.mode)  # one band: never a tuple per band
    if high <= low:
        return Image.new("L", image.size, 255)
    scale = 255.0 / (high - low)
    offset = -low * scale
    return image.point(lambda v: v * scale + offset).convert("L")


def _on_white(image: Image.Image) -> Image.Image:
    grey = image.mode == "LA"
    layer = image if image.mode in ("LA", "RGBA") else image.convert("RGBA")
    page = Image.new("L" if grey else "RGB", image.size, 255 if grey else (255, 255, 255))
    page.paste(layer, (0, 0), layer)  # blended by the alpha band
    return page
