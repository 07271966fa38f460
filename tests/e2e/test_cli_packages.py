"""``hoso keys show`` and ``hoso package export | import | list | history`` as real subprocesses
between two vaults: the keys exchanged as text and as a file, a transfer, the import, and the exit
status of every refusal (4: altered, truncated, other sender, not for this vault, replayed;
1: a bad key; 2: usage)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from app.dossier.service import DossierService
from app.dossier.synthetic import generate
from crypto.kdf import FLOOR
from tests.conftest import Ran, VaultHandle

REF = "Quyết định 125-QĐ/TU"


def test_keys_export_import_and_every_refusal(
    hoso: Callable[..., Ran], make_vault: Callable[..., VaultHandle], tmp_path: Path
) -> None:
    alice, bob, eve = (make_vault(kdf=FLOOR, name=n) for n in ("alice", "bob", "eve"))
    vault = alice.unlock()
    try:
        DossierService(vault).save_many(list(generate(5, seed=4)), source="test")
    finally:
        vault.lock()

    def run(*args: str | Path, who: VaultHandle | None = None) -> Ran:
        return hoso(*args, stdin=(who.passphrase + "\n") if who else "")

    shown = run("keys", "show", alice.path, "--json", who=alice)
    assert shown.code == 0, shown.err
    alice_key = json.loads(shown.out)
    assert alice_key["key"].startswith("hoso1")
    assert len(alice_key["fingerprint"]) == 39
    bob_card = tmp_path / "bob.key"
    people = run("keys", "show", bob.path, "--out", bob_card, who=bob)
    assert people.code == 0
    assert "Dấu vân tay" in people.out
    assert bob_card.exists()
    bob_key = next(line for line in people.out.splitlines() if line.startswith("hoso1"))

    usb = tmp_path / "usb"
    usb.mkdir()
    package = usb / "chuyen-ho-so.hoso"
    made = run("package", "export", alice.path, "--to", package, "--recipient", bob_card, "--ids", "1,2",
               "--history", "--transfer", "--reference", REF, "--json", who=alice)  # fmt: skip
    assert made.code == 0, made.err
    sent = json.loads(made.out)
    assert (sent["dossiers"], sent["transferred"], sent["reference"]) == (2, [1, 2], REF)
    moved = json.loads(run("show", alice.path, "1", "--json", who=alice).out)
    assert moved["position"]["status"] == "chuyen_di"

    # refused before the vault is opened (no passphrase given): exit 4
    data = package.read_bytes()
    altered = usb / "altered.hoso"
    altered.write_bytes(data[:-100] + bytes([data[-100] ^ 1]) + data[-99:])
    bad = run("package", "import", bob.path, altered, "--sender", alice_key["key"])
    assert bad.code == 4
    assert "chữ ký" in bad.err.lower()
    short = usb / "short.hoso"
    short.write_bytes(data[: len(data) // 2])
    cut = run("package", "import", bob.path, short, "--sender", alice_key["key"])
    assert cut.code == 4
    assert "cắt cụt" in cut.err
    other = run("package", "import", bob.path, package, "--sender", bob_key)
    assert other.code == 4
    assert alice_key["fingerprint"] in other.err
    typo = run("package", "import", bob.path, package, "--sender", alice_key["key"][:-2] + "zz")
    assert typo.code == 1
    assert "--sender" in typo.err
    assert run("package", "import", bob.path, package).code == 2  # --sender is required
    assert "Traceback" not in bad.err + cut.err + other.err + typo.err

    # not for eve: exit 4 once eve's vault is opened
    wrong = run("package", "import", eve.path, package, "--sender", alice_key["key"], who=eve)
    assert wrong.code == 4
    assert "đơn vị nhận khác" in wrong.err

    got = run("package", "import", bob.path, package, "--sender", alice_key["key"], "--json", who=bob)
    assert got.code == 0, got.err
    result = json.loads(got.out)
    assert (result["created"], result["package_id"], result["reference"]) == (2, sent["package_id"], REF)
    again = run("package", "import", bob.path, package, "--sender", alice_key["key"], who=bob)
    assert again.code == 4
    assert "đã được nhập" in again.err

    listed = json.loads(run("package", "list", bob.path, "--json", who=bob).out)
    assert [r["package_id"] for r in listed["received"]] == [sent["package_id"]]
    assert listed["sent"] == []
    carried = run("package", "history", bob.path, str(result["ids"][0]), "--lang", "en", who=bob)
    assert carried.code == 0
    assert sent["package_id"] in carried.out
    shown_history = run("history", bob.path, str(result["ids"][0]), "--json", who=bob)
    assert shown_history.code == 0, shown_history.err
    history = json.loads(shown_history.out)
    assert history[0]["source"] == f"package:{sent['package_id']}"
    assert history[0]["basis"] == REF
