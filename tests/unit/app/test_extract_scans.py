"""Scanned papers in a copy of an extract (issue 9, item 4), on a real vault with real images made
by Pillow and the copies read back with PDFium (pypdfium2): the live scans follow the text only
when the approval covers ``documents``, each page under the copy's marking, QR and lattice, the
JPEG embedded as stored, and the copy raised to the highest secrecy of what it prints."""

from __future__ import annotations

import io
import json
from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from app.audit.query import AuditFilter
from app.documents.service import DocumentService
from app.dossier.service import DossierService
from app.dossier.synthetic import generate
from app.extract import serials, tokens
from app.extract.approvals import ApprovalInput, Approvals
from app.extract.lattice_page import draw_lattice
from app.extract.lattice_read import read_lattice
from app.extract.qr_read import read_qr
from app.extract.readers import ReaderBook
from app.extract.scan_pages import draw_scan
from app.extract.service import ExtractService, IssuedCopy, Request
from app.trace.service import TraceService
from app.trace.sources import Source
from app.vault.session import Vault
from tests.conftest import PROJECT

CAPTION = "của tài liệu"  # "trang i/n của tài liệu": only a scan page's caption says it
BLOCK = "BẢN TRÍCH SAO BÍ MẬT NHÀ NƯỚC"  # the copy block's title (template tt24-2020 on 01/01/2026)
TEXT = ("identity", "family")


