"""The bounded audit check at every unlock (``verify_recent``): a break in the newest entries
sets ``Vault.audit_warning`` and is itself recorded as an ``audit.warning`` entry; an untouched
log gives no warning. Without K(0) it sees only the chain and the hashes, within a window and a
time budget: the tests also pin down what it cannot see.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import pytest

from app.audit import verify as audit_verify
from app.audit.actions import Action
from app.audit.entry import decode_details, recomputed_hash
from app.vault.create import parse_audit_key
from app.vault.session import Vault
from storage.audit_repo import GENESIS_HASH, AuditRow

if TYPE_CHECKING:  # tests/ is no package, and `conftest` may name another folder's at run time
    from conftest import VaultHandle


TRIGGERS_OFF = (
    "DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete; "
    "DROP TRIGGER IF EXISTS audit_log_in_order;"
)


def tamper(v: Vault, *statements: tuple[str, tuple[object, ...]]) -> None:
    """Plain SQL on the unlocked database, as an insider with the passphrase would."""
    v.db.executescript(TRIGGERS_OFF)
    with v.db.transaction() as tx:
        for sql, params in statements:
            tx.execute(sql, params)


def rewrite(v: Vault, rows: list[AuditRow]) -> None:
    v.db.executescript(TRIGGERS_OFF)
    with v.db.transaction() as tx:
        tx.execute("DELETE FROM audit_log")
        tx.executemany("INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       [dataclasses.astuple(r) for r in rows])  # fmt: skip


def rechained(rows: list[AuditRow], start: int) -> list[AuditRow]:
    out = list(rows)
    for i in range(start, len(out)):
        row = dataclasses.replace(out[i], prev_hash=out[i - 1].entry_hash if i else out[i].prev_hash)
        out[i] = dataclasses.replace(row, entry_hash=recomputed_hash(row))
    return out


def filled(handle: VaultHandle, acts: int = 20) -> Vault:
    v = handle.unlock()
    for i in range(acts):
        v.audit.record("test.act", f"hồ sơ {i}")
    return v


def warnings(v: Vault) -> list[dict[str, object]]:
    return [decode_details(r.details) for r in v.audit.repo.all() if r.action == Action.AUDIT_WARNING]


def relock(handle: VaultHandle, v: Vault) -> Vault:
    v.lock()
    return handle.unlock()


# ---------------------------------------------------------------- at unlock


def test_untouched_log_no_warning(vault: VaultHandle) -> None:
    v = relock(vault, filled(vault))
    try:
        assert v.audit_warning is None
        assert warnings(v) == []
        assert v.audit.repo.head().action == Action.UNLOCK  # type: ignore[union-attr]
        report = v.check_audit_on_unlock()
        assert (report.ok, report.complete, report.macs_checked) == (True, True, False)
    finally:
        v.close_quietly()


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        pytest.param(
            ("UPDATE audit_log SET target = 'sửa' WHERE seq = 20", ()), (20, "audit.bad.content"), id="edited"
        ),
        pytest.param(("DELETE FROM audit_log WHERE seq = 21", ()), (21, "audit.bad.missing"), id="deleted"),
        pytest.param(
            ("UPDATE audit_log SET prev_hash = zeroblob(32) WHERE seq = 22", ()),
            (22, "audit.bad.chain"),
            id="unchained",
        ),
        pytest.param(
            ("DELETE FROM audit_log WHERE seq > 19", ()), (20, "audit.bad.missing"), id="tail-cut-state-stale"
        ),
    ],
)
def test_break_in_last_entries_warns_at_next_unlock(
    vault: VaultHandle, statement: tuple[str, tuple[object, ...]], expected: tuple[int, str]
) -> None:
    v = filled(vault)  # entries 1 … 22
    tamper(v, statement)
    v = relock(vault, v)
    try:
        assert v.audit_warning is not None
        assert v.audit_warning.problem is not None
        assert (v.audit_warning.problem.seq, v.audit_warning.problem.reason_key) == expected
        # the warning is itself in the log, with what was found, and nothing else failed
        head = v.audit.repo.head()
        assert head is not None
        assert head.action == Action.AUDIT_WARNING
        assert head.target == v.vault_id
        assert decode_details(head.details) == {"first_bad": expected[0], "reason": expected[1]}
        # the full check agrees on the first bad entry
        full = v.verify_audit(audit_key=parse_audit_key(vault.created.audit_key))
        assert full.problem is not None
        assert (full.problem.seq, full.problem.reason_key) == expected
    finally:
        v.close_quietly()
    v = vault.unlock()  # the damage stays, so does the warning: once per unlock
    try:
        assert v.audit_warning is not None
        assert len(warnings(v)) == 2
    finally:
        v.close_quietly()


def test_tail_cut_with_state_fixed_passes_the_unlock_check(vault: VaultHandle) -> None:
    """Cut the last 3 entries and set the ratchet's number back: the next entries are chained to
    the cut log, so only K(0) can tell (the stored key has moved on) — not the unlock check."""
    v = filled(vault)
    tamper(v, ("DELETE FROM audit_log WHERE seq > 19", ()), ("UPDATE audit_state SET next_seq = 20", ()))
    v = relock(vault, v)
    try:
        assert v.audit_warning is None
        full = v.verify_audit(audit_key=parse_audit_key(vault.created.audit_key))
        assert full.problem is not None
        assert (full.problem.seq, full.problem.reason_key) == (20, "audit.bad.mac")
    finally:
        v.close_quietly()


def test_state_ahead_of_log_warns(vault: VaultHandle) -> None:
    v = filled(vault)
    v.lock()
    v = vault.unlock()
    # entries cut after the last act of the session, before the vault was opened again
    tamper(v, ("UPDATE audit_state SET next_seq = next_seq + 5", ()))
    report = v.check_audit_on_unlock()
    try:
        assert report.problem is not None
        assert report.problem.reason_key == "audit.bad.truncated"
        assert v.audit_warning is report
    finally:
        v.close_quietly()


def test_rehashed_edit_is_invisible_at_unlock(vault: VaultHandle) -> None:
    """Documents the limit: a re-hashed chain passes the unlock check; the inspector's K(0) does not."""
    v = filled(vault)
    rows = list(v.audit.repo.all())
    rows[10] = dataclasses.replace(rows[10], target="đã sửa")
    rewrite(v, rechained(rows, 10))
    v = relock(vault, v)
    try:
        assert v.audit_warning is None
        full = v.verify_audit(audit_key=parse_audit_key(vault.created.audit_key))
        assert full.problem is not None
        assert (full.problem.seq, full.problem.reason_key) == (11, "audit.bad.mac")
    finally:
        v.close_quietly()


