"""Hostile scans (issue 9): decompression bombs, dimensions a header lies about, truncated and
corrupt files, animations, page floods, lying TIFF page chains, PDFs too big to render, and
exotic colour modes. Each is refused fast with a clear message, or read safely; no message or
traceback carries bytes of the file; nothing is written to the temp dir, the working directory
or (as far as Python can see, through an audit hook) anywhere else; and the process-wide
Pillow and warnings settings are left as they were.

Every hostile file carries a canary (a Vietnamese name) in a comment, text chunk or page text,
so that a message quoting the file would show it.
"""

from __future__ import annotations

import contextlib
import io
import os
import struct
import sys
import tempfile
import time
import traceback
import warnings
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image, ImageFile, PngImagePlugin
from reportlab.pdfgen.canvas import Canvas

from app.documents import images
from app.documents.images import read_scan
from app.errors import InvalidInput

CANARY = "Lê Văn Canary 0999888777"
PARAMS = {"file", "page", "mb", "pages", "mp", "px", "mode", "format", "frames", "dpi"}


# -- watching for writes -----------------------------------------------------------------------
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
_WRITING = {
    "os.mkdir", "os.rename", "os.remove", "os.rmdir", "os.link", "os.symlink", "os.truncate",
    "shutil.copyfile", "shutil.copytree", "shutil.move", "tempfile.mkstemp", "tempfile.mkdtemp",
}  # fmt: skip
_seen: list[str] | None = None  # a list while a read is being watched


def _audit(event: str, args: tuple[object, ...]) -> None:
    if _seen is None:
        return
    if event == "open" and len(args) >= 3:
        path, mode, flags = args[0], args[1], args[2]
        if "__pycache__" in str(path):  # the import system caching bytecode, not the reader
            return
        writes = isinstance(mode, str) and any(c in mode for c in "wax+")
        if writes or (isinstance(flags, int) and flags & _WRITE_FLAGS):
            _seen.append(f"open {path} {mode} {flags}")
    elif event in _WRITING:
        _seen.append(event)


sys.addaudithook(_audit)  # inert outside ``watched``: audit hooks cannot be removed


@dataclass
class Sealed:
    temp: Path
    cwd: Path

    def leftovers(self) -> list[str]:
        return sorted(p.name for folder in (self.temp, self.cwd) for p in folder.iterdir())


@pytest.fixture
def sealed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Sealed:
    """An empty private temp dir (for Python and for C libraries that honour TMPDIR) and an empty
    working directory, so that anything left behind shows."""
    temp, cwd = tmp_path / "tmp", tmp_path / "cwd"
    temp.mkdir()
    cwd.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.chdir(cwd)
    return Sealed(temp, cwd)


def watched(data: bytes, name: str) -> tuple[list[images.ScanPage] | None, InvalidInput | None, list[str]]:
    """``read_scan(data, name)``: its pages or its refusal, and the writes the audit hook saw."""
    global _seen
    _seen = []
    try:
        return read_scan(data, name), None, _seen
    except InvalidInput as error:
        return None, error, _seen
    finally:
        _seen = None


# -- the hostile files -------------------------------------------------------------------------
def encoded(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_declaring(width: int, height: int, depth: int = 8, colour: int = 0, rows: int = 16) -> bytes:
    """A PNG whose header declares ``width``×``height``, with a canary text chunk and a valid but
    (unless ``rows`` covers it) short stream of blank rows: a few KB however large it claims."""
    row = bytes(1 + (width * depth + 7) // 8)
    packer = zlib.compressobj(9)
    stream = b"".join(packer.compress(row) for _ in range(rows)) + packer.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0))
        + png_chunk(b"tEXt", b"Author\x00" + CANARY.encode("latin-1", "replace"))
        + png_chunk(b"IDAT", stream)
        + png_chunk(b"IEND", b"")
    )


def png_flipped(at: int) -> bytes:
    """A valid PNG with one byte inverted at offset ``at``."""
    data = bytearray(encoded(Image.effect_noise((64, 64), 60), "PNG", pnginfo=_canary_text()))
    data[at] ^= 0xFF
    return bytes(data)


