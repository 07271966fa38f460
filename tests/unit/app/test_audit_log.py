"""Appending to the audit log (DESIGN §4): numbering, chaining, the MAC ratchet, the append-only
triggers, the details limit, transactions, and the entry each act on the vault leaves.

Ratchet numbering as the code has it: entry ``seq`` is MAC'd with ``K(seq - 1)`` (entry 1 with
the inspector's K(0)); after ``n`` entries the database holds only ``K(n)``, the key of the next
entry, and no earlier key — not in a row, not in a free page, not in the WAL.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import sqlcipher3
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from app.audit.actions import Action
from app.audit.entry import MAX_DETAILS_BYTES, decode_details, entry_hash, recomputed_hash
from app.clock import ManualClock, iso_utc
from app.errors import AuthenticationFailed
from app.vault.authenticate import unwrap_passphrase
from app.vault.create import parse_audit_key
from app.vault.session import Vault
from app.vault.unlock import recover
from crypto import ratchet
from storage import AppendOnlyViolation
from storage.audit_repo import GENESIS_HASH, AuditRow

if TYPE_CHECKING:  # tests/ is no package, and `conftest` may name another folder's at run time
    from conftest import VaultHandle


NEW_PASSPHRASE = "Một mật khẩu mới cũng đủ dài 2027"


def k0_of(handle: VaultHandle) -> bytes:
    return parse_audit_key(handle.created.audit_key)


def rows(v: Vault) -> list[AuditRow]:
    return list(v.audit.repo.all())


def actions(v: Vault) -> list[str]:
    return [r.action for r in rows(v)]


def state(v: Vault) -> tuple[int, bytes]:
    st = v.audit.repo.state()
    assert st is not None
    return st


def assert_intact(v: Vault, k0: bytes) -> None:
    report = v.verify_audit(audit_key=k0)
    assert report.ok, report.problem
    assert report.macs_checked


# ---------------------------------------------------------------- numbering, chain, MACs


def test_record_appends_numbered_chained_and_maced(opened: Vault, vault: VaultHandle) -> None:
    k0 = k0_of(vault)
    assert [r.seq for r in rows(opened)] == [1, 2]  # vault.create, vault.unlock
    seqs = [
        opened.audit.record("test.act", f"đích {i}", {"i": i, "ghi_chú": "Nguyễn Văn Ấn"}) for i in range(5)
    ]
    assert seqs == [3, 4, 5, 6, 7]

    log = rows(opened)
    assert [r.seq for r in log] == [1, 2, 3, 4, 5, 6, 7]
    prev = GENESIS_HASH
    for row in log:
        assert row.prev_hash == prev
        assert recomputed_hash(row) == row.entry_hash
        # entry seq is authenticated by K(seq - 1), derived from K(0) and by no other key
        assert ratchet.check_entry(ratchet.key_at(k0, row.seq - 1), row.entry_hash, row.mac)
        assert not ratchet.check_entry(ratchet.key_at(k0, row.seq), row.entry_hash, row.mac)
        prev = row.entry_hash
    assert decode_details(log[4].details) == {"i": 2, "ghi_chú": "Nguyễn Văn Ấn"}
    assert log[4].target == "đích 2"
    assert log[4].actor == "officer"
    assert_intact(opened, k0)


def test_ratchet_holds_only_the_next_key(opened: Vault, vault: VaultHandle) -> None:
    k0 = k0_of(vault)
    for i in range(20):
        opened.audit.record("test.act", str(i))
    n = opened.audit.repo.count()
    next_seq, stored = state(opened)
    assert next_seq == n + 1
    assert stored == ratchet.key_at(k0, n)
    earlier = [k0]
    for _ in range(n - 1):
        earlier.append(ratchet.advance(earlier[-1]))
    assert len(earlier) == n  # K(0) … K(n-1): every key that authenticated an entry
    assert stored not in earlier
    assert len(set(earlier)) == n


def _decrypted_pages(db_file: Path, dek: bytes) -> bytes:
    """Every page of a SQLCipher 4 file (raw key, 4096-byte pages, 80 reserved bytes: IV + HMAC),
    decrypted, free pages and free blocks included."""
    page_size, reserve = 4096, 80
    raw = db_file.read_bytes()
    assert len(raw) % page_size == 0
    plain = []
    for i in range(len(raw) // page_size):
        page = raw[i * page_size : (i + 1) * page_size]
        iv = page[page_size - reserve : page_size - reserve + 16]
        dec = Cipher(algorithms.AES(dek), modes.CBC(iv)).decryptor()
        plain.append(dec.update(page[16 if i == 0 else 0 : page_size - reserve]) + dec.finalize())
    assert plain[0][:2] == page_size.to_bytes(2, "big")  # page 1 decrypted: the header's page size
    return b"".join(plain)


def test_no_used_ratchet_key_remains_on_disk_after_lock(vault: VaultHandle) -> None:
    k0 = k0_of(vault)
    v = vault.unlock()
    for i in range(300):  # past CHECKPOINT_EVERY, so pages are rewritten and freed many times
        v.audit.record("test.act", str(i), {"pad": "x" * (i % 50)})
    v.lock()
    n = 1 + 1 + 300 + 1  # create, unlock, 300 acts, lock
    wal = vault.path / "vault.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0

    _, dek = unwrap_passphrase(vault.path, vault.passphrase, None, vault.clock, vault.kdf_floor)
    plain = _decrypted_pages(vault.path / "vault.db", dek)
    assert b"test.act" in plain
    key = k0
    for _ in range(n):
        assert key not in plain
        key = ratchet.advance(key)
    assert plain.count(key) == 1  # K(n), the key of the next entry, and only it


# ---------------------------------------------------------------- append-only triggers


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_log SET target = 'sửa' WHERE seq = 1",
        "UPDATE audit_log SET mac = zeroblob(32)",
        "DELETE FROM audit_log WHERE seq = 2",
        "DELETE FROM audit_log",
    ],
)
def test_triggers_refuse_update_and_delete(opened: Vault, vault: VaultHandle, sql: str) -> None:
    before = rows(opened)
    with pytest.raises(sqlcipher3.IntegrityError, match="append-only"):
        opened.db.execute(sql)
    assert rows(opened) == before
    assert_intact(opened, k0_of(vault))


def _next_row(v: Vault, seq: int | None = None, prev_hash: bytes | None = None) -> AuditRow:
    """A next entry with a right hash and a MAC under the stored key; ``seq`` or ``prev_hash``
    overridden to make it out of order."""
    next_seq, key = state(v)
    head = v.audit.repo.head()
    seq = next_seq if seq is None else seq
    prev = (head.entry_hash if head else GENESIS_HASH) if prev_hash is None else prev_hash
    ts = iso_utc(v.clock.now())
    digest = entry_hash(seq, ts, "officer", "test.act", "", "{}", prev)
    return AuditRow(seq, ts, "officer", "test.act", "", "{}", prev, digest, ratchet.entry_mac(key, digest))


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"seq": "gap"}, id="gap"),
        pytest.param({"seq": "dup"}, id="existing-seq"),
        pytest.param({"seq": 0}, id="seq-zero"),
        pytest.param({"prev_hash": b"\x01" * 32}, id="wrong-prev"),
        pytest.param({"prev_hash": GENESIS_HASH}, id="restart-chain"),
    ],
)
def test_out_of_order_insert_refused(opened: Vault, vault: VaultHandle, changes: dict[str, Any]) -> None:
    seq, key = state(opened)
    if changes.get("seq") == "gap":
        changes = {"seq": seq + 1}
    elif changes.get("seq") == "dup":
        changes = {"seq": seq - 1}
    row = _next_row(opened, **changes)
    before = rows(opened)
    with pytest.raises(AppendOnlyViolation), opened.db.transaction() as tx:
        opened.audit.repo.append(tx, row, ratchet.advance(key))
    assert rows(opened) == before
    assert state(opened) == (seq, key)
    # the well-formed row itself is accepted: the refusal was for the change
    with opened.db.transaction() as tx:
        opened.audit.repo.append(tx, _next_row(opened), ratchet.advance(key))
    assert_intact(opened, k0_of(vault))


@pytest.mark.parametrize(
    "sql",
    [
        "INSERT INTO audit_log (seq, ts, actor, action, prev_hash, entry_hash, mac) "
        "VALUES (NULL, 't', 'a', 'b', zeroblob(32), zeroblob(32), zeroblob(32))",
        "INSERT OR REPLACE INTO audit_log (seq, ts, actor, action, prev_hash, entry_hash, mac) "
        "VALUES (1, 't', 'a', 'b', zeroblob(32), zeroblob(32), zeroblob(32))",
        "INSERT OR REPLACE INTO audit_log SELECT * FROM audit_log WHERE seq = 2",
        "INSERT INTO audit_log SELECT seq + 1, ts, actor, action, target, details, prev_hash, "
        "entry_hash, mac FROM audit_log WHERE seq = 2",
    ],
    ids=["null-seq", "replace-first", "replace-head", "copy-with-wrong-prev"],
)
def test_raw_sql_insert_out_of_order_refused(opened: Vault, vault: VaultHandle, sql: str) -> None:
    before = rows(opened)
    with pytest.raises(sqlcipher3.IntegrityError):
        opened.db.execute(sql)
    assert rows(opened) == before
    assert_intact(opened, k0_of(vault))


# ---------------------------------------------------------------- details, transactions


def test_details_over_8_kib_refused(opened: Vault, vault: VaultHandle) -> None:
    envelope = len('{"x":""}')
    before = (rows(opened), state(opened))
    with pytest.raises(ValueError, match="8 KiB"):
        opened.audit.record("test.act", "", {"x": "a" * (MAX_DETAILS_BYTES - envelope + 1)})
    # counted in UTF-8 bytes: 2,800 Vietnamese letters of 3 bytes each are over the limit
    with pytest.raises(ValueError, match="8 KiB"):
        opened.audit.record("test.act", "", {"x": "ệ" * 2800})
    assert (rows(opened), state(opened)) == before
    seq = opened.audit.record("test.act", "", {"x": "a" * (MAX_DETAILS_BYTES - envelope)})  # exactly 8 KiB
    assert len(opened.audit.repo.at(seq).details.encode()) == MAX_DETAILS_BYTES  # type: ignore[union-attr]
    assert_intact(opened, k0_of(vault))


def test_long_target_is_clipped_and_still_verifies(opened: Vault, vault: VaultHandle) -> None:
    seq = opened.audit.record("test.act", "Đ" * 1000)
    target = opened.audit.repo.at(seq).target  # type: ignore[union-attr]
    assert len(target) == 200
    assert target.endswith("…")
    assert_intact(opened, k0_of(vault))


def test_record_in_rolled_back_transaction_leaves_nothing(opened: Vault, vault: VaultHandle) -> None:
    before_rows, before_state = rows(opened), state(opened)

    class Abort(Exception):
        pass

    def act_then_fail() -> None:
        with opened.db.transaction() as tx:
            opened.settings.put("probe", "1")
            assert opened.audit.record("test.act", "a", tx=tx) == before_state[0]
            assert opened.audit.record("test.act", "b", tx=tx) == before_state[0] + 1
            raise Abort

    with pytest.raises(Abort):
        act_then_fail()
    assert rows(opened) == before_rows
    assert state(opened) == before_state
    assert opened.settings.get("probe") is None
    # the ratchet did not move: the next entry takes the same number and verifies with K(0)
    assert opened.audit.record("test.act", "c") == before_state[0]
    assert_intact(opened, k0_of(vault))


def test_record_in_committed_transaction_commits_with_the_act(opened: Vault, vault: VaultHandle) -> None:
    seq0 = state(opened)[0]
    with opened.db.transaction() as tx:
        opened.settings.put("probe", "1")
        opened.audit.record("test.act", "a", tx=tx)
        opened.audit.record("test.act", "b", tx=tx)
    assert [r.target for r in rows(opened)[-2:]] == ["a", "b"]
    assert state(opened)[0] == seq0 + 2
    assert_intact(opened, k0_of(vault))


# ---------------------------------------------------------------- every act leaves its entry


def _last(v: Vault, action: str) -> AuditRow:
    matching = [r for r in rows(v) if r.action == action]
    assert matching, f"no {action} entry in {actions(v)}"
    return matching[-1]


def test_create_and_unlock_entries(opened: Vault, vault: VaultHandle) -> None:
    assert actions(opened) == [Action.VAULT_CREATE, Action.UNLOCK]
    create, unlock_row = rows(opened)
    assert create.target == unlock_row.target == opened.vault_id
    assert decode_details(create.details) == {"kdf": vault.created.kdf.as_dict(), "keyfile": False}
    assert decode_details(unlock_row.details) == {"method": "passphrase", "integrity_check": "full"}
    assert opened.audit_warning is None


def test_lock_entry(vault: VaultHandle) -> None:
    v = vault.unlock()
    v.lock(reason="idle")
    v.lock()  # twice is harmless and records nothing more
    v = vault.unlock()
    try:
        assert actions(v) == [Action.VAULT_CREATE, Action.UNLOCK, Action.LOCK, Action.UNLOCK]
        assert decode_details(_last(v, Action.LOCK).details) == {"reason": "idle"}
        assert_intact(v, k0_of(vault))
    finally:
        v.close_quietly()


def test_failed_unlocks_recorded_at_next_unlock(vault: VaultHandle, clock: ManualClock) -> None:
    times = []
    for _ in range(2):
        clock.advance(60)
        times.append(iso_utc(clock.now()))
        with pytest.raises(AuthenticationFailed):
            vault.unlock("mật khẩu sai hoàn toàn 999")
    clock.advance(60)
    v = vault.unlock()
    try:
        log = rows(v)
        assert [r.action for r in log] == [
            Action.VAULT_CREATE, Action.UNLOCK_FAILED, Action.UNLOCK_FAILED, Action.UNLOCK,
        ]  # fmt: skip
        assert [r.ts for r in log[1:3]] == times
        assert all(decode_details(r.details) == {"recorded_late": True} for r in log[1:3])
        assert log[3].ts == iso_utc(clock.now())
        assert_intact(v, k0_of(vault))
    finally:
        v.close_quietly()
    v = vault.unlock()  # the failures are recorded once, not again
    try:
        assert actions(v).count(Action.UNLOCK_FAILED) == 2
    finally:
        v.close_quietly()


def test_passphrase_change_entry(opened: Vault, vault: VaultHandle) -> None:
    weak = vault.kdf_floor
    opened.change_passphrase(vault.passphrase, NEW_PASSPHRASE, kdf_params=weak, kdf_floor=weak)
    row = _last(opened, Action.PASSPHRASE_CHANGE)
    assert row.target == opened.vault_id
    assert decode_details(row.details) == {"kdf": weak.as_dict(), "keyfile": False}
    everything = "".join(r.details + r.target for r in rows(opened))
    assert vault.passphrase not in everything
    assert NEW_PASSPHRASE not in everything
    assert_intact(opened, k0_of(vault))


def test_recovery_entries(vault: VaultHandle) -> None:
    v, new_code = recover(
        vault.path,
        vault.created.recovery_code,
        NEW_PASSPHRASE,
        kdf_params=vault.kdf_floor,
        kdf_floor=vault.kdf_floor,
        clock=vault.clock,
    )
    try:
        assert actions(v) == [Action.VAULT_CREATE, Action.UNLOCK, Action.RECOVER]
        log = rows(v)
        assert decode_details(log[1].details) == {"method": "recovery_code", "integrity_check": "full"}
        assert decode_details(log[2].details)["recovery_code_reissued"] is True
        everything = "".join(r.details + r.target for r in log)
        assert vault.created.recovery_code not in everything
        assert new_code not in everything
        assert_intact(v, k0_of(vault))
    finally:
        v.close_quietly()


def test_recovery_code_reissue_entry(opened: Vault, vault: VaultHandle) -> None:
    opened.reissue_recovery_code(vault.passphrase, kdf_floor=vault.kdf_floor)
    assert actions(opened)[-1] == Action.RECOVERY_CODE_REISSUE
    assert_intact(opened, k0_of(vault))


def test_rekey_entry_and_log_survives_rekey(opened: Vault, vault: VaultHandle) -> None:
    for i in range(5):
        opened.audit.record("test.act", str(i))
    before = rows(opened)
    opened.rotate_data_key(vault.passphrase, kdf_floor=vault.kdf_floor)
    after = rows(opened)
    assert after[: len(before)] == before
    assert after[-1].action == Action.REKEY
    assert decode_details(after[-1].details) == {"verified": True, "recovery_code_reissued": True}
    assert_intact(opened, k0_of(vault))
    opened.lock()
    v = vault.unlock()
    try:
        assert_intact(v, k0_of(vault))
    finally:
        v.close_quietly()


def test_settings_change_entry(opened: Vault, vault: VaultHandle) -> None:
    opened.change_setting("idle_lock_minutes", "5")
    opened.change_setting("idle_lock_minutes", "5")  # unchanged: not an act
    opened.change_setting("idle_lock_minutes", "10")
    changes = [r for r in rows(opened) if r.action == Action.SETTINGS_CHANGE]
    assert [(r.target, decode_details(r.details)) for r in changes] == [
        ("idle_lock_minutes", {"old": None, "new": "5"}),
        ("idle_lock_minutes", {"old": "5", "new": "10"}),
    ]
    assert opened.setting("idle_lock_minutes") == "10"
    assert_intact(opened, k0_of(vault))


def test_checkpoint_and_verify_are_audited(opened: Vault, vault: VaultHandle) -> None:
    cp = opened.checkpoint()
    row = _last(opened, Action.AUDIT_CHECKPOINT)
    assert (cp.seq, cp.head_hash) == (row.seq, row.entry_hash)  # the checkpoint covers its own act
    opened.verify_audit(audit_key=k0_of(vault))
    verify_row = _last(opened, Action.AUDIT_VERIFY)
    assert decode_details(verify_row.details) == {"ok": True, "with_audit_key": True, "checkpoints": 0}


def test_two_vaults_have_independent_ratchets(make_vault: Callable[..., VaultHandle]) -> None:
    a, b = make_vault(), make_vault()
    assert k0_of(a) != k0_of(b)
    va, vb = a.unlock(), b.unlock()
    try:
        assert not va.verify_audit(audit_key=k0_of(b)).ok  # another vault's K(0) proves nothing here
        assert va.verify_audit(audit_key=k0_of(a)).ok
    finally:
        va.close_quietly()
        vb.close_quietly()


def test_entries_by_seq_returns_the_asked_order_and_marks_missing(opened: Vault) -> None:
    from app.audit import query

    for n in range(5):
        opened.audit.record("test.act", f"t{n}")
    head = opened.audit.repo.head()
    assert head is not None
    got = query.entries_by_seq(opened, [head.seq, 1, head.seq + 100, 2])
    assert [e.seq if e else None for e in got] == [head.seq, 1, None, 2]
    assert got[0] is not None
    assert got[0].target == "t4"