def scan(label: str, size: tuple[int, int] = (1240, 1754), mode: str = "RGB", fmt: str = "JPEG") -> bytes:
    """A scanned-looking page: off-white paper, a heading and lines of text, a red seal."""
    font = ImageFont.truetype(str(PROJECT / "resources" / "fonts" / "DejaVuSerif.ttf"), 20)
    image = Image.new("RGB", size, (246, 244, 238))
    draw = ImageDraw.Draw(image)
    draw.text((120, 110), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", fill=(20, 20, 20), font=font)
    draw.text((120, 150), label, fill=(20, 20, 20), font=font)
    for n in range(min(40, (size[1] - 300) // 34)):
        draw.text(
            (120, 230 + n * 34), f"Dòng {n} của văn bản gốc trong hồ sơ cán bộ.", fill=(30, 30, 30), font=font
        )
    draw.ellipse((size[0] - 420, size[1] - 420, size[0] - 160, size[1] - 160), outline=(190, 30, 30), width=8)
    if mode == "1":  # a scanner's bilevel mode: thresholded, not dithered
        image = image.convert("L").point(lambda v: 255 if v > 128 else 0).convert("1")
    elif mode != "RGB":
        image = image.convert(mode)
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


@pytest.fixture
def dossier(opened: Vault) -> int:
    (saved,) = DossierService(opened).save_many(list(generate(1, seed=4)), source="test")
    return saved.id


@pytest.fixture
def approval(opened: Vault, dossier: int) -> int:
    reader = ReaderBook(opened).add("Trần Văn Đọc", "Ủy ban Kiểm tra Tỉnh ủy", "Chuyên viên")
    return Approvals(opened).add(
        ApprovalInput(
            reader_id=reader, decision_no="125-QĐ/TU", decision_date="15/12/2025", signer="Nguyễn Văn Ký",
            dossiers=(dossier,), sections=(*TEXT, "documents"), valid_until="31/01/2026", copies=3,
        )
    )  # fmt: skip


@pytest.fixture
def filed(opened: Vault, dossier: int) -> dict[str, Any]:
    """Three live scans in two live documents, one removed scan and one removed document."""
    service = DocumentService(opened)
    diploma = service.add(
        dossier, {"kind": "van_bang_chung_chi", "date": "2010"},
        [("bang.png", scan("Bằng tốt nghiệp", mode="1", fmt="PNG")),
         ("bo.jpg", scan("Trang bỏ", (1000, 1400)))],
    )  # fmt: skip
    decision = service.add(
        dossier, {"kind": "qd_bo_nhiem", "number": "123-QĐ/TU", "date": "2021-10-15", "secrecy": "toi_mat"},
        [("qd1.jpg", scan("QUYẾT ĐỊNH 123-QĐ/TU")), ("qd2.jpg", scan("trang 2", (1754, 1240), mode="L"))],
    )  # fmt: skip
    gone = service.add(dossier, {"kind": "giay_kham_suc_khoe"}, [("sk.jpg", scan("Giấy khám", (1100, 1500)))])
    removed_scan = service.documents(dossier)[-1].scans[1]  # van_bang's second page
    removed_bytes = [service.image(removed_scan.id), service.image(service.documents(dossier)[0].scans[0].id)]
    service.remove_scan(removed_scan.id, "Quét nhầm trang")
    service.remove(gone, "Nộp nhầm hồ sơ")
    live = [s for f in service.documents(dossier) for s in f.scans]
    return {"live": live, "removed": removed_bytes, "images": [service.image(s.id) for s in live],
            "documents": (decision, diploma)}  # fmt: skip


def issue(vault: Vault, approval: int, dossier: int, sections: tuple[str, ...]) -> IssuedCopy:
    (copy,) = ExtractService(vault).issue(Request(approval, dossier, 1, "tt06", sections))
    return copy


def texts(pdf: bytes) -> list[str]:
    document = pdfium.PdfDocument(pdf)
    out = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    document.close()
    return out


def render(pdf: bytes, index: int, dpi: int = 200) -> Image.Image:
    document = pdfium.PdfDocument(pdf)
    image: Image.Image = document[index].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    document.close()
    return image


def issued_details(vault: Vault, serial: str) -> dict[str, Any]:
    (entry,) = [
        e for e in vault.audit.repo.page(AuditFilter(action="extract.issue"), 0, 100) if e.target == serial
    ]
    return dict(json.loads(entry.details))


def test_documents_in_scope_print_every_live_scan_after_the_text_under_the_copys_marks(
    opened: Vault, dossier: int, approval: int, filed: dict[str, Any]
) -> None:
    copy = issue(opened, approval, dossier, (*TEXT, "documents"))
    pages = texts(copy.pdf)
    assert copy.pages == len(pages)
    scanned = [i for i, text in enumerate(pages) if CAPTION in text]
    first = scanned[0]
    assert scanned == [first, first + 1, first + 2]  # one page per live scan, right after the text
    assert first >= 1
    assert BLOCK in pages[-1]
    assert len(pages) - (first + 3) in (0, 1)  # the copy block after the scans, maybe on a page of its own
    captions = [pages[i] for i in scanned]
    assert "Quyết định bổ nhiệm · số 123-QĐ/TU · ngày 15/10/2021" in captions[0]  # inventory order
    assert "trang 1/2 của tài liệu" in captions[0]
    assert "trang 2/2 của tài liệu" in captions[1]
    assert "Văn bằng, chứng chỉ · năm 2010" in captions[2]
    assert "trang 1/1 của tài liệu" in captions[2]
    serial = serials.grouped(copy.serial)
    for number, text in enumerate(pages, start=1):
        assert f"Số hiệu bản sao: {serial}" in text
        assert "Bản sao số 1/3" in text
        assert f"Trang {number}/{len(pages)}" in text
    # the stored JPEGs as they are, each once; the removed scan and document nowhere
    for image in filed["images"][:2]:
        assert copy.pdf.count(image) == 1
    for image in filed["removed"]:
        assert image not in copy.pdf
    # each scan page's QR is this copy's, on this page, signed by this vault
    public = opened.keys.signing_public()
    for index in scanned:
        read = [tokens.read_token(t, public, opened.vault_id) for t in read_qr(render(copy.pdf, index))]
        assert [(r.serial, r.page, r.authentic) for r in read if r] == [(copy.serial, index + 1, True)]
    assert opened.db.scalar("SELECT pages FROM copies WHERE serial = ?", (copy.serial,)) == len(pages)
    assert issued_details(opened, copy.serial)["scan_pages"] == 3


def test_trace_identifies_a_scan_page_by_its_qr_and_by_its_dots_alone(
    opened: Vault, dossier: int, approval: int, filed: dict[str, Any]
) -> None:
    copy = issue(opened, approval, dossier, (*TEXT, "documents"))
    index = next(i for i, text in enumerate(texts(copy.pdf)) if CAPTION in text)
    out = io.BytesIO()
    render(copy.pdf, index, 250).save(out, "PNG")
    photo = [Source("trang-quet.png", out.getvalue())]
    (by_qr,) = TraceService(opened).trace(photo).matches
    assert (by_qr.serial, by_qr.page, by_qr.layer, by_qr.authentic) == (copy.serial, index + 1, "qr", True)
    (by_dots,) = TraceService(opened).trace(photo, layers=("lattice",)).matches
    assert (by_dots.serial, by_dots.layer, by_dots.authentic) == (copy.serial, "lattice", True)


def test_without_documents_in_scope_no_scan_is_printed(
    opened: Vault, dossier: int, approval: int, filed: dict[str, Any]
) -> None:
    copy = issue(opened, approval, dossier, TEXT)
    assert not any(CAPTION in text for text in texts(copy.pdf))
    assert not any(image in copy.pdf for image in filed["images"])
    assert issued_details(opened, copy.serial)["scan_pages"] == 0


def test_the_copy_takes_the_highest_secrecy_of_what_it_prints(
    opened: Vault, dossier: int, approval: int, filed: dict[str, Any]
) -> None:
    assert DossierService(opened).get(dossier, audit=False).secrecy == "mat"
    with_scans = texts(issue(opened, approval, dossier, (*TEXT, "documents")).pdf)
    assert all(text.startswith("TỐI MẬT") for text in with_scans)  # the text pages too: one copy, one level
    without = issue(opened, approval, dossier, TEXT)
    assert all(text.startswith("MẬT") for text in texts(without.pdf))
    assert issued_details(opened, without.serial)["secrecy"] == "mat"
    # a toi_mat document whose scans are all removed prints nothing, and raises nothing
    decision = filed["documents"][0]
    DocumentService(opened).remove(decision, "Trả lại cơ quan ban hành")
    lowered = issue(opened, approval, dossier, (*TEXT, "documents"))
    assert all(text.startswith("MẬT") for text in texts(lowered.pdf))
    details = issued_details(opened, lowered.serial)
    assert (details["scan_pages"], details["secrecy"]) == (1, "mat")


def page_with(payload: bytes, data: bytes | None) -> Image.Image:
    """An A4 page with the lattice of ``payload`` and, over nearly all of it, the scan ``data``."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    draw_lattice(canvas, payload, *A4)
    if data is not None:
        draw_scan(canvas, data, (20.0, 20.0, A4[0] - 40, A4[1] - 40))
    canvas.showPage()
    canvas.save()
    return render(buffer.getvalue(), 0)


def test_the_dots_and_the_watermark_show_through_a_scans_paper() -> None:
    """A scan is painted in Multiply (JPEG, colour PNG) or as a stencil (bilevel): the lattice
    painted before it still reads through its paper, which an opaque image would hide."""
    payload = bytes(range(12))
    dots_only = np.asarray(page_with(payload, None)).mean()
    for data in (scan("JPEG"), scan("PNG xám", mode="L", fmt="PNG"), scan("1 bit", mode="1", fmt="PNG")):
        page = page_with(payload, data)
        assert np.asarray(page).mean() < dots_only - 2  # the scan's ink is there
        read = read_lattice(page, lambda found: found == payload)
        assert read is not None
        assert read.agreement > 0.95
