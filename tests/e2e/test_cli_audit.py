"""``hoso audit verify | checkpoint | log`` as the security inspector runs them: the real command
in a subprocess, on vaults made in process at the KDF floor (the CLI has no KDF seam). The
insider's tampering is done in process with plain SQL, then the vault is locked.

Each CLI call that opens the vault pays the floor KDF (about a second), so calls are few.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from app.audit.entry import recomputed_hash
from app.vault.session import Vault
from crypto.kdf import FLOOR

if TYPE_CHECKING:  # tests/ is no package, and `conftest` may name another folder's at run time
    from conftest import Ran, VaultHandle

TRIGGERS_OFF = (
    "DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete; "
    "DROP TRIGGER IF EXISTS audit_log_in_order;"
)
VERIFY_KEYS = {"ok", "entries", "first_bad", "reason"}


@pytest.fixture
def floor_vault(make_vault: Callable[..., VaultHandle]) -> VaultHandle:
    """A vault at the KDF floor; its log holds only vault.create (1) until something opens it."""
    return make_vault(kdf=FLOOR)


def secret(handle: VaultHandle) -> str:
    return handle.passphrase + "\n"


def as_json(ran: Ran) -> Any:
    try:
        return json.loads(ran.out)
    except json.JSONDecodeError:
        pytest.fail(f"stdout is not one JSON document (exit {ran.code}): {ran.out!r} / {ran.err!r}")


def stderr_lines(ran: Ran) -> list[str]:
    lines = [line for line in ran.err.splitlines() if line.strip()]
    assert not any("Traceback" in line for line in lines), ran.err
    return lines


def tampered(handle: VaultHandle, edit: Callable[[Vault], None]) -> None:
    """Open the vault in process (one entry), record six views, tamper, lock (one entry)."""
    v = handle.unlock()
    try:
        for i in range(6):
            v.audit.record("dossier.view", f"hồ sơ {i}", {"fields": ["họ_tên"]})
        v.db.executescript(TRIGGERS_OFF)
        edit(v)
    finally:
        v.lock()


def edit_target(seq: int) -> Callable[[Vault], None]:
    def edit(v: Vault) -> None:
        v.db.execute("UPDATE audit_log SET target = 'đã sửa' WHERE seq = ?", (seq,))

    return edit


def edit_and_rehash(seq: int) -> Callable[[Vault], None]:
    """Edit entry ``seq`` and rebuild the chain after it: only K(0) can tell."""

    def edit(v: Vault) -> None:
        rows = list(v.audit.repo.all())
        rows[seq - 1] = dataclasses.replace(rows[seq - 1], target="đã sửa")
        for i in range(seq - 1, len(rows)):
            row = dataclasses.replace(rows[i], prev_hash=rows[i - 1].entry_hash) if i else rows[i]
            rows[i] = dataclasses.replace(row, entry_hash=recomputed_hash(row))
        with v.db.transaction() as tx:
            tx.execute("DELETE FROM audit_log")
            tx.executemany("INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           [dataclasses.astuple(r) for r in rows])  # fmt: skip

    return edit


def cut_from(seq: int) -> Callable[[Vault], None]:
    """Delete entries ``seq`` … and set the ratchet's number back to match."""

    def edit(v: Vault) -> None:
        with v.db.transaction() as tx:
            tx.execute("DELETE FROM audit_log WHERE seq >= ?", (seq,))
            tx.execute("UPDATE audit_state SET next_seq = ?", (seq,))

    return edit


# ---------------------------------------------------------------- untouched


