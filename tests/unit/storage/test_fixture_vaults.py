"""Every released schema version's fixture vault opens and upgrades to the latest schema, with
its audit log intact under the audit key printed for it (tests/data/make_fixtures.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.audit.checkpoint import from_json
from app.clock import ManualClock
from app.vault.create import parse_audit_key
from app.vault.unlock import unlock
from crypto.kdf import KdfParams
from storage.migrations import current_version, latest_version

DATA = Path(__file__).resolve().parents[2] / "data"
FIXTURES = sorted(DATA.glob("vault-v*.json"))


def test_there_is_a_fixture_for_every_released_schema() -> None:
    versions = sorted(json.loads(f.read_text())["schema_version"] for f in FIXTURES)
    assert versions == list(range(1, latest_version() + 1))


@pytest.mark.parametrize("spec", FIXTURES, ids=lambda p: p.stem)
def test_fixture_vault_upgrades_and_verifies(spec: Path, tmp_path: Path) -> None:
    meta = json.loads(spec.read_text(encoding="utf-8"))
    vault_dir = tmp_path / spec.stem
    shutil.copytree(DATA / spec.stem, vault_dir)
    weak = KdfParams(**meta["kdf"])
    vault = unlock(vault_dir, meta["passphrase"], kdf_floor=weak, clock=ManualClock())
    try:
        assert current_version(vault.db) == latest_version()
        assert vault.setting("idle_lock_minutes") == "7"
        checkpoint = from_json(meta["checkpoint"], str(spec))
        report = vault.verify_audit(parse_audit_key(meta["audit_key"]), [(checkpoint, str(spec))])
        assert report.ok, report.problem
        assert report.macs_checked
        if meta.get("dossier"):
            from app.dossier import document
            from app.dossier.service import DossierService

            sample = meta["dossier"]
            stored = DossierService(vault).get(sample["id"], reveal=True).data
            assert stored == document.build(document.values(sample["document"]))
            # schema 5's backfill (SQL over the stored JSON) equals what a save writes
            from app.dossier import stat_facts

            names = ", ".join(stat_facts.COLUMNS)
            sql = f"SELECT {names} FROM dossier_stats WHERE dossier_id = ?"  # noqa: S608 - column names
            row = vault.db.one(sql, (sample["id"],))
            assert row is not None
            assert dict(zip(stat_facts.COLUMNS, row, strict=True)) == stat_facts.row(document.values(stored))
        if meta.get("extract"):
            from app.extract.reading import ReadingRegister
            from app.extract.register import CopyRegister

            extract = meta["extract"]
            copy = CopyRegister(vault).get(extract["serial"]).row
            assert (copy.sha256, copy.pages, copy.approval_id) == (
                extract["sha256"],
                extract["pages"],
                extract["approval"],
            )
            assert ReadingRegister(vault).get(extract["reading"]).row.remarks == "Đã trả"
        if meta.get("scan"):
            import io

            from PIL import Image

            from app.documents.service import DocumentService

            documents = DocumentService(vault)
            (filed,) = documents.documents(meta["dossier"]["id"])
            assert (filed.document.id, filed.scans[0].sha256) == (
                meta["scan"]["document"],
                meta["scan"]["sha256"],
            )
            assert Image.open(io.BytesIO(documents.image(meta["scan"]["scan"]))).size == (620, 877)
    finally:
        vault.lock()


def test_fixture_vaults_are_refused_by_a_normal_unlock(tmp_path: Path) -> None:
    """They were made through the test seam: the shipped floor must refuse them."""
    from app.errors import IntegrityViolation

    meta = json.loads(FIXTURES[0].read_text(encoding="utf-8"))
    vault_dir = tmp_path / "v"
    shutil.copytree(DATA / FIXTURES[0].stem, vault_dir)
    with pytest.raises(IntegrityViolation, match="tối thiểu"):
        unlock(vault_dir, meta["passphrase"])
