"""Make the fixture vault of the current schema version (run once per released schema).

    .venv/bin/python tests/data/make_fixtures.py

Writes ``tests/data/vault-vN/`` (a real vault made with the fast test KDF through the in-process
seam, so only tests can open it) and ``tests/data/vault-vN.json`` (its passphrase, recovery code
and audit key — test data, not secrets). Released fixtures are never regenerated: each is opened
and upgraded by ``tests/unit/storage/test_fixture_vaults.py``.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from app.clock import ManualClock  # noqa: E402
from app.vault.create import create_vault  # noqa: E402
from app.vault.session import Vault  # noqa: E402
from app.vault.unlock import unlock  # noqa: E402
from crypto.kdf import KdfParams  # noqa: E402
from storage.migrations import latest_version  # noqa: E402

FIXTURE_KDF = KdfParams(memory_kib=8 * 1024, iterations=1, lanes=1)
PASSPHRASE = "Kho mẫu phiên bản lược đồ"
SAMPLE_DOSSIER = {
    "identity": {
        "personal_id": "019075000123",
        "full_name": "Hoàng Thị Mẫu",
        "sex": "nu",
        "birth_date": "1975-06",
        "ethnicity": "tay",
        "phone": "0208 3855 000",
    },
    "position": {"current_post": "Phó Giám đốc Sở", "management_tier": "btv_tinh"},
    "family": [{"side": "ban_than", "relation": "mẹ", "full_name": "Lường Thị Hoa", "birth_year": 1950}],
}


def _set_sample_portrait(vault: Vault, dossier_id: int) -> dict[str, object]:
    """A 3×4 picture drawn with Pillow (a face-coloured oval on blue), stored as the portrait."""
    import io

    from PIL import Image, ImageDraw

    from app.dossier.portrait import set_portrait

    picture = Image.new("RGB", (300, 400), (40, 90, 170))
    ImageDraw.Draw(picture).ellipse((75, 60, 225, 260), fill=(230, 190, 160))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    portrait = set_portrait(vault, dossier_id, buffer.getvalue(), source="fixture")
    return {
        "dossier_id": dossier_id,
        "sha256": portrait.sha256,
        "width": portrait.width,
        "height": portrait.height,
    }


def _issue_sample_copy(vault: Vault, dossier_id: int) -> dict[str, object]:
    """Schema 4 brought readers, approvals, reading sessions and the copy register: one of each."""
    from app.extract.approvals import ApprovalInput, Approvals
    from app.extract.readers import ReaderBook
    from app.extract.reading import ReadingRegister
    from app.extract.service import ExtractService, Request

    reader = ReaderBook(vault).add("Trần Văn Mẫu", "Ủy ban Kiểm tra Tỉnh ủy", "Chuyên viên", "019080000321")
    given = ApprovalInput(
        reader_id=reader,
        decision_no="1-QĐ/TU",
        decision_date="2025-12-20",
        signer="Nguyễn Văn Ký",
        dossiers=(dossier_id,),
        sections=("identity", "position", "family"),
        valid_until="2026-12-31",
        copies=2,
    )
    printed = Approvals(vault).add(given)
    on_site = Approvals(vault).add(dataclasses.replace(given, form="doc_tai_cho", copies=0))
    reading = ReadingRegister(vault).open(on_site, (dossier_id,), ("family",), "Đọc tại chỗ")
    ReadingRegister(vault).close(reading, "Đã trả")
    copy = ExtractService(vault).issue(Request(printed, dossier_id, 1, "tt06"))[0]
    return {
        "reader": reader,
        "approval": printed,
        "reading": reading,
        "serial": copy.serial,
        "sha256": copy.sha256,
        "pages": copy.pages,
    }


def _file_sample_scan(vault: Vault, dossier_id: int) -> dict[str, object]:
    """Schema 6 brought documents and scans: file one yearly item with a scanned page."""
    import io

    from PIL import Image, ImageDraw

    from app.documents.service import DocumentService

    page = Image.new("L", (620, 877), 255)
    ImageDraw.Draw(page).rectangle((60, 80, 560, 120), fill=20)
    buffer = io.BytesIO()
    page.save(buffer, "PNG")
    service = DocumentService(vault)
    document_id = service.add(
        dossier_id, {"kind": "phieu_bo_sung_ly_lich", "year": 2025}, [("phieu-2025.png", buffer.getvalue())]
    )
    scan = service.documents(dossier_id)[0].scans[0]
    return {"document": document_id, "scan": scan.id, "sha256": scan.sha256}


def main() -> None:
    version = latest_version()
    target = HERE / f"vault-v{version}"
    if target.exists():
        sys.exit(f"{target} exists: released fixtures are never regenerated")
    clock = ManualClock()
    created = create_vault(target, PASSPHRASE, kdf_params=FIXTURE_KDF, clock=clock, actor="fixture")
    vault = unlock(target, PASSPHRASE, kdf_floor=FIXTURE_KDF, clock=clock, actor="fixture")
    vault.change_setting("idle_lock_minutes", "7")
    sample = None
    sample_portrait = None
    sample_id = 0
    if version >= 2:  # schema 2 brought dossiers: keep one, with restricted values and history
        from app.dossier.service import DossierService

        service = DossierService(vault)
        saved = service.save(SAMPLE_DOSSIER)
        clock.advance(86400)
        changed = {
            **SAMPLE_DOSSIER,
            "position": {**SAMPLE_DOSSIER["position"], "current_post": "Giám đốc Sở"},
        }
        service.save(changed, dossier_id=saved.id, basis="QĐ 1-QĐ/TU")
        sample = {"id": saved.id, "document": changed}
        sample_id = saved.id
    if version >= 3:  # schema 3 brought the portrait photo: give the sample dossier one
        sample_portrait = _set_sample_portrait(vault, sample_id)
    sample_extract = _issue_sample_copy(vault, sample_id) if version >= 4 else None
    sample_scan = _file_sample_scan(vault, sample_id) if version >= 6 else None
    checkpoint = vault.checkpoint()
    vault.lock()
    (HERE / f"vault-v{version}.json").write_text(
        json.dumps(
            {
                "schema_version": version,
                "passphrase": PASSPHRASE,
                "recovery_code": created.recovery_code,
                "audit_key": created.audit_key,
                "kdf": FIXTURE_KDF.as_dict(),
                "checkpoint": checkpoint.to_json(),
                "dossier": sample,
                **({"portrait": sample_portrait} if sample_portrait else {}),
                **({"extract": sample_extract} if sample_extract else {}),
                **({"scan": sample_scan} if sample_scan else {}),
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