def test_verify_untouched(hoso: Callable[..., Ran], floor_vault: VaultHandle) -> None:
    ran = hoso("audit", "verify", floor_vault.path, "--json", stdin=secret(floor_vault))
    assert ran.code == 0, ran.err
    data = as_json(ran)
    assert set(data) >= VERIFY_KEYS
    assert (data["ok"], data["first_bad"], data["reason"], data["macs_checked"]) == (True, None, None, False)
    assert data["entries"] == 2  # vault.create, and this command's vault.unlock
    assert stderr_lines(ran) == []

    ran = hoso("audit", "verify", floor_vault.path, "--json", "--audit-key", floor_vault.created.audit_key,
               stdin=secret(floor_vault))  # fmt: skip
    assert ran.code == 0, ran.err
    data = as_json(ran)
    assert (data["ok"], data["first_bad"], data["reason"], data["macs_checked"]) == (True, None, None, True)
    assert data["entries"] == 2 + 3  # the first command's audit.verify and vault.lock, this unlock
    assert stderr_lines(ran) == []

    ran = hoso("audit", "log", floor_vault.path, "--json", "--action", "vault.", stdin=secret(floor_vault))
    assert ran.code == 0, ran.err
    entries = as_json(ran)
    assert [e["action"] for e in entries] == [
        "vault.create", "vault.unlock", "vault.lock", "vault.unlock", "vault.lock", "vault.unlock",
    ]  # fmt: skip
    assert [e["seq"] for e in entries] == [1, 2, 4, 5, 7, 8]  # 3 and 6 are audit.verify
    for e in entries:
        assert set(e) == {"seq", "time", "actor", "action", "target", "details", "entry_hash"}
        assert e["target"] == floor_vault.created.vault_id
        assert len(bytes.fromhex(e["entry_hash"])) == 32
    assert entries[0]["details"] == {"kdf": FLOOR.as_dict(), "keyfile": False}
    assert entries[0]["actor"] == "officer"
    assert entries[-1]["actor"].endswith("(cli)")
    assert entries[-1]["details"] == {"method": "passphrase", "integrity_check": "full"}
    assert stderr_lines(ran) == []


# ---------------------------------------------------------------- tampered


def test_verify_tampered_entry(hoso: Callable[..., Ran], floor_vault: VaultHandle) -> None:
    tampered(floor_vault, edit_target(5))

    ran = hoso("audit", "verify", floor_vault.path, "--json", "--audit-key", floor_vault.created.audit_key,
               stdin=secret(floor_vault))  # fmt: skip
    assert ran.code == 4, ran.err
    data = as_json(ran)
    assert set(data) >= VERIFY_KEYS
    assert (data["ok"], data["first_bad"], data["macs_checked"]) == (False, 5, True)
    assert data["reason"] == "Nội dung mục nhật ký số 5 đã bị sửa sau khi ghi."
    # the unlock check has already seen it (a warning), then the verdict: Vietnamese by default
    warning, verdict = stderr_lines(ran)
    assert warning.startswith("Cảnh báo:")
    assert "Nội dung mục nhật ký số 5 đã bị sửa sau khi ghi." in warning
    assert verdict == "hoso: PHÁT HIỆN CAN THIỆP NHẬT KÝ: Nội dung mục nhật ký số 5 đã bị sửa sau khi ghi."

    ran = hoso("audit", "verify", floor_vault.path, "--lang", "en", stdin=secret(floor_vault))
    assert ran.code == 4  # caught without K(0) as well: the hash no longer matches the content
    assert ran.out == ""
    warning, verdict = stderr_lines(ran)
    assert warning.startswith("Warning: the audit-log check at unlock found a problem")
    assert "Audit entry 5 was edited after it was written." in warning
    assert verdict == "hoso: AUDIT LOG TAMPERING FOUND: Audit entry 5 was edited after it was written."


def test_rehashed_history_needs_the_audit_key(
    hoso: Callable[..., Ran], floor_vault: VaultHandle, tmp_path: Path
) -> None:
    tampered(floor_vault, edit_and_rehash(4))

    ran = hoso("audit", "verify", floor_vault.path, "--json", stdin=secret(floor_vault))
    assert ran.code == 0, ran.err  # the chain is whole again: without K(0) nothing shows
    assert as_json(ran)["ok"] is True
    assert stderr_lines(ran) == []

    # K(0) as the inspector types it off the slip: lower case, spaces for dashes, in a file
    key_file = tmp_path / "k0.txt"
    key_file.write_text(floor_vault.created.audit_key.lower().replace("-", " ") + "\n", encoding="utf-8")
    ran = hoso("audit", "verify", floor_vault.path, "--audit-key-file", key_file, stdin=secret(floor_vault))
    assert ran.code == 4
    assert ran.out == ""
    # the unlock check (no K(0)) could not see it: the verdict is the only line
    (verdict,) = stderr_lines(ran)
    assert verdict.startswith("hoso: PHÁT HIỆN CAN THIỆP NHẬT KÝ: ")
    assert "Mã xác thực của mục nhật ký số 4 không khớp khóa kiểm toán" in verdict


# ---------------------------------------------------------------- checkpoints