# ---------------------------------------------------------------- the window and the budget


def test_window_bounds_the_check(opened: Vault) -> None:
    for i in range(30):
        opened.audit.record("test.act", str(i))
    tamper(opened, ("UPDATE audit_log SET target = 'sửa' WHERE seq = 5", ()))
    repo = opened.audit.repo
    assert audit_verify.verify_recent(repo, window=10).ok  # entry 5 is older than the window
    report = audit_verify.verify_recent(repo, window=28)
    assert report.entries == 28
    assert report.problem is not None
    assert (report.problem.seq, report.problem.reason_key) == (5, "audit.bad.content")


def test_deletion_inside_a_window_shorter_than_the_log(opened: Vault) -> None:
    for i in range(30):
        opened.audit.record("test.act", str(i))  # entries 3 … 32
    tamper(opened, ("DELETE FROM audit_log WHERE seq = 28", ()))
    report = audit_verify.verify_recent(opened.audit.repo, window=10)
    assert report.problem is not None
    assert (report.problem.seq, report.problem.reason_key) == (28, "audit.bad.missing")


def test_first_entry_chain_checked_when_window_covers_it(opened: Vault) -> None:
    rows = list(opened.audit.repo.all())
    rows[0] = dataclasses.replace(rows[0], prev_hash=b"\x05" * 32)
    rewrite(opened, rechained(rows, 0))
    assert rows[0].prev_hash != GENESIS_HASH
    report = audit_verify.verify_recent(opened.audit.repo)
    assert report.problem is not None
    assert (report.problem.seq, report.problem.reason_key) == (1, "audit.bad.chain")


def test_time_budget_stops_early_without_a_false_alarm(opened: Vault) -> None:
    for i in range(50):
        opened.audit.record("test.act", str(i))
    report = audit_verify.verify_recent(opened.audit.repo, budget_s=0.0)
    assert report.ok
    assert not report.complete
    assert opened.check_audit_on_unlock().ok
    assert opened.audit_warning is None


def test_empty_log_with_fresh_state_is_fine(opened: Vault) -> None:
    tamper(opened, ("DELETE FROM audit_log", ()), ("UPDATE audit_state SET next_seq = 1", ()))
    assert audit_verify.verify_recent(opened.audit.repo).ok  # nothing to see without K(0)
    tamper(opened, ("UPDATE audit_state SET next_seq = 4", ()))
    report = audit_verify.verify_recent(opened.audit.repo)
    assert report.problem is not None
    assert (report.problem.seq, report.problem.reason_key) == (1, "audit.bad.truncated")
