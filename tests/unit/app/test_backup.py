"""Backups of an open vault and their restoration: encrypted, verified, equal to the original
(every dossier, scan, copy-register and audit entry), made while another thread writes, rotated,
and refused when truncated or altered."""

from __future__ import annotations

import io
import json
import threading
from pathlib import Path

import pytest
from PIL import Image

from app.documents.service import DocumentService
from app.dossier.service import DossierService
from app.dossier.synthetic import generate
from app.errors import IntegrityViolation, InvalidInput
from app.vault import backup
from app.vault.session import Vault
from app.vault.unlock import unlock
from tests.conftest import PASSPHRASE, WEAK, VaultHandle
from tests.tracing.corpus import issue


def fill(vault: Vault, n: int = 40) -> None:
    issue(vault, 1, 2, seed=5, layouts=("tt06",))  # a reader, an approval and two registered copies
    saved = DossierService(vault).save_many(list(generate(n, seed=31)), source="test")
    page = io.BytesIO()
    Image.new("L", (600, 800), 200).save(page, "PNG")
    DocumentService(vault).add(saved[0].id, {"kind": "khac"}, [("p.png", page.getvalue())])


def snapshot(vault: Vault) -> dict[str, list[tuple[object, ...]]]:
    tables = ("dossiers", "dossier_secrets", "dossier_changes", "dossier_stats", "audit_log", "scan_chunks")
    tables += ("document_scans", "readers", "approvals", "copies", "copy_events")
    return {t: vault.db.execute(f"SELECT * FROM {t} ORDER BY 1, 2") for t in tables}  # noqa: S608 - constants


def test_a_backup_restores_into_an_identical_vault(vault: VaultHandle, tmp_path: Path) -> None:
    opened = vault.unlock()
    fill(opened)
    before = snapshot(opened)
    entries = before["audit_log"]
    made = backup.make_backup(opened, tmp_path)
    assert made.verified
    assert made.manifest["audit_head"]["seq"] == len(entries)
    assert not (made.folder / "vault.db").read_bytes().startswith(b"SQLite format 3")  # never plaintext
    opened.lock()
    manifest = backup.restore_files(made.folder, tmp_path / "restored")
    assert manifest["counts"]["dossiers"] == 41
    assert manifest["counts"]["copies"] == 2
    restored = unlock(tmp_path / "restored", PASSPHRASE, kdf_floor=WEAK, clock=vault.clock)
    try:
        restored.db.check_integrity()
        assert restored.verify_audit().ok
        after = snapshot(restored)
        assert after["audit_log"][: len(entries)] == entries  # then the restored vault's own unlock
        assert {k: v for k, v in after.items() if k != "audit_log"} == {
            k: v for k, v in before.items() if k != "audit_log"
        }
        assert DocumentService(restored).image(1)  # the scan opens
    finally:
        restored.lock()


def test_a_backup_made_while_another_thread_writes_is_consistent(vault: VaultHandle, tmp_path: Path) -> None:
    opened = vault.unlock()
    fill(opened, 10)
    stop = threading.Event()
    service = DossierService(opened)

    def write() -> None:
        docs = generate(400, seed=77)
        while not stop.is_set():
            service.save_many([next(docs)], source="writer")

    writer = threading.Thread(target=write)
    writer.start()
    try:
        made = [
            backup.make_backup(opened, (tmp_path / f"d{n}").resolve())
            for n in range(3)
            if _mkdir(tmp_path / f"d{n}")
        ]
    finally:
        stop.set()
        writer.join()
    counts = [m.manifest["counts"]["dossiers"] for m in made]
    assert counts == sorted(counts)
    assert counts[-1] > 11  # the writer was writing
    opened.lock()
    for n, m in enumerate(made):
        backup.restore_files(m.folder, tmp_path / f"r{n}")
        copy = unlock(tmp_path / f"r{n}", PASSPHRASE, kdf_floor=WEAK, clock=vault.clock)
        try:
            copy.db.check_integrity()
            assert copy.verify_audit().ok
            assert copy.info()["dossiers"] == m.manifest["counts"]["dossiers"]
        finally:
            copy.lock()


def _mkdir(path: Path) -> bool:
    path.mkdir()
    return True


def test_rotation_keeps_the_newest_and_the_reminder_follows_the_interval(
    vault: VaultHandle, tmp_path: Path
) -> None:
    opened = vault.unlock()
    try:
        assert backup.due(opened)
        made = []
        for _ in range(4):
            made.append(backup.make_backup(opened, tmp_path, keep=2))
            vault.clock.advance(61)
        kept = sorted(p.name for p in tmp_path.glob(backup.PREFIX + "*"))
        assert kept == sorted(m.folder.name for m in made[-2:])
        assert made[-1].removed == (made[1].folder.name,)
        assert not backup.due(opened)
        vault.clock.advance(8 * 86400)
        assert backup.due(opened)
        kinds = [e.action for e in opened.audit.repo.page(backup_filter(), 0, 10)]
        assert kinds.count("vault.backup") == 4
    finally:
        opened.lock()


def backup_filter():  # type: ignore[no-untyped-def]
    from app.audit.query import AuditFilter

    return AuditFilter(action="vault.backup")


@pytest.mark.parametrize("damage", ["truncate_db", "flip_db", "drop_header", "edit_manifest"])
def test_a_damaged_backup_is_refused_and_nothing_is_restored(
    vault: VaultHandle, tmp_path: Path, damage: str
) -> None:
    opened = vault.unlock()
    fill(opened, 5)
    made = backup.make_backup(opened, tmp_path)
    opened.lock()
    db = made.folder / "vault.db"
    if damage == "truncate_db":
        db.write_bytes(db.read_bytes()[: db.stat().st_size // 2])
    elif damage == "flip_db":
        data = bytearray(db.read_bytes())
        data[len(data) // 2] ^= 0x01
        db.write_bytes(bytes(data))
    elif damage == "drop_header":
        (made.folder / "header.json").unlink()
    else:
        manifest = json.loads((made.folder / "manifest.json").read_text("utf-8"))
        manifest["files"]["vault.db"]["size"] += 1
        (made.folder / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    with pytest.raises(IntegrityViolation):
        backup.restore_files(made.folder, tmp_path / "restored")
    assert not (tmp_path / "restored").exists()
    assert not list(tmp_path.glob("*.restoring"))


def test_a_restore_never_goes_over_an_existing_folder(vault: VaultHandle, tmp_path: Path) -> None:
    opened = vault.unlock()
    made = backup.make_backup(opened, tmp_path)
    opened.lock()
    with pytest.raises(InvalidInput) as info:
        backup.restore_files(made.folder, vault.path)
    assert info.value.key == "backup.target_exists"
    with pytest.raises(InvalidInput):
        backup.restore_files(tmp_path, tmp_path / "x")  # not a backup folder


def test_a_destination_that_cannot_be_written_fails_cleanly(vault: VaultHandle, tmp_path: Path) -> None:
    opened = vault.unlock()
    try:
        missing = tmp_path / "not-there"
        with pytest.raises(InvalidInput) as info:
            backup.make_backup(opened, missing)
        assert info.value.key == "backup.no_folder"
        opened.change_setting(backup.INTERVAL_SETTING, "mười")  # a damaged setting: the default applies
        assert backup.due(opened)
    finally:
        opened.lock()
