"""``hoso backup`` and ``hoso restore`` as real subprocesses: a verified backup, a restore that
opens and checks, exit 4 for an altered backup, and never a restore over an existing folder."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from app.dossier.service import DossierService
from app.dossier.synthetic import generate
from crypto.kdf import FLOOR
from tests.conftest import Ran, VaultHandle


def test_backup_then_restore_and_the_failures(
    hoso: Callable[..., Ran], make_vault: Callable[..., VaultHandle], tmp_path: Path
) -> None:
    handle = make_vault(kdf=FLOOR)
    vault = handle.unlock()
    try:
        DossierService(vault).save_many(list(generate(25, seed=3)), source="test")
    finally:
        vault.lock()
    media = tmp_path / "usb"
    media.mkdir()
    made = hoso("backup", handle.path, media, "--keep", "3", "--json", stdin=handle.passphrase + "\n")
    assert made.code == 0, made.err
    result = json.loads(made.out)
    assert result["verified"] is True
    folder = Path(result["folder"])
    restored = hoso("restore", folder, tmp_path / "restored", "--json", stdin=handle.passphrase + "\n")
    assert restored.code == 0, restored.err
    assert json.loads(restored.out)["ok"] is True
    shown = hoso("info", tmp_path / "restored", "--json", stdin=handle.passphrase + "\n")
    assert json.loads(shown.out)["dossiers"] == 25

    again = hoso("restore", folder, handle.path, stdin=handle.passphrase + "\n")
    assert again.code == 1
    assert "không bao giờ ghi đè" in again.err

    data = bytearray((folder / "vault.db").read_bytes())
    data[len(data) // 3] ^= 0x40
    (folder / "vault.db").write_bytes(bytes(data))
    broken = hoso("restore", folder, tmp_path / "second", stdin=handle.passphrase + "\n")
    assert broken.code == 4
    assert "vault.db" in broken.err
    assert not (tmp_path / "second").exists()
