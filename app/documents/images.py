"""Scanned pages from an uploaded file: decoded under strict limits and re-encoded clean.

:func:`read_scan` takes the bytes of a file the officer chose and returns its pages as
:class:`ScanPage` values, ready to be stored: nothing is written anywhere, only bytes returned.

* The kind is taken from the content (magic bytes), never from the name: JPEG, PNG, TIFF (every
  page) and PDF (every page rendered at 200 dpi, :mod:`app.documents.pdf_pages`). GIF, WebP and
  BMP are refused by name (not scanner formats: a palette, a web format, a raw dump); anything
  else is refused as unknown. Only TIFF and PDF may hold several pages: an animated PNG is
  refused (a scan is not an animation); the extra pictures of a camera's MPO JPEG are ignored.
* Limits, checked from the headers of every page before any pixel is decoded, so that a
  decompression bomb costs nothing: :data:`MAX_FILE_BYTES`, :data:`MAX_PAGES`,
  :data:`MAX_PIXELS` per page and :data:`MAX_SIDE` per side. Pillow's own bomb guard
  (``Image.MAX_IMAGE_PIXELS``, warning and error alike) becomes the same refusal, and truncated
  or corrupt data is refused (``ImageFile.LOAD_TRUNCATED_IMAGES`` is never set).
* EXIF orientation is applied, then the page is re-encoded from its pixels alone: no EXIF (so no
  GPS), ICC, XMP, IPTC, comment, PNG text or TIFF tag survives; only the resolution (dpi) is kept.
* Every page is brought to mode RGB, L (grey) or 1 (bilevel) by :mod:`app.documents.scan_pixels`
  (which says how each colour mode is converted); a mode it does not know is refused by name.
  Bilevel pages are stored as PNG, all others as JPEG; each with a JPEG thumbnail.

Every refusal is an :class:`~app.errors.InvalidInput` with a ``scan.*`` key naming the file, the
page and the limit, raised outside the decoder's own exception so that no traceback carries the
decoder's text (which may quote bytes of the file). Must not import Qt.
"""

from __future__ import annotations

import functools
import hashlib
import io
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from PIL import Image

from app.documents import pdf_pages, scan_pixels
from app.errors import HosoError, InvalidInput

MAX_FILE_BYTES = 60 * 1024 * 1024
MAX_PAGES = 300
MAX_PIXELS = 80_000_000  # an A4 page at 600 dpi is 35 megapixels, A3 at 600 dpi 70
MAX_SIDE = 20_000  # pixels: A0's long side (1189 mm) at 400 dpi
JPEG_QUALITY = 88
THUMB_SIDE = 240
THUMB_QUALITY = 80
PDF_DPI = pdf_pages.DPI

_SIGNATURES = (
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)
_STRIP = 256  # rows hashed at a time, so that hashing never copies a whole page

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class ScanPage:
    """One page as it will be stored."""

    data: bytes  # JPEG (quality 88, 4:2:0, optimized) for colour and grey; PNG for bilevel
    mime: str  # "image/jpeg" | "image/png"
    width: int
    height: int
    sha256: str  # hex SHA-256 of "<mode> <width>x<height>\n" + the raw pixels encoded into ``data``
    thumbnail: bytes  # JPEG, longest side at most 240 px
    source_page: int  # 1-based page or frame number in the input file