def _canary_text() -> PngImagePlugin.PngInfo:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", CANARY)
    return info


def jpeg(size: tuple[int, int] = (64, 48), **options: object) -> bytes:
    return encoded(Image.new("RGB", size, (200, 50, 50)), "JPEG", comment=CANARY.encode(), **options)


def jpeg_declaring(width: int, height: int) -> bytes:
    """A small real JPEG whose frame header (SOF0) is rewritten to claim ``width``×``height``."""
    data = bytearray(jpeg())
    at = data.index(b"\xff\xc0")
    struct.pack_into(">HH", data, at + 5, height, width)
    return bytes(data)


def animated(fmt: str, **options: object) -> bytes:
    """Two frames: a real animation, in a format that allows several frames."""
    frames = [Image.new("L", (20, 20), 0), Image.new("L", (20, 20), 200)]
    return encoded(frames[0], fmt, save_all=True, append_images=frames[1:], duration=100, **options)


def tiff(frames: list[Image.Image], **options: object) -> bytes:
    return encoded(frames[0], "TIFF", save_all=True, append_images=frames[1:], **options)


def tiff_ifds(data: bytes) -> list[int]:
    """The offsets of a little-endian TIFF's page directories, in chain order."""
    (offset,) = struct.unpack_from("<I", data, 4)
    found = []
    while offset and offset not in found:
        found.append(offset)
        (count,) = struct.unpack_from("<H", data, offset)
        (offset,) = struct.unpack_from("<I", data, offset + 2 + 12 * count)
    return found


def tiff_looping() -> bytes:
    """Two pages whose chain of directories points from the last back to the first."""
    data = bytearray(tiff([Image.new("L", (40, 30), 10), Image.new("L", (40, 30), 240)]))
    first, last = tiff_ifds(bytes(data))
    (count,) = struct.unpack_from("<H", data, last)
    struct.pack_into("<I", data, last + 2 + 12 * count, first)
    return bytes(data)


def tiff_premultiplied() -> bytes:
    """A grey TIFF with *associated* alpha (ExtraSamples = 1), which Pillow opens as mode La."""
    data = bytearray(encoded(Image.new("LA", (20, 20), (100, 200)), "TIFF"))
    (ifd,) = tiff_ifds(bytes(data))
    (count,) = struct.unpack_from("<H", data, ifd)
    for entry in range(ifd + 2, ifd + 2 + 12 * count, 12):
        if struct.unpack_from("<H", data, entry)[0] == 338:
            struct.pack_into("<H", data, entry + 8, 1)
    return bytes(data)


def pdf(pages: int = 1, size: tuple[float, float] = (595, 842)) -> bytes:
    out = io.BytesIO()
    sheet = Canvas(out, pagesize=size)
    sheet.setTitle(CANARY)
    for _ in range(pages):
        sheet.drawString(72, 72, "Canary")
        sheet.showPage()
    sheet.save()
    return out.getvalue()


@dataclass(frozen=True)
class Case:
    name: str  # the file's name as the officer chose it
    make: Callable[[], bytes]
    key: str
    page: int | None = None


