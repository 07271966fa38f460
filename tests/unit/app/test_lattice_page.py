"""The dot lattice on a real page: a ReportLab PDF in memory with text, a grey diagonal line and
the QR over the lattice, rendered by poppler, read back (lattice and QR)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zlib

import numpy as np
import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.extract.lattice_page import draw_lattice, page_image, raster_size
from app.extract.lattice_read import read_lattice
from app.extract.qr_read import read_qr
from app.pdf import fonts
from app.pdf.qr import draw_qr

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils via scripts/dev.py")

PAYLOAD = bytes.fromhex("5a17c3e9000b41d2") + bytes.fromhex("9e3779b9")
TOKEN = "HOSO1:B8BW7T00:1:3F9A2C"
LINE = "Quá trình công tác: {n}. Phó Bí thư Huyện ủy, Chủ tịch UBND huyện (2015–2020); đảng viên từ 1998"
WIDTH, HEIGHT = A4


def _pdf(payload: bytes | None, pages: int = 1) -> bytes:
    fonts.register()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4)
    for page in range(pages):
        if payload is not None:
            draw_lattice(canvas, payload, WIDTH, HEIGHT)
        canvas.saveState()
        canvas.setFillGray(0.8)
        canvas.setFont(fonts.SANS, 9)
        canvas.translate(WIDTH / 2, HEIGHT / 2)
        canvas.rotate(35)
        for k in range(-7, 8):
            canvas.drawString(-480, k * 58, "Nguyễn Văn A – Bản số 1/3 – B8BW7T00 – 21/11/2025      " * 6)
        canvas.restoreState()
        canvas.setFont(fonts.SERIF, 11)
        y = HEIGHT - 30 * mm
        for n in range(48):
            canvas.drawString(20 * mm, y, LINE.format(n=n + 1))
            if n % 8 == 0:
                canvas.setLineWidth(0.6)
                canvas.line(20 * mm, y - 4, WIDTH - 20 * mm, y - 4)
            y -= 15
        draw_qr(canvas, TOKEN.replace(":1:", f":{page + 1}:"), WIDTH - 39 * mm, 3 * mm, 22 * mm)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def _render(pdf: bytes, dpi: int) -> Image.Image:
    png = subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-gray", "-png", "-singlefile", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout
    image = Image.open(io.BytesIO(png))
    image.load()
    return image.convert("L")


def _verify(payload: bytes) -> bool:
    return payload == PAYLOAD


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return _pdf(PAYLOAD)


@pytest.fixture(scope="module")
def page300(pdf: bytes) -> Image.Image:
    return _render(pdf, 300)


def test_the_lattice_is_one_1_bit_image_mask_within_budget(pdf: bytes) -> None:
    images = re.findall(rb"<<[^>]*?/Subtype /Image[^>]*?>>", pdf, flags=re.S)
    assert len(images) == 1
    head = images[0]
    assert b"/ImageMask true" in head
    assert b"/BitsPerComponent 1" in head
    assert b"DeviceRGB" not in pdf
    width, height = raster_size(WIDTH, HEIGHT)
    assert f"/Width {width}".encode() in head
    assert f"/Height {height}".encode() in head
    added = len(pdf) - len(_pdf(None))
    assert 0 < added <= 60_000


def test_the_same_payload_on_every_page_is_embedded_once() -> None:
    two = _pdf(PAYLOAD, pages=2)
    assert two.count(b"/ImageMask true") == 1
    number = re.search(rb"(\d+) 0 obj\s*<<[^>]*/ImageMask true", two)
    assert number is not None
    refs = re.findall(rb"/FormXob\.\w+ (\d+) 0 R", two)  # each page's resources
    assert refs == [number.group(1)] * 2
    assert _stream_of(_pdf(bytes(12))) != _stream_of(two)  # another copy, another lattice


def test_page_image_is_a_light_300_dpi_1_bit_raster() -> None:
    image = page_image(PAYLOAD, WIDTH, HEIGHT)
    assert image.mode == "1"
    assert image.size == raster_size(WIDTH, HEIGHT) == (2481, 3508)
    ink = 1.0 - np.asarray(image, dtype=np.float64).mean()
    assert 0.015 < ink < 0.025  # faintly textured (3×3-px dots, 0.254 mm, on half the cells), not grey
    # the stream in the PDF is exactly this raster
    assert image.tobytes() == zlib.decompress(_stream_of(_pdf(PAYLOAD)))


def _stream_of(pdf: bytes) -> bytes:
    """The raw (Flate) stream of the PDF's image mask."""
    found = re.search(rb"<<[^>]*/ImageMask true[^>]*?/Length (\d+)[^>]*>>\s*stream\r?\n", pdf)
    assert found is not None
    return pdf[found.end() : found.end() + int(found.group(1))]


def test_lattice_and_qr_read_back_at_300_dpi(page300: Image.Image) -> None:
    read = read_lattice(page300, _verify)
    assert read is not None
    assert read.payload == PAYLOAD
    assert read.corrected == 0
    assert read.agreement > 0.95
    assert read.tiles_agreeing >= 50
    assert read.dpi == pytest.approx(300, abs=1)
    assert read.angle == pytest.approx(0, abs=0.2)
    assert read_qr(page300) == [TOKEN]


def test_lattice_and_qr_read_back_at_150_dpi(pdf: bytes) -> None:
    page = _render(pdf, 150)
    read = read_lattice(page, _verify)
    assert read is not None
    assert read.payload == PAYLOAD
    assert read.dpi == pytest.approx(150, abs=1)
    assert read_qr(page) == [TOKEN]


@pytest.mark.parametrize(
    ("turn", "angle"),
    [
        (Image.Transpose.ROTATE_90, 90.0),
        (Image.Transpose.ROTATE_180, 180.0),
        (Image.Transpose.ROTATE_270, -90.0),
    ],
)
def test_a_turned_page_still_decodes(page300: Image.Image, turn: Image.Transpose, angle: float) -> None:
    read = read_lattice(page300.transpose(turn), _verify)
    assert read is not None
    assert read.payload == PAYLOAD
    assert abs((read.angle - angle + 180) % 360 - 180) < 0.2


def test_a_slightly_rotated_page_decodes(page300: Image.Image) -> None:
    tilted = page300.rotate(2.5, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    read = read_lattice(tilted, _verify)
    assert read is not None
    assert read.payload == PAYLOAD
    assert read.angle == pytest.approx(2.5, abs=0.1)


def test_a_fifth_of_the_page_from_the_text_decodes(page300: Image.Image) -> None:
    w, h = page300.size
    side_w, side_h = int(w * 0.2**0.5), int(h * 0.2**0.5)
    x, y = (w - side_w) // 2, (h - side_h) // 2
    read = read_lattice(page300.crop((x, y, x + side_w, y + side_h)), _verify)
    assert read is not None
    assert read.payload == PAYLOAD


def test_a_wrong_verify_gives_none(page300: Image.Image) -> None:
    seen: list[bytes] = []

    def refuse(payload: bytes) -> bool:
        seen.append(payload)
        return False

    assert read_lattice(page300, refuse) is None
    assert PAYLOAD in seen  # the payload was found and offered, and the refusal was honoured
    assert all(len(p) == 12 for p in seen)


def test_a_page_without_a_lattice_gives_none() -> None:
    bare = _render(_pdf(None), 150)
    assert read_lattice(bare, _verify) is None
    assert read_qr(bare) == [TOKEN]
