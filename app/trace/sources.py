"""What the inspector hands the trace tool, read into pages: images to decode and text to match.

Accepted: PDF (every page rendered at 300 dpi by PDFium through ``pypdfium2``, with its text
layer), PNG, JPEG, TIFF (every frame), and plain UTF-8 text (a retyped copy). The kind is taken
from the content, never from the name: a JPEG called ``.png`` is read as the JPEG it is, and a
file that is none of these is refused by name. Images get their EXIF orientation applied.

Limits, so that a hostile or broken file costs a clear message and nothing else: 200 MB per
file, 100 megapixels per image (Pillow's decompression-bomb check raised to that and made an
error), 200 pages per PDF, 500 frames per TIFF; truncated images are refused. Everything stays in
memory: PDFium renders from the bytes, no temporary file. Must not import Qt.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from app.errors import InvalidInput, NotFound

MAX_BYTES = 200 * 1024 * 1024
MAX_PIXELS = 100_000_000
MAX_PAGES = 200
MAX_FRAMES = 500
PDF_DPI = 300
TEXT_MAX = 2 * 1024 * 1024  # a retyped copy is text, not megabytes of it


@dataclass(frozen=True, slots=True)
class Source:
    """One file as given: its name (for the answer) and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a source: ``number`` is 1-based within the file (None for a single image or a
    text file); ``image`` is absent for text; ``text`` is the PDF's text layer or the file's text."""

    number: int | None
    image: Image.Image | None
    text: str = ""


def load(path: Path) -> Source:
    """The file at ``path``, refused by name when missing, unreadable or too large."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise InvalidInput("trace.not_a_file", file=path.name)
        if size > MAX_BYTES:
            raise InvalidInput("trace.too_large", file=path.name, mb=MAX_BYTES // (1024 * 1024))
        return Source(path.name, path.read_bytes())
    except FileNotFoundError:
        raise NotFound("trace.missing", file=path.name) from None
    except PermissionError:
        raise InvalidInput("trace.unreadable", file=path.name) from None


def kind(source: Source) -> str:
    """``pdf``, ``image`` or ``text`` from the content; InvalidInput when it is none of them."""
    head = source.data[:1024]
    if head.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")):
        return "image"
    if b"\x00" not in head and len(source.data) <= TEXT_MAX:
        try:
            source.data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return "text"
    raise InvalidInput("trace.unknown_kind", file=source.name)


def pages(source: Source) -> Iterator[Page]:
    """The pages of ``source`` one at a time (a PDF's pages are rendered as they are asked for)."""
    found = kind(source)
    if found == "pdf":
        yield from _pdf_pages(source)
    elif found == "image":
        yield from _image_pages(source)
    else:
        yield Page(None, None, source.data.decode("utf-8"))


def _pdf_pages(source: Source) -> Iterator[Page]:
    try:
        document = pdfium.PdfDocument(source.data)
    except pdfium.PdfiumError:
        raise InvalidInput("trace.bad_pdf", file=source.name) from None
    try:
        count = len(document)
        if count > MAX_PAGES:
            raise InvalidInput("trace.too_many_pages", file=source.name, pages=MAX_PAGES)
        for index in range(count):
            page = document[index]
            try:
                width, height = page.get_size()
                scale = PDF_DPI / 72.0
                if width * height * scale * scale > MAX_PIXELS:
                    raise InvalidInput("trace.too_many_pixels", file=source.name, mp=MAX_PIXELS // 10**6)
                image = page.render(scale=scale, grayscale=True).to_pil().convert("L")
                text_page = page.get_textpage()
                text = text_page.get_text_range()
                text_page.close()
            finally:
                page.close()
            yield Page(index + 1, image, text)
    finally:
        document.close()


def _image_pages(source: Source) -> Iterator[Page]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own limit follows
            opened = Image.open(io.BytesIO(source.data))
        if opened.width * opened.height > MAX_PIXELS:
            raise InvalidInput("trace.too_many_pixels", file=source.name, mp=MAX_PIXELS // 10**6)
        frames = getattr(opened, "n_frames", 1)
        if frames > MAX_FRAMES:
            raise InvalidInput("trace.too_many_pages", file=source.name, pages=MAX_FRAMES)
        for index, frame in enumerate(ImageSequence.Iterator(opened)):
            if frame.width * frame.height > MAX_PIXELS:
                raise InvalidInput("trace.too_many_pixels", file=source.name, mp=MAX_PIXELS // 10**6)
            upright = ImageOps.exif_transpose(frame)
            image = (upright if upright is not None else frame).convert("L")
            yield Page(index + 1 if frames > 1 else None, image)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise InvalidInput("trace.bad_image", file=source.name) from None