CASES = [
    Case("bom.png", lambda: png_declaring(100_000, 100_000), "scan.too_many_pixels", 1),
    Case("bom-that.png", lambda: png_declaring(20_000, 20_000, 1, rows=20_000), "scan.too_many_pixels", 1),
    Case("canh-bao.png", lambda: png_declaring(10_000, 9_000, depth=1), "scan.too_many_pixels", 1),
    Case("85mp.png", lambda: png_declaring(9_500, 9_000, depth=1), "scan.too_many_pixels", 1),
    Case("dai.png", lambda: png_declaring(20_001, 10), "scan.too_wide", 1),
    Case("khong-lo.jpg", lambda: jpeg_declaring(65_000, 65_000), "scan.too_many_pixels", 1),
    Case("dai.jpg", lambda: jpeg_declaring(30_000, 100), "scan.too_wide", 1),
    Case("lon.jpg", lambda: jpeg_declaring(19_000, 19_000), "scan.too_many_pixels", 1),
    Case("cut.jpg", lambda: jpeg((600, 400), quality=95)[:-3000], "scan.damaged", 1),
    Case("cut.png", lambda: encoded(Image.effect_noise((300, 300), 60), "PNG")[:20_000], "scan.damaged", 1),
    Case("cut.tif", lambda: tiff([Image.effect_noise((200, 200), 60)])[:9_000], "scan.damaged", 1),
    Case("crc.png", lambda: png_flipped(at=29), "scan.damaged", 1),  # a bit of IHDR's checksum
    Case("zlib.png", lambda: png_flipped(at=-40), "scan.damaged", 1),  # inside the compressed rows
    Case(
        "bom-trang-2.tif",
        lambda: tiff([Image.new("1", (50, 50), 1), Image.new("1", (9_500, 9_000), 1)], compression="group4"),
        "scan.too_many_pixels",
        2,
    ),
    Case("301.tif", lambda: tiff([Image.new("1", (1, 1))] * 301), "scan.too_many_pages"),
    Case("la.tif", tiff_premultiplied, "scan.unsupported_mode", 1),
    Case(
        "dong.png",
        lambda: animated("PNG"),
        "scan.animated",
    ),
    Case(
        "dong.gif",
        lambda: animated("GIF", comment=CANARY.encode()),
        "scan.not_scan_format",
    ),
    Case("chu.png", lambda: f"Họ tên: {CANARY}".encode(), "scan.unknown_kind"),
    Case("301.pdf", lambda: pdf(301), "scan.too_many_pages"),
    Case("kho-lon.pdf", lambda: pdf(1, (14_400, 14_400)), "scan.pdf_page_too_large", 1),
    Case("tran.pdf", lambda: pdf(1, (7_000, 6_000)), "scan.pdf_page_too_large", 1),
    Case("pdf-cut.pdf", lambda: pdf(3)[:600], "scan.pdf_damaged"),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_files_are_refused_fast_by_name_without_bytes_or_leftovers(
    case: Case, sealed: Sealed
) -> None:
    data = case.make()
    assert len(data) < 2 * 1024 * 1024  # hostile by content, not by size
    started = time.perf_counter()
    pages, refused, writes = watched(data, case.name)
    elapsed = time.perf_counter() - started
    assert pages is None
    assert refused is not None
    assert refused.key == case.key
    assert elapsed < 1.0, f"{case.name} took {elapsed:.2f} s"
    if case.page is not None:
        assert refused.params["page"] == case.page
    assert set(refused.params) <= PARAMS
    assert refused.params["file"] == case.name
    assert all(isinstance(v, int | str) for v in refused.params.values())
    # No bytes of the file anywhere in what a user, a log or a traceback would show.
    assert refused.__cause__ is None
    assert refused.__context__ is None
    shown = [refused.message("vi"), refused.message("en"), str(refused), repr(refused.params)]
    shown.append("".join(traceback.format_exception(refused)))
    for text in shown:
        assert "Canary" not in text
        assert "\\x" not in text
        assert "b'" not in text
    assert case.name in refused.message("vi")
    assert case.name in refused.message("en")
    assert writes == []
    assert sealed.leftovers() == []


def test_a_decompression_bomb_is_refused_before_allocating_its_pixels() -> None:
    bomb = png_declaring(100_000, 100_000)
    assert len(bomb) < 4096  # a few KB declaring ten gigapixels
    started = time.perf_counter()
    with pytest.raises(InvalidInput) as refused:
        read_scan(bomb, "bom.png")
    assert time.perf_counter() - started < 1.0
    assert refused.value.key == "scan.too_many_pixels"
    assert refused.value.params["mp"] == 80
    assert "80 megapixel" in refused.value.message("vi")


@pytest.mark.parametrize(("pixels", "why"), [(1_500_000, "Pillow's warning"), (2_500_000, "Pillow's error")])
def test_pillow_s_own_bomb_guard_becomes_the_same_refusal(
    pixels: int, why: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With Pillow's guard set below ours (as another part of the process might), both its
    warning (over the limit) and its error (over twice the limit) are the megapixel refusal, not
    a warning let through nor a crash."""
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1_000_000)
    with pytest.raises(InvalidInput) as refused:
        read_scan(png_declaring(pixels // 1000, 1000, depth=1, rows=1000), "pillow.png")
    assert refused.value.key == "scan.too_many_pixels", why
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        (page,) = read_scan(png_declaring(999, 1000, depth=1, rows=1000), "ok.png")  # under both
    assert page.width == 999


def test_pillow_settings_and_warning_filters_are_left_as_they_were() -> None:
    before = (list(warnings.filters), Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES)
    for data in (png_declaring(10_000, 9_000, depth=1), jpeg()[:-200], jpeg()):
        with contextlib.suppress(InvalidInput):
            read_scan(data, "x.jpg")
    assert (list(warnings.filters), Image.MAX_IMAGE_PIXELS, ImageFile.LOAD_TRUNCATED_IMAGES) == before
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_a_looping_tiff_page_chain_ends_instead_of_spinning(sealed: Sealed) -> None:
    started = time.perf_counter()
    pages, refused, writes = watched(tiff_looping(), "vong.tif")
    assert refused is None
    assert pages is not None
    assert [p.source_page for p in pages] == [1, 2]
    assert time.perf_counter() - started < 1.0
    assert writes == []
    assert sealed.leftovers() == []


def test_garbage_exif_and_text_chunks_are_survived_and_dropped(sealed: Sealed) -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", CANARY)
    info.add(b"eXIf", b"MM\x00*\x00\x00\x00\x08\xff\xff" + CANARY.encode())  # a directory of 65535 entries
    cases = {
        "exif-rac.jpg": jpeg(exif=b"Exif\x00\x00II*\x00\xff\xff\xff\x7f" + CANARY.encode()),
        "exif-rac.png": encoded(Image.new("RGB", (30, 30), (9, 9, 9)), "PNG", pnginfo=info),
    }
    for name, data in cases.items():
        pages, refused, writes = watched(data, name)
        assert refused is None, name
        assert pages is not None
        (page,) = pages
        assert CANARY.encode() not in page.data
        assert b"Exif" not in page.data
        assert writes == []
    assert sealed.leftovers() == []


def test_good_files_leave_nothing_behind_either(sealed: Sealed) -> None:
    for name, data in {
        "a.jpg": jpeg(),
        "b.pdf": pdf(2),
        "c.tif": tiff([Image.new("1", (99, 99))] * 3),
    }.items():
        pages, refused, writes = watched(data, name)
        assert refused is None
        assert pages
        assert writes == []
    assert sealed.leftovers() == []


def test_the_audit_hook_sees_writes_so_the_watch_can_fail(sealed: Sealed) -> None:
    global _seen
    _seen = []
    try:
        Path("dau-vet.txt").write_text("x", encoding="utf-8")
        tempfile.mkstemp()
        seen = list(_seen)
    finally:
        _seen = None
    assert any("dau-vet.txt" in s for s in seen)
    assert "tempfile.mkstemp" in seen
    assert len(sealed.leftovers()) == 2


def test_memory_stays_bounded_on_the_largest_page_allowed() -> None:
    """A page just inside the limits (80 MP of one grey) is read: the limit is usable, not only
    a refusal, and the 60 MB file limit is never the one that saves us."""
    near_limit = png_declaring(10_000, 8_000, depth=1, rows=8_000)
    assert len(near_limit) < 100_000
    (page,) = read_scan(near_limit, "80mp.png")
    assert (page.width, page.height) == (10_000, 8_000)
    assert page.mime == "image/png"


@pytest.fixture(autouse=True)
def _no_watch_left() -> Iterator[None]:
    yield
    assert _seen is None
