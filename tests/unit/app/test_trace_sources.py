"""What the trace tool accepts, decided from the content: PDFs (rendered by PDFium, with their
text), PNG/JPEG/TIFF (every frame, EXIF orientation applied), UTF-8 text; and what it refuses by
name, changing nothing: unknown kinds, truncated images, broken PDFs, too many pixels or bytes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from app.errors import InvalidInput, NotFound
from app.trace import sources
from app.trace.sources import Source


def _png(image: Image.Image, fmt: str = "PNG", **kw: object) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **kw)
    return out.getvalue()


def test_the_kind_comes_from_the_content_not_the_name() -> None:
    jpeg = _png(Image.new("L", (40, 30), 200), "JPEG")
    assert sources.kind(Source("scan.png", jpeg)) == "image"
    assert sources.kind(Source("a.pdf", b"%PDF-1.4\n...")) == "pdf"
    assert sources.kind(Source("retyped.doc", "Họ và tên khai sinh".encode())) == "text"
    with pytest.raises(InvalidInput, match=r"blob\.bin"):
        sources.kind(Source("blob.bin", b"\x00\x01\x02\xff" * 100))


def test_every_tiff_frame_is_a_page_and_exif_orientation_is_applied() -> None:
    frames = [Image.new("L", (60, 40), v) for v in (10, 120, 250)]
    tiff = io.BytesIO()
    frames[0].save(tiff, format="TIFF", save_all=True, append_images=frames[1:])
    pages = list(sources.pages(Source("scans.tif", tiff.getvalue())))
    assert [p.number for p in pages] == [1, 2, 3]
    assert [p.image.getpixel((0, 0)) for p in pages if p.image] == [10, 120, 250]
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated: the camera was held sideways
    (photo,) = sources.pages(Source("photo.jpg", _png(Image.new("L", (80, 20), 255), "JPEG", exif=exif)))
    assert photo.image is not None
    assert photo.image.size == (20, 80)
    assert photo.number is None


def test_a_pdf_is_rendered_at_300_dpi_with_its_text() -> None:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(144, 72))
    canvas.drawString(10, 30, "Bản sao số 1/3")
    canvas.showPage()
    canvas.save()
    (page,) = sources.pages(Source("copy.pdf", out.getvalue()))
    assert page.image is not None
    assert page.image.size == (600, 300)
    assert page.number == 1
    assert "Bản sao số 1/3" in page.text or "1/3" in page.text


@pytest.mark.parametrize(
    ("name", "data", "key"),
    [
        ("broken.png", _png(Image.new("L", (300, 300), 128))[:200], "trace.bad_image"),
        ("broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n", "trace.bad_pdf"),
        ("huge.png", _png(Image.new("1", (12_000, 9_000), 1)), "trace.too_many_pixels"),
    ],
)
def test_bad_files_are_refused_by_name(name: str, data: bytes, key: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        list(sources.pages(Source(name, data)))
    assert refused.value.key == key
    assert name in refused.value.message()


def test_load_refuses_missing_oversized_and_folders(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match=r"absent\.png"):
        sources.load(tmp_path / "absent.png")
    big = tmp_path / "big.tif"
    with big.open("wb") as f:
        f.truncate(sources.MAX_BYTES + 1)  # sparse: no 200 MB written
    with pytest.raises(InvalidInput, match=r"big\.tif"):
        sources.load(big)
    with pytest.raises(InvalidInput):
        sources.load(tmp_path)
