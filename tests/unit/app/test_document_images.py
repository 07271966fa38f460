"""Reading scans (app/documents/images.py) with real files made here by Pillow and ReportLab:
orientation applied and every kind of metadata really gone from the stored bytes, each colour
mode brought to 1/L/RGB as documented, every TIFF and PDF page read, the content hash and the
thumbnails, and the plain refusals (empty, too large, unknown or non-scan kinds, encryption)."""

from __future__ import annotations

import hashlib
import io
import struct
import time

import pytest
from PIL import ExifTags, Image, ImageCms, ImageDraw, PngImagePlugin
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfgen.canvas import Canvas

from app.documents import images
from app.documents.images import ScanPage, read_scan
from app.errors import InvalidInput

RED, GREEN, BLUE, WHITE = (230, 20, 20), (20, 200, 20), (20, 20, 230), (255, 255, 255)
SECRET = "Vị trí nhà riêng Trần Thị Canary"


def encoded(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


def decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def near(actual: object, expected: tuple[int, ...] | int, tol: int = 14) -> bool:
    """JPEG is lossy: a flat colour comes back within a few levels."""
    got = actual if isinstance(actual, tuple) else (actual,)
    want = expected if isinstance(expected, tuple) else (expected,)
    return len(got) == len(want) and all(abs(int(g) - w) <= tol for g, w in zip(got, want, strict=True))


def refusal(data: bytes, name: str) -> InvalidInput:
    with pytest.raises(InvalidInput) as refused:
        read_scan(data, name)
    assert name in refused.value.message("vi")
    assert name in refused.value.message("en")
    return refused.value


def png_chunks(data: bytes) -> list[bytes]:
    kinds, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kinds.append(data[at + 4 : at + 8])
        at += 12 + length
    return kinds


# -- metadata and orientation ----------------------------------------------------------------
def test_exif_orientation_is_applied_and_exif_gps_icc_xmp_and_comment_are_gone() -> None:
    raw = Image.new("RGB", (80, 40), BLUE)  # as the sensor stored it: left half red, top-left green
    raw.paste(RED, (0, 0, 40, 40))
    raw.paste(GREEN, (0, 0, 40, 20))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # shown turned a quarter clockwise
    exif[ExifTags.Base.Make] = "Máy quét cơ quan"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (21.0, 1.0, 30.0)
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><note>{SECRET}</note></x:xmpmeta>'.encode()
    data = encoded(raw, "JPEG", quality=95, exif=exif, icc_profile=icc, xmp=xmp, comment=SECRET.encode())
    source = decoded(data)  # the input really carries all of it
    assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert "icc_profile" in source.info
    assert {"comment", "xmp"} <= source.info.keys()

    (page,) = read_scan(data, "ảnh chụp.jpg")
    out = decoded(page.data)
    assert (page.width, page.height) == out.size == (40, 80)
    assert near(out.getpixel((30, 10)), GREEN)  # the sensor's top-left is now top-right
    assert near(out.getpixel((10, 10)), RED)
    assert near(out.getpixel((20, 60)), BLUE)
    assert len(out.getexif()) == 0
    assert not {"exif", "icc_profile", "comment", "xmp", "photoshop"} & out.info.keys()
    for marker in (b"Exif", b"GPS", b"ICC_PROFILE", b"xmpmeta", SECRET.encode(), "Máy quét".encode()):
        assert marker not in page.data
        assert marker not in page.thumbnail
    assert page.mime == "image/jpeg"
    assert page.source_page == 1


def test_png_text_chunks_are_stripped_from_jpeg_and_from_bilevel_png_output() -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", SECRET)
    info.add_itxt("Comment", SECRET, lang="vi")
    info.add_text("Note", SECRET, zip=True)
    for mode, mime in (("RGB", "image/jpeg"), ("1", "image/png")):
        data = encoded(Image.new(mode, (60, 30), 1 if mode == "1" else RED), "PNG", pnginfo=info)
        assert decoded(data).info.get("Author") == SECRET
        (page,) = read_scan(data, "trang.png")
        assert page.mime == mime
        assert SECRET.encode() not in page.data
        assert SECRET.encode("utf-16-be") not in page.data
        assert not {"Author", "Comment", "Note"} & decoded(page.data).info.keys()
    assert png_chunks(page.data) in ([b"IHDR", b"IDAT", b"IEND"], [b"IHDR", b"pHYs", b"IDAT", b"IEND"])
    assert decoded(page.data).mode == "1"


def test_the_resolution_is_kept_and_swapped_with_the_orientation() -> None:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 8
    (page,) = read_scan(encoded(Image.new("L", (300, 100), 90), "JPEG", dpi=(300, 150), exif=exif), "a.jpg")
    assert decoded(page.data).info["dpi"] == (150, 300)
    assert (page.width, page.height) == (100, 300)


# -- pages and colour modes ------------------------------------------------------------------
def test_a_three_page_tiff_with_a_cmyk_and_a_16_bit_page_gives_three_converted_pages() -> None:
    frames = [
        Image.new("RGB", (64, 48), GREEN),
        Image.new("CMYK", (64, 48), (0, 255, 255, 0)),  # pure red ink
        Image.new("I;16", (64, 48), 50_000),
    ]
    data = encoded(frames[0], "TIFF", save_all=True, append_images=frames[1:], dpi=(300, 300))
    pages = read_scan(data, "hồ sơ.tif")
    assert [p.source_page for p in pages] == [1, 2, 3]
    outs = [decoded(p.data) for p in pages]
    assert [o.mode for o in outs] == ["RGB", "RGB", "L"]
    assert near(outs[0].getpixel((5, 5)), GREEN)
    assert near(outs[1].getpixel((5, 5)), (255, 0, 0))
    assert near(outs[2].getpixel((5, 5)), 50_000 >> 8, tol=2)
    assert all(o.info.get("dpi") == (300, 300) for o in outs)


@pytest.mark.parametrize(
    ("mode", "value", "stored", "expected"),
    [
        ("L", 77, "L", 77),
        ("CMYK", (0, 0, 255, 0), "RGB", (255, 255, 0)),
        ("YCbCr", (128, 128, 128), "RGB", (128, 128, 128)),
        ("LAB", (136, 208, 195), "RGB", (250, 3, 11)),  # a red through LittleCMS
        ("I;16B", 0x8000, "L", 0x80),
        ("LA", (0, 128), "L", 127),  # half-transparent black on white
        ("RGBA", (0, 0, 0, 0), "RGB", WHITE),
        ("RGBA", (*RED, 255), "RGB", RED),
    ],
)
def test_colour_modes_are_brought_to_l_or_rgb(
    mode: str, value: tuple[int, ...] | int, stored: str, expected: tuple[int, ...] | int
) -> None:
    (page,) = read_scan(encoded(Image.new(mode, (32, 32), value), "TIFF"), f"{mode}.tif")
    out = decoded(page.data)
    assert out.mode == stored
    assert page.mime == "image/jpeg"
    assert near(out.getpixel((8, 8)), expected, tol=4)


def test_a_cmyk_jpeg_becomes_rgb() -> None:
    (page,) = read_scan(encoded(Image.new("CMYK", (40, 40), (255, 0, 255, 0)), "JPEG"), "in.jpg")
    out = decoded(page.data)
    assert out.mode == "RGB"
    assert near(out.getpixel((10, 10)), (0, 255, 0))


def test_a_16_bit_grey_png_becomes_8_bit_by_its_high_byte() -> None:
    gradient = Image.new("I;16", (2, 1))
    gradient.putpixel((0, 0), 40_000)
    gradient.putpixel((1, 0), 65_535)
    big = gradient.resize((64, 32), Image.Resampling.NEAREST)
    (page,) = read_scan(encoded(big, "PNG"), "16bit.png")
    out = decoded(page.data)
    assert out.mode == "L"
    assert near(out.getpixel((5, 5)), 40_000 >> 8, tol=2)
    assert near(out.getpixel((60, 5)), 255, tol=2)


def test_32_bit_and_float_grey_are_stretched_from_their_own_range() -> None:
    for mode, low, high in (("F", 0.25, 0.75), ("I", -5_000, 300_000)):
        image = Image.new(mode, (64, 32), low)
        image.paste(high, (32, 0, 64, 32))
        (page,) = read_scan(encoded(image, "TIFF"), f"{mode}.tif")
        out = decoded(page.data)
        assert out.mode == "L"
        assert near(out.getpixel((5, 5)), 0, 4)
        assert near(out.getpixel((60, 5)), 255, 4)
    (flat,) = read_scan(encoded(Image.new("F", (16, 16), 0.5), "TIFF"), "flat.tif")
    assert near(decoded(flat.data).getpixel((3, 3)), 255, 2)


def test_a_palette_png_with_transparency_is_laid_on_white() -> None:
    image = Image.new("P", (64, 32), 0)
    image.putpalette([*RED, 0, 0, 0])
    image.paste(1, (32, 0, 64, 32))  # right half: index 1, black but fully transparent
    data = encoded(image, "PNG", transparency=1)
    (page,) = read_scan(data, "logo.png")
    out = decoded(page.data)
    assert out.mode == "RGB"
    assert near(out.getpixel((5, 5)), RED)
    assert near(out.getpixel((60, 5)), WHITE)
    (opaque,) = read_scan(encoded(image, "PNG"), "opaque.png")
    assert near(decoded(opaque.data).getpixel((60, 5)), (0, 0, 0))


def test_only_bilevel_input_is_stored_as_png() -> None:
    black_and_white = Image.new("L", (40, 40), 255)
    black_and_white.paste(0, (0, 0, 20, 40))
    (grey,) = read_scan(encoded(black_and_white, "PNG"), "bw-as-grey.png")
    (bilevel,) = read_scan(encoded(black_and_white.convert("1"), "TIFF", compression="group4"), "g4.tif")
    assert grey.mime == "image/jpeg"
    assert decoded(grey.data).format == "JPEG"
    assert bilevel.mime == "image/png"
    assert decoded(bilevel.data).mode == "1"
    assert decoded(bilevel.data).getpixel((5, 5)) == 0
    assert decoded(bilevel.data).getpixel((35, 5)) == 255


# -- PDF ---------------------------------------------------------------------------------------
def pdf(pages: int = 2, size: tuple[float, float] = A4, **canvas: object) -> bytes:
    out = io.BytesIO()
    sheet = Canvas(out, pagesize=size, **canvas)
    for number in range(pages):
        sheet.setFillColorRGB(0, 0, 0)
        sheet.rect(72, 72, 144 * (number + 1), 144, stroke=0, fill=1)  # 1 in from the bottom-left
        sheet.drawString(72, 700, f"Quyet dinh so {number + 1}")
        sheet.showPage()
    sheet.save()
    return out.getvalue()


def test_a_two_page_pdf_gives_two_pages_rendered_at_200_dpi() -> None:
    pages = read_scan(pdf(), "quyết định.pdf")
    assert [p.source_page for p in pages] == [1, 2]
    assert all((p.width, p.height) == (1654, 2339) for p in pages)  # A4 at 200 dpi
    first = decoded(pages[0].data)
    assert first.mode == "RGB"
    assert first.info["dpi"] == (200, 200)
    assert near(first.getpixel((400, 2339 - 400)), (0, 0, 0))  # inside the square, 2 in from the corner
    assert near(first.getpixel((800, 2339 - 400)), WHITE)  # past it on page 1…
    assert near(decoded(pages[1].data).getpixel((800, 2339 - 400)), (0, 0, 0))  # …not on page 2
    assert pages[0].sha256 != pages[1].sha256


def test_encrypted_pdfs_are_refused_with_or_without_a_password_to_open() -> None:
    for user in ("mật-khẩu", ""):
        locked = pdf(1, encrypt=StandardEncryption(user, ownerPassword="chủ sở hữu"))
        assert refusal(locked, "khoá.pdf").key == "scan.pdf_encrypted"


def test_a_broken_pdf_is_refused() -> None:
    assert refusal(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n", "hỏng.pdf").key == "scan.pdf_damaged"


# -- kinds, sizes, hashes, thumbnails --------------------------------------------------------
def test_the_kind_comes_from_the_content_never_the_name() -> None:
    (page,) = read_scan(encoded(Image.new("RGB", (30, 20), RED), "PNG"), "thật ra là PNG.jpg")
    assert near(decoded(page.data).getpixel((3, 3)), RED)
    assert refusal("Họ và tên: Nguyễn Văn An".encode(), "văn bản.png").key == "scan.unknown_kind"
    assert refusal(b"\x00\x01" * 50, "blob.tif").key == "scan.unknown_kind"
    for fmt, label in (("GIF", "GIF"), ("WEBP", "WebP"), ("BMP", "BMP")):
        refused = refusal(encoded(Image.new("RGB", (20, 20), RED), fmt), "ảnh.jpg")
        assert refused.key == "scan.not_scan_format"
        assert refused.params["format"] == label


def test_empty_and_oversized_files_are_refused_before_anything_is_decoded() -> None:
    assert refusal(b"", "rỗng.jpg").key == "scan.empty"
    oversized = b"\xff\xd8\xff" + bytes(images.MAX_FILE_BYTES - 2)
    started = time.perf_counter()
    refused = refusal(oversized, "to.tif")
    assert refused.key == "scan.too_large"
    assert refused.params["mb"] == 60
    assert time.perf_counter() - started < 0.5
    assert len(oversized) == 60 * 1024 * 1024 + 1


def test_the_content_hash_follows_the_pixels_not_the_container_or_metadata() -> None:
    image = Image.new("L", (50, 40), 200)
    image.paste(20, (10, 10, 30, 30))
    (png,) = read_scan(encoded(image, "PNG"), "a.png")
    (again,) = read_scan(encoded(image, "PNG"), "a-copy.png")
    (tiff,) = read_scan(encoded(image, "TIFF", dpi=(300, 300)), "a.tif")
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "khác")
    (commented,) = read_scan(encoded(image, "PNG", pnginfo=info), "b.png")
    image.putpixel((0, 0), 199)
    (changed,) = read_scan(encoded(image, "PNG"), "c.png")
    assert png.sha256 == again.sha256 == tiff.sha256 == commented.sha256 != changed.sha256
    image.putpixel((0, 0), 200)
    assert png.sha256 == hashlib.sha256(b"L 50x40\n" + image.tobytes()).hexdigest()


@pytest.mark.parametrize(
    ("size", "mode", "thumb"),
    [((2480, 3508), "RGB", (170, 240)), ((2000, 600), "1", (240, 72)), ((100, 50), "L", (100, 50))],
)
def test_thumbnails_are_jpegs_at_most_240_px(
    size: tuple[int, int], mode: str, thumb: tuple[int, int]
) -> None:
    (page,) = read_scan(encoded(Image.new(mode, size, 1 if mode == "1" else 128), "PNG"), "t.png")
    small = decoded(page.thumbnail)
    assert small.format == "JPEG"
    assert small.size == thumb
    assert max(small.size) <= images.THUMB_SIDE
    assert small.mode in ("L", "RGB")
    assert len(small.getexif()) == 0


def test_scan_pages_are_immutable_values() -> None:
    (page,) = read_scan(encoded(Image.new("L", (10, 10), 9), "PNG"), "x.png")
    assert isinstance(page, ScanPage)
    with pytest.raises(AttributeError):
        page.mime = "image/png"  # type: ignore[misc]


def test_a_grey_page_is_drawn_with_detail_kept() -> None:
    """A page with text-like strokes keeps them: the stored JPEG is a faithful encode."""
    sheet = Image.new("L", (400, 300), 245)
    draw = ImageDraw.Draw(sheet)
    for y in range(20, 280, 20):
        draw.line((20, y, 380, y), fill=20, width=3)
    (page,) = read_scan(encoded(sheet, "PNG"), "lines.png")
    out = decoded(page.data)
    assert near(out.getpixel((200, 21)), 20, 30)
    assert near(out.getpixel((200, 30)), 245, 10)