def test_checkpoint_then_truncation_past_it(
    hoso: Callable[..., Ran], floor_vault: VaultHandle, tmp_path: Path
) -> None:
    tampered(floor_vault, lambda v: None)  # a working session first: entries 2 … 9
    cp_file = tmp_path / "cp.json"
    ran = hoso("audit", "checkpoint", floor_vault.path, "--out", cp_file, "--json", stdin=secret(floor_vault))
    assert ran.code == 0, ran.err
    printed = as_json(ran)
    on_disk = json.loads(cp_file.read_text(encoding="utf-8"))
    assert printed == on_disk
    assert on_disk["format"] == "hoso.audit-checkpoint"
    assert on_disk["vault_id"] == floor_vault.created.vault_id
    cp_seq = on_disk["seq"]
    assert cp_seq == 11  # this command's unlock (10) and its own audit.checkpoint (11)

    ran = hoso(
        "audit", "verify", floor_vault.path, "--json", "--checkpoint", cp_file, stdin=secret(floor_vault)
    )
    assert ran.code == 0, ran.err
    data = as_json(ran)
    assert (data["ok"], data["checkpoints_checked"]) == (True, 1)

    # cut back to entry 4; the insider's own lock and the next unlock refill entries 5 and 6
    tampered(floor_vault, cut_from(5))
    ran = hoso(
        "audit", "verify", floor_vault.path, "--json", "--checkpoint", cp_file, stdin=secret(floor_vault)
    )
    assert ran.code == 4, ran.err
    data = as_json(ran)
    assert (data["ok"], data["first_bad"]) == (False, 7)
    assert "bị cắt cụt trước điểm kiểm tra" in data["reason"]
    assert f"(mục {cp_seq})" in data["reason"]
    assert on_disk["time"] in data["reason"]

    # a forged slip: the same checkpoint, claiming a later entry
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps({**on_disk, "seq": cp_seq + 1}), encoding="utf-8")
    ran = hoso(
        "audit", "verify", floor_vault.path, "--json", "--checkpoint", forged, stdin=secret(floor_vault)
    )
    assert ran.code == 4
    assert ran.out == ""
    (line,) = stderr_lines(ran)
    assert str(forged) in line
    assert "giả mạo" in line


MALFORMED = {
    "not-json": "{not json",
    "empty": "",
    "a list": "[]",
    "wrong-format": '{"format": "something-else"}',
    "fields-missing": '{"format": "hoso.audit-checkpoint", "seq": 3}',
    "seq-not-a-number": json.dumps({"format": "hoso.audit-checkpoint", "vault_id": "x", "seq": "ba",
                                    "head_hash": "00" * 32, "time": "t", "public_key": "00" * 32,
                                    "signature": "00" * 64}),
    "signature-short": json.dumps({"format": "hoso.audit-checkpoint", "vault_id": "x", "seq": 3,
                                   "head_hash": "00" * 32, "time": "t", "public_key": "00" * 32,
                                   "signature": "00" * 63}),
    "too-large": " " * 70_000 + "{}",
}  # fmt: skip


def test_bad_inputs_refused(hoso: Callable[..., Ran], floor_vault: VaultHandle, tmp_path: Path) -> None:
    """A mistyped K(0), a checkpoint file that is malformed or missing: exit 1, one sentence naming
    the file, nothing on stdout."""
    handle = floor_vault
    key = handle.created.audit_key
    typo = key[:-1] + ("0" if key[-1] != "0" else "1")  # breaks the check group
    ran = hoso("audit", "verify", handle.path, "--json", "--audit-key", typo, stdin=secret(handle))
    assert (ran.code, ran.out) == (1, "")
    (line,) = stderr_lines(ran)
    assert line.startswith("hoso: Khóa kiểm toán gõ chưa đúng")

    missing = tmp_path / "không có.json"
    ran = hoso("audit", "verify", handle.path, "--checkpoint", missing, "--lang", "en", stdin=secret(handle))
    assert (ran.code, ran.out) == (1, "")
    (line,) = stderr_lines(ran)
    assert str(missing) in line

    for name, content in MALFORMED.items():
        path = tmp_path / f"hỏng {name}.json"
        path.write_text(content, encoding="utf-8")
        ran = hoso("audit", "verify", handle.path, "--json", "--checkpoint", path, stdin=secret(handle))
        assert (ran.code, ran.out) == (1, ""), name
        assert stderr_lines(ran) == [f"hoso: Tệp điểm kiểm tra {path} không hợp lệ."], name
