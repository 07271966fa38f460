"""Issued copies rendered by QtPdf from memory, as the preview does: every page's QR and dot
lattice decode back to the copy's serial, each copy differs from the others in serial, token,
dots and text, and the Vietnamese glyphs come out as the letters they should be."""

from __future__ import annotations

import re
import subprocess

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from app.dossier.service import DossierService
from app.dossier.synthetic import generate
from app.extract import tokens
from app.extract.approvals import ApprovalInput, Approvals
from app.extract.lattice import DOT_PX, PITCH_PX
from app.extract.lattice_read import read_lattice
from app.extract.qr_read import read_qr
from app.extract.readers import ReaderBook
from app.extract.register import CopyRegister
from app.extract.service import ExtractService, IssuedCopy, Request
from app.vault.session import Vault
from tests.conftest import PROJECT
from tests.tracing.corpus import render

pytestmark = pytest.mark.gui
DPI = 300
READER = "Phạm Thị Ngọc Ánh"


@pytest.fixture
def issued(opened: Vault) -> tuple[Vault, list[IssuedCopy], int]:
    docs = list(generate(1, seed=31))
    docs[0]["identity"]["full_name"] = "Nguyễn Thị Hường"
    dossier = DossierService(opened).save_many(docs, source="test")[0].id
    reader = ReaderBook(opened).add(READER, "Ban Tổ chức Tỉnh ủy", "Chuyên viên")
    approval = Approvals(opened).add(
        ApprovalInput(
            reader_id=reader,
            decision_no="7-QĐ/TU",
            decision_date="20/12/2025",
            signer="Hoàng Văn Ký",
            dossiers=(dossier,),
            sections=("identity", "position", "training", "family"),
            valid_until="31/12/2026",
            copies=3,
        )
    )
    copies = ExtractService(opened).issue(Request(approval, dossier, 3, "tt06"))
    return opened, copies, dossier


def test_every_page_decodes_to_its_copy_by_qr_and_by_dots(
    qtbot: object, issued: tuple[Vault, list[IssuedCopy], int]
) -> None:
    vault, copies, _ = issued
    keys = vault.keys
    payloads = set()
    qr_texts = set()
    for copy in copies:
        assert CopyRegister(vault).get(copy.serial).row.sha256 == copy.sha256
        for page in range(copy.pages):
            image = render(copy.pdf, page)
            found = [
                tokens.read_token(text, keys.signing_public(), vault.vault_id) for text in read_qr(image)
            ]
            assert tokens.TokenRead(copy.serial, page + 1, True) in found
            qr_texts.update(read_qr(image))
            read = read_lattice(image, lambda p: tokens.lattice_serial(keys.copy_mac_key(), p) is not None)
            assert read is not None
            assert tokens.lattice_serial(keys.copy_mac_key(), read.payload) == copy.serial
            payloads.add(read.payload)
    assert len({c.serial for c in copies}) == 3
    assert len(payloads) == 3
    assert len(qr_texts) == sum(c.pages for c in copies)


def test_each_copy_carries_its_own_text_variants(issued: tuple[Vault, list[IssuedCopy], int]) -> None:
    vault, copies, _ = issued
    records = [CopyRegister(vault).get(c.serial).row.variants for c in copies]
    assert len({str(sorted(r["choices"].items())) for r in records}) == 3
    texts = []
    for copy in copies:
        out = subprocess.run(["pdftotext", "-", "-"], input=copy.pdf, capture_output=True, check=True).stdout
        body = out.decode("utf-8")
        for serial in (c.serial for c in copies):
            body = body.replace(serial, "")
        texts.append(body)
    assert len(set(texts)) == 3


def _ink(image: Image.Image) -> np.ndarray:
    """Dark pixels."""
    return np.asarray(image.convert("L")) < 128


def _without_dots(page: Image.Image) -> Image.Image:
    """The 300-dpi page with every lattice cell's 3×3 dot position painted white (where a dot
    touches a stroke, 9 pixels of the stroke go too: a few per cent of a glyph)."""
    pixels = np.asarray(page.convert("L")).copy()
    first = (PITCH_PX - DOT_PX) // 2
    rows = (np.arange(pixels.shape[0]) % PITCH_PX - first) % PITCH_PX < DOT_PX
    cols = (np.arange(pixels.shape[1]) % PITCH_PX - first) % PITCH_PX < DOT_PX
    pixels[np.ix_(rows, cols)] = 255
    return Image.fromarray(pixels)


def _word(text: str, size_px: int) -> np.ndarray:
    font = ImageFont.truetype(str(PROJECT / "resources/fonts/DejaVuSerif-Bold.ttf"), size_px)
    left, top, right, bottom = font.getbbox(text)
    canvas = Image.new("L", (right - left + 8, bottom - top + 8), 255)
    ImageDraw.Draw(canvas).text((4 - left, 4 - top), text, font=font, fill=0)
    return _ink(canvas)


def _crop_ink(mask: np.ndarray) -> np.ndarray:
    rows, cols = np.where(mask)
    return mask[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1]


def _similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Intersection over union of two ink masks, the second scaled to the first's ink box."""
    a = _crop_ink(a)
    b_img = Image.fromarray(_crop_ink(b).astype(np.uint8) * 255).resize((a.shape[1], a.shape[0]))
    b = np.asarray(b_img) > 127
    return float((a & b).sum() / max(1, (a | b).sum()))


def test_vietnamese_glyphs_render_as_the_letters(issued: tuple[Vault, list[IssuedCopy], int]) -> None:
    """The cadre's name as QtPdf renders it from the copy matches the same word drawn by Pillow with
    the shipped font far better than the word without its diacritics does."""
    _, copies, _ = issued
    image = _without_dots(render(copies[0].pdf, 0))
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", "-", "-"],
        input=copies[0].pdf,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    line = next(row for row in out.splitlines() if ">HƯỜNG<" in row)
    attrs = dict(re.findall(r'(\w+)="([\d.]+)"', line))
    box = [float(attrs[k]) * DPI / 72 for k in ("xMin", "yMin", "xMax", "yMax")]
    pad = round((box[3] - box[1]) * 0.45)  # marks on capitals rise above the line's box
    crop = image.crop((int(box[0]) - 2, int(box[1]) - pad, int(box[2]) + 2, int(box[3]) + 2))
    rendered = _ink(crop)
    size = round(box[3] - box[1])
    right = _similarity(rendered, _word("HƯỜNG", size))
    wrong = _similarity(rendered, _word("HUONG", size))
    assert right > 0.7  # measured 0.81
    assert right > wrong + 0.15  # measured 0.56 without the diacritics
