"""PortraitRepository: rows of ``dossier_portraits`` (schema v3) written in the caller's transaction,
bound to an existing dossier, and the released fixture vaults upgraded to v3 with their data."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
import sqlcipher3

from app.clock import ManualClock
from app.dossier import document
from app.dossier.service import DossierService
from app.dossier.synthetic import generate
from app.vault.session import Vault
from app.vault.unlock import unlock
from crypto.kdf import KdfParams
from storage.migrations import current_version, latest_version
from storage.portrait_repo import PortraitRepository, PortraitRow

DATA = Path(__file__).resolve().parents[2] / "data"
IMAGE = b"\xff\xd8\xff\xe0 not really a JPEG, the repository does not look \xff\xd9"


def _row(dossier_id: int, image: bytes = IMAGE, at: str = "2026-01-01T00:00:00.000Z") -> PortraitRow:
    return PortraitRow(dossier_id, image, hashlib.sha256(image).hexdigest(), 300, 400, at)


@pytest.fixture
def dossier_id(opened: Vault) -> int:
    return DossierService(opened).save_many(list(generate(1, seed=3)), source="test")[0].id


def test_put_get_replace_delete(opened: Vault, dossier_id: int) -> None:
    repo = PortraitRepository(opened.db)
    assert repo.get(dossier_id) is None
    assert repo.info(dossier_id) is None
    with opened.db.transaction() as tx:
        repo.put(tx, _row(dossier_id))
    assert repo.get(dossier_id) == _row(dossier_id)
    info = repo.info(dossier_id)
    assert info is not None
    assert (info.size, info.width, info.height) == (len(IMAGE), 300, 400)
    assert info.sha256 == hashlib.sha256(IMAGE).hexdigest()

    other = IMAGE + b"2"
    with opened.db.transaction() as tx:
        repo.put(tx, _row(dossier_id, other, "2026-01-02T00:00:00.000Z"))
    assert repo.get(dossier_id) == _row(dossier_id, other, "2026-01-02T00:00:00.000Z")
    assert repo.count() == 1

    with opened.db.transaction() as tx:
        assert repo.delete(tx, dossier_id)
    with opened.db.transaction() as tx:
        assert not repo.delete(tx, dossier_id)
    assert repo.get(dossier_id) is None
    assert repo.count() == 0


def test_a_portrait_needs_its_dossier(opened: Vault, dossier_id: int) -> None:
    repo = PortraitRepository(opened.db)
    with pytest.raises(sqlcipher3.IntegrityError), opened.db.transaction() as tx:
        repo.put(tx, _row(dossier_id + 1000))
    assert repo.count() == 0


def test_a_failed_transaction_leaves_no_portrait(opened: Vault, dossier_id: int) -> None:
    repo = PortraitRepository(opened.db)

    def write_then_fail() -> None:
        with opened.db.transaction() as tx:
            repo.put(tx, _row(dossier_id))
            raise RuntimeError("the audit entry failed")

    with pytest.raises(RuntimeError):
        write_then_fail()
    assert repo.get(dossier_id) is None


def test_image_is_never_stored_in_clear(opened: Vault, dossier_id: int) -> None:
    image = bytes(range(256)) * 64  # a recognisable 16 KiB "photo"
    repo = PortraitRepository(opened.db)
    with opened.db.transaction() as tx:
        repo.put(tx, _row(dossier_id, image))
    folder = Path(opened.db.path).parent
    for file in folder.iterdir():
        assert image[1000:1064] not in file.read_bytes(), file.name


def _open_fixture(name: str, tmp_path: Path) -> tuple[Vault, dict[str, object]]:
    meta = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    folder = tmp_path / name
    shutil.copytree(DATA / name, folder)
    vault = unlock(folder, meta["passphrase"], kdf_floor=KdfParams(**meta["kdf"]), clock=ManualClock())
    return vault, meta


@pytest.mark.parametrize("name", ["vault-v1", "vault-v2"])
def test_older_fixtures_upgrade_to_v3_and_keep_their_data(name: str, tmp_path: Path) -> None:
    assert latest_version() >= 3
    vault, meta = _open_fixture(name, tmp_path)
    try:
        assert current_version(vault.db) == latest_version()
        assert PortraitRepository(vault.db).count() == 0
        assert vault.setting("idle_lock_minutes") == "7"
        sample = meta.get("dossier")
        if isinstance(sample, dict):
            stored = DossierService(vault).get(sample["id"], reveal=True).data
            assert stored == document.build(document.values(sample["document"]))
            assert PortraitRepository(vault.db).get(sample["id"]) is None
    finally:
        vault.lock()


def test_v3_fixture_holds_its_portrait(tmp_path: Path) -> None:
    vault, meta = _open_fixture("vault-v3", tmp_path)
    try:
        expected = meta["portrait"]
        assert isinstance(expected, dict)
        row = PortraitRepository(vault.db).get(expected["dossier_id"])
        assert row is not None
        assert row.image.startswith(b"\xff\xd8")
        assert hashlib.sha256(row.image).hexdigest() == row.sha256 == expected["sha256"]
        assert (row.width, row.height) == (expected["width"], expected["height"])
    finally:
        vault.lock()