def read_scan(data: bytes, name: str) -> list[ScanPage]:
    """The pages of the file ``data`` (``name`` is only used in messages), cleaned and re-encoded.

    Raises :class:`InvalidInput` (``scan.*``) when the file is empty, too large, of a kind that
    is not a scan, damaged, encrypted, animated, or has too many pages or pixels."""
    if not data:
        raise InvalidInput("scan.empty", file=name)
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput("scan.too_large", file=name, mb=MAX_FILE_BYTES // (1024 * 1024))
    kind = _kind(data, name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # decoders' chatter (odd EXIF, TIFF tags) decides nothing
        warnings.simplefilter("error", Image.DecompressionBombWarning)  # …but a bomb is refused
        if kind == "PDF":
            pages = pdf_pages.render(
                data, name, max_pages=MAX_PAGES, max_pixels=MAX_PIXELS, max_side=MAX_SIDE
            )
            return [
                _guard(functools.partial(_stored, image, number, (PDF_DPI, PDF_DPI)), name, number)
                for number, image in pages
            ]
        return _raster(data, name, kind)


# -- what the file is --------------------------------------------------------------------------
def _kind(data: bytes, name: str) -> str:
    for magic, kind in _SIGNATURES:
        if data.startswith(magic):
            return kind
    if b"%PDF-" in data[:1024]:  # PDF allows a little junk before its header
        return "PDF"
    other = _not_a_scan(data)
    if other:
        raise InvalidInput("scan.not_scan_format", file=name, format=other)
    raise InvalidInput("scan.unknown_kind", file=name)


def _not_a_scan(data: bytes) -> str | None:
    """The name of an image format recognised but not accepted as a scan, or None."""
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    if data[:2] == b"BM" and int.from_bytes(data[14:18], "little") in (12, 40, 52, 56, 64, 108, 124):
        return "BMP"
    return None


# -- refusals ----------------------------------------------------------------------------------
def _too_many_pixels(name: str, page: int) -> InvalidInput:
    return InvalidInput("scan.too_many_pixels", file=name, page=page, mp=MAX_PIXELS // 1_000_000)


def _guard(action: Callable[[], _T], name: str, page: int) -> _T:
    """``action()``, with any failure of the decoders turned into a refusal naming the page. The
    refusal is raised after the ``except`` block, so it carries no ``__context__``."""
    try:
        return action()
    except HosoError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        bomb = True
    except Exception:  # truncated, corrupt or hostile data fails in many ways inside a decoder
        bomb = False
    if bomb:
        raise _too_many_pixels(name, page)
    raise InvalidInput("scan.damaged", file=name, page=page)


def _check_header(image: Image.Image, name: str, page: int) -> None:
    """The limits on what the page's header declares, before any pixel is decoded."""
    width, height = image.size
    if width < 1 or height < 1:
        raise InvalidInput("scan.damaged", file=name, page=page)
    if max(width, height) > MAX_SIDE:
        raise InvalidInput("scan.too_wide", file=name, page=page, px=MAX_SIDE)
    if width * height > MAX_PIXELS:
        raise _too_many_pixels(name, page)
    if image.mode not in scan_pixels.SUPPORTED_MODES:
        raise InvalidInput("scan.unsupported_mode", file=name, page=page, mode=image.mode)


# -- raster files ------------------------------------------------------------------------------
def _raster(data: bytes, name: str, kind: str) -> list[ScanPage]:
    opened = _guard(functools.partial(Image.open, io.BytesIO(data), formats=[kind]), name, 1)
    with opened:
        count = _count_pages(opened, name, kind)
        return [_guard(functools.partial(_frame, opened, index), name, index + 1) for index in range(count)]


def _count_pages(image: Image.Image, name: str, kind: str) -> int:
    """How many pages to read, every one's header checked. A TIFF's pages are walked one by one
    (tags only), stopping one past the limit, however many the file claims."""
    if kind == "PNG":
        frames = _guard(lambda: int(getattr(image, "n_frames", 1)), name, 1)
        if frames > 1:
            raise InvalidInput("scan.animated", file=name, frames=frames)
    if kind != "TIFF":  # a JPEG is read as its first picture: an MPO's others are previews
        _check_header(image, name, 1)
        return 1
    count = 0
    while _guard(functools.partial(_seek, image, count), name, count + 1):
        count += 1
        if count > MAX_PAGES:
            raise InvalidInput("scan.too_many_pages", file=name, pages=MAX_PAGES)
        _check_header(image, name, count)
    return count


def _seek(image: Image.Image, index: int) -> bool:
    try:
        image.seek(index)
    except EOFError:
        return False
    return True


def _frame(image: Image.Image, index: int) -> ScanPage:
    image.seek(index)
    image.load()
    dpi = scan_pixels.dpi_of(image.info.get("dpi"))
    upright = scan_pixels.upright(image)
    if dpi and upright.size != image.size:  # turned a quarter: the resolutions swap too
        dpi = (dpi[1], dpi[0])
    return _stored(scan_pixels.normalised(upright), index + 1, dpi)


# -- encoding ----------------------------------------------------------------------------------
def _stored(image: Image.Image, number: int, dpi: tuple[int, int] | None) -> ScanPage:
    image.info.clear()  # the encoders fall back on it (ICC, comment, transparency): nothing comes along
    options: dict[str, Any] = {"dpi": dpi} if dpi else {}
    if image.mode == "1":
        data, mime = _encode(image, "PNG", optimize=True, **options), "image/png"
    else:
        data, mime = _jpeg(image, JPEG_QUALITY, **options), "image/jpeg"
    return ScanPage(data, mime, image.width, image.height, _digest(image), _thumbnail(image), number)


def _encode(image: Image.Image, fmt: str, **options: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


def _jpeg(image: Image.Image, quality: int, **options: Any) -> bytes:
    return _encode(image, "JPEG", quality=quality, subsampling="4:2:0", optimize=True, **options)


def _digest(image: Image.Image) -> str:
    digest = hashlib.sha256(f"{image.mode} {image.width}x{image.height}\n".encode("ascii"))
    for top in range(0, image.height, _STRIP):
        digest.update(image.crop((0, top, image.width, min(top + _STRIP, image.height))).tobytes())
    return digest.hexdigest()


def _thumbnail(image: Image.Image) -> bytes:
    scale = min(1.0, THUMB_SIDE / max(image.size))
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    source = image.convert("L") if image.mode == "1" else image
    small = source.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0) if size != image.size else source
    small.info.clear()
    return _jpeg(small, THUMB_QUALITY)
