"""Filing documents and scans in a real vault: the inventory checked, pages sealed in chunks inside
the vault, duplicates refused, removal leaving a tombstone and no image, tampering detected, the
yearly items missing per year of service, and every act audited."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw

from app.audit.query import AuditFilter
from app.documents.service import CHUNK, DocumentService
from app.dossier.service import DossierService
from app.dossier.synthetic import generate
from app.errors import IntegrityViolation, InvalidInput, NotFound
from app.vault.session import Vault
from tests.conftest import fingerprint


def page_image(
    text: str, size: tuple[int, int] = (1240, 1754), fmt: str = "JPEG", noisy: bool = False, **kw: Any
) -> bytes:
    """A scanned-looking page: white, a few lines of 'text' blocks, a label drawn in the corner."""
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    for n in range(30):
        draw.rectangle((100, 150 + n * 50, 100 + (n * 37) % 900 + 100, 170 + n * 50), fill=(30, 30, 30))
    draw.text((60, 60), text, fill="black")
    if noisy:  # paper grain: a real scan's size, several chunks of the vault's storage
        image = Image.blend(image, Image.effect_noise(size, 60).convert("RGB"), 0.3)
    out = io.BytesIO()
    image.save(out, fmt, **kw)
    return out.getvalue()


def tiff(*texts: str) -> bytes:
    frames = [Image.open(io.BytesIO(page_image(t, (620, 877)))) for t in texts]
    out = io.BytesIO()
    frames[0].save(out, "TIFF", save_all=True, append_images=frames[1:], compression="tiff_deflate")
    return out.getvalue()


@pytest.fixture
def dossier(opened: Vault) -> int:
    docs = list(generate(1, seed=4))
    docs[0]["career"]["recruitment_date"] = "2019-03-01"
    docs[0]["position"]["status"] = "dang_cong_tac"
    (saved,) = DossierService(opened).save_many(docs, source="test")
    return saved.id


def entries(vault: Vault, action: str) -> list[Any]:
    return vault.audit.repo.page(AuditFilter(action=action), 0, 100)


def test_a_document_with_scans_is_filed_sealed_and_read_back(opened: Vault, dossier: int) -> None:
    service = DocumentService(opened)
    big = page_image("Quyết định bổ nhiệm", (2480, 3508), noisy=True, quality=95)  # several chunks
    files = [("qd.jpg", big), ("phu-luc.tif", tiff("Phụ lục 1", "Phụ lục 2"))]
    document_id = service.add(
        dossier, {"kind": "qd_bo_nhiem", "title": "QĐ bổ nhiệm", "number": "123-QĐ/TU", "date": "2021-10",
                  "issuer": "Ban Thường vụ Tỉnh ủy", "secrecy": "mat", "page_count": 3,
                  "received_on": "05/11/2021"}, files,
    )  # fmt: skip
    (filed,) = service.documents(dossier)
    assert filed.document.id == document_id
    assert (filed.document.number, filed.document.received_on) == ("123-QĐ/TU", "2021-11-05")
    assert [s.position for s in filed.scans] == [1, 2, 3]
    first = filed.scans[0]
    assert first.chunks == -(-first.size // CHUNK) > 1
    image = Image.open(io.BytesIO(service.image(first.id)))
    assert image.size == (2480, 3508)
    assert not image.getexif()
    thumb = Image.open(io.BytesIO(service.thumbnail(first.id)))
    assert max(thumb.size) <= 240
    # sealed inside the vault: no stored chunk is a readable image
    raw = opened.db.execute("SELECT data FROM scan_chunks")
    assert raw
    assert not any(bytes(r[0]).startswith((b"\xff\xd8", b"\x89PNG")) for r in raw)
    (entry,) = entries(opened, "document.add")
    assert json.loads(entry.details) == {"dossier": dossier, "kind": "qd_bo_nhiem", "year": None, "scans": 3}


def test_bad_entries_are_refused_and_nothing_is_written(opened: Vault, dossier: int) -> None:
    service = DocumentService(opened)
    before = fingerprint(opened)
    cases = [
        ({"kind": "sach"}, "documents.bad.kind"),
        ({"kind": "ban_tu_kiem_diem"}, "documents.bad.year_needed"),
        ({"kind": "qd_bo_nhiem", "year": 2024}, "documents.bad.year_not_yearly"),
        ({"kind": "khac", "date": "2024-13"}, "documents.bad.date"),
        ({"kind": "khac", "received_on": "01/01/2030"}, "documents.bad.date"),
        ({"kind": "khac", "title": "x" * 301}, "documents.bad.too_long"),
        ({"kind": "khac", "secrecy": "tuyet_mat"}, "documents.bad.secrecy"),
        ({"kind": "khac", "page_count": -1}, "documents.bad.number"),
        ({"kind": "khac", "colour": "red"}, "documents.bad.unknown"),
    ]
    for values, key in cases:
        with pytest.raises(InvalidInput) as info:
            service.add(dossier, values)
        assert info.value.key == key, values
    with pytest.raises(InvalidInput):  # a broken scan stops the whole filing
        service.add(
            dossier, {"kind": "khac"}, [("ok.jpg", page_image("a")), ("broken.jpg", page_image("b")[:5000])]
        )
    with pytest.raises(NotFound):
        service.add(dossier + 99, {"kind": "khac"})
    assert fingerprint(opened) == before


def test_a_page_already_in_the_dossier_is_refused(opened: Vault, dossier: int) -> None:
    service = DocumentService(opened)
    scan = page_image("Văn bằng đại học")
    first = service.add(dossier, {"kind": "van_bang_chung_chi"}, [("bang.jpg", scan)])
    before = fingerprint(opened)
    with pytest.raises(InvalidInput) as info:
        service.add_scans(first, [("lai.jpg", scan)])
    assert info.value.key == "documents.duplicate"
    assert info.value.params["document"] == first
    with pytest.raises(InvalidInput):  # twice in one filing
        service.add(dossier, {"kind": "khac"}, [("a.png", page_image("x", fmt="PNG"))] * 2)
    assert fingerprint(opened) == before


def test_removal_keeps_a_tombstone_and_deletes_the_images(opened: Vault, dossier: int) -> None:
    service = DocumentService(opened)
    keep = service.add(
        dossier, {"kind": "giay_kham_suc_khoe"}, [("1.jpg", page_image("1")), ("2.jpg", page_image("2"))]
    )
    scans = service.documents(dossier)[0].scans
    service.remove_scan(scans[1].id, "Quét nhầm trang")
    assert [s.id for s in service.documents(dossier)[0].scans] == [scans[0].id]
    with pytest.raises(NotFound):
        service.image(scans[1].id)
    with pytest.raises(InvalidInput):
        service.remove(keep, "   ")  # a reason is required
    service.remove(keep, "Tài liệu của người khác, lưu nhầm")
    assert service.documents(dossier) == []
    (tomb,) = service.documents(dossier, removed=True)
    assert tomb.document.removal_reason == "Tài liệu của người khác, lưu nhầm"
    assert tomb.document.removed_by == opened.actor
    assert all(s.removed_at for s in tomb.scans)
    assert opened.db.scalar("SELECT count(*) FROM scan_chunks") == 0
    assert opened.db.scalar("SELECT count(*) FROM document_scans WHERE thumbnail IS NOT NULL") == 0
    assert json.loads(entries(opened, "document.remove")[0].details)["scans"] == 1
    assert entries(opened, "document.scan_remove")


def test_a_moved_or_altered_chunk_does_not_open(opened: Vault, dossier: int) -> None:
    service = DocumentService(opened)
    service.add(
        dossier, {"kind": "khac"}, [("big.jpg", page_image("x", (2480, 3508), noisy=True, quality=95))]
    )
    scan = service.documents(dossier)[0].scans[0]
    first, second = (bytes(r[0]) for r in opened.db.execute(
        "SELECT data FROM scan_chunks WHERE scan_id = ? ORDER BY n LIMIT 2", (scan.id,)))  # fmt: skip
    with opened.db.transaction() as tx:
        tx.execute("UPDATE scan_chunks SET data = ? WHERE scan_id = ? AND n = 0", (second, scan.id))
        tx.execute("UPDATE scan_chunks SET data = ? WHERE scan_id = ? AND n = 1", (first, scan.id))
    with pytest.raises(IntegrityViolation):
        service.image(scan.id)


def test_yearly_items_missing_per_year_of_service(opened: Vault, dossier: int) -> None:
    service = DocumentService(opened)  # recruited 01/03/2019; the clock is at 01/01/2026
    for year in (2019, 2020, 2021, 2022, 2023, 2024, 2025):
        service.add(dossier, {"kind": "phieu_bo_sung_ly_lich", "year": year})
    service.add(dossier, {"kind": "ban_tu_kiem_diem", "year": 2024})
    missing = service.missing_yearly(dossier)
    assert missing == {y: ["ban_tu_kiem_diem"] for y in (2019, 2020, 2021, 2022, 2023, 2025)}
    assert [e.target for e in entries(opened, "document.add")].__len__() == 8


def test_scans_are_only_inside_the_vault(opened: Vault, dossier: int, tmp_path: Path) -> None:
    folder = Path(opened.path)
    before = {p.name for p in folder.iterdir()}
    DocumentService(opened).add(dossier, {"kind": "khac"}, [("x.jpg", page_image("trang"))])
    after = {p.name for p in folder.iterdir()}
    assert after - before <= {"vault.db-wal", "vault.db-shm"}


def test_a_cancelled_filing_writes_nothing(opened: Vault, dossier: int) -> None:
    service = DocumentService(opened)
    before = fingerprint(opened)
    asked = iter([False, False, True])  # go on for the file, then stop at the second page
    files = [("a.tif", tiff("1", "2", "3"))]
    with pytest.raises(InterruptedError):
        service.add(dossier, {"kind": "khac"}, files, cancelled=lambda: next(asked))
    assert fingerprint(opened) == before
