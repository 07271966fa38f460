"""An insider with the passphrase edits history straight in vault.db (DESIGN §4).

Every kind of tampering is done with direct SQL on the unlocked database after dropping the
append-only triggers, as the insider would; the cleverer variants recompute entry hashes and
rebuild the chain after the edit, and re-MAC with the ratchet key the insider can read in
``audit_state``. ``Vault.verify_audit(audit_key=K0)`` must name the first bad entry and why.
Where verification without K(0) is fooled, the test says so: that is why the inspector keeps K(0)
and signed checkpoints off the machine.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import pytest

from app.audit import checkpoint as cp_mod
from app.audit import verify as audit_verify
from app.audit.checkpoint import Checkpoint
from app.audit.entry import entry_hash, recomputed_hash
from app.audit.verify import Report
from app.errors import IntegrityViolation
from app.vault.create import parse_audit_key
from app.vault.session import Vault
from crypto import ratchet, signing
from storage.audit_repo import GENESIS_HASH, AuditRow

if TYPE_CHECKING:  # tests/ is no package, and `conftest` may name another folder's at run time
    from conftest import VaultHandle


TRIGGERS_OFF = (
    "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_log_in_order;"
)
ACTS = 10  # entries 3 … 12 after vault.create (1) and vault.unlock (2)


class Insider:
    """Someone who holds the passphrase and works on vault.db with plain SQL."""

    def __init__(self, v: Vault) -> None:
        self.v = v
        v.db.executescript(TRIGGERS_OFF)

    def sql(self, sql: str, params: tuple[object, ...] = ()) -> None:
        with self.v.db.transaction() as tx:
            tx.execute(sql, params)

    def rows(self) -> list[AuditRow]:
        return list(self.v.audit.repo.all())

    def state(self) -> tuple[int, bytes]:
        st = self.v.audit.repo.state()
        assert st is not None
        return st

    def set_next_seq(self, next_seq: int) -> None:
        self.sql("UPDATE audit_state SET next_seq = ?", (next_seq,))

    def write_log(self, rows: Sequence[AuditRow], next_seq: int | None = None) -> None:
        """Replace the whole log with ``rows`` (and the ratchet's next number, if given)."""
        with self.v.db.transaction() as tx:
            tx.execute("DELETE FROM audit_log")
            tx.executemany(
                "INSERT INTO audit_log (seq, ts, actor, action, target, details, prev_hash, entry_hash, mac)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [dataclasses.astuple(r) for r in rows],
            )
            if next_seq is not None:
                tx.execute("UPDATE audit_state SET next_seq = ?", (next_seq,))


def rechain(rows: Sequence[AuditRow], start: int = 0) -> list[AuditRow]:
    """Renumber 1, 2, 3 … and recompute prev_hash and entry_hash from index ``start`` on, as an
    insider can without any key; MACs are left as they were."""
    out: list[AuditRow] = []
    for i, row in enumerate(rows):
        if i >= start:
            prev = out[i - 1].entry_hash if i else GENESIS_HASH
            row = dataclasses.replace(row, seq=i + 1, prev_hash=prev)
            row = dataclasses.replace(row, entry_hash=recomputed_hash(row))
        out.append(row)
    return out


def remac(rows: Sequence[AuditRow], start: int, key: bytes, advance: bool = False) -> list[AuditRow]:
    """MACs from index ``start`` on under ``key`` (the insider's only key), optionally ratcheted."""
    out = list(rows)
    for i in range(start, len(out)):
        out[i] = dataclasses.replace(out[i], mac=ratchet.entry_mac(key, out[i].entry_hash))
        if advance:
            key = ratchet.advance(key)
    return out


def forged_row(seq: int, prev: bytes, key: bytes, target: str = "chèn thêm") -> AuditRow:
    ts, actor, action, details = (
        "2026-01-01T00:00:00.000Z",
        "officer",
        "vault.unlock",
        '{"method":"passphrase"}',
    )
    digest = entry_hash(seq, ts, actor, action, target, details, prev)
    return AuditRow(seq, ts, actor, action, target, details, prev, digest, ratchet.entry_mac(key, digest))


@dataclasses.dataclass
class Scene:
    handle: VaultHandle
    v: Vault
    k0: bytes

    @property
    def n(self) -> int:
        return self.v.audit.repo.count()

    def verify(self, checkpoints: Sequence[Checkpoint] = ()) -> Report:
        """The inspector's check: ``Vault.verify_audit`` with K(0). It records an audit.verify
        entry afterwards, so each test calls it last."""
        return self.v.verify_audit(
            audit_key=self.k0, checkpoints=[(cp, f"cp{i}.json") for i, cp in enumerate(checkpoints)]
        )

    def check(self, with_key: bool = False, checkpoints: Sequence[Checkpoint] = ()) -> Report:
        """The same verification, recording nothing (for the assertions made before the last)."""
        return audit_verify.verify(self.v.audit.repo, self.k0 if with_key else None, checkpoints)

    def insider(self) -> Insider:
        return Insider(self.v)


@pytest.fixture
def scene(vault: VaultHandle, opened: Vault) -> Scene:
    for i in range(ACTS):
        opened.audit.record("test.act", f"hồ sơ {i}", {"i": i})
    assert opened.audit.repo.count() == 2 + ACTS
    return Scene(vault, opened, parse_audit_key(vault.created.audit_key))


def problem(report: Report) -> tuple[int, str]:
    assert report.problem is not None, "tampering not detected"
    return report.problem.seq, report.problem.reason_key


# ---------------------------------------------------------------- untouched


def test_untouched_log_verifies_with_macs_and_checkpoints(scene: Scene) -> None:
    report = scene.verify()
    assert report.ok
    assert report.macs_checked
    assert report.entries == 2 + ACTS
    cp1 = scene.v.checkpoint()
    scene.v.audit.record("test.act", "sau điểm kiểm tra")
    cp2 = scene.v.checkpoint()
    report = scene.verify(checkpoints=[cp2, cp1])
    assert (report.ok, report.macs_checked, report.checkpoints_checked) == (True, True, 2)
    without = scene.v.verify_audit()
    assert (without.ok, without.macs_checked) == (True, False)
    # the verifications were themselves recorded, and the log still verifies after them
    assert scene.verify(checkpoints=[cp1, cp2]).ok
    assert scene.v.check_audit_on_unlock().ok


# ---------------------------------------------------------------- edited


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("ts", "2025-12-31T23:59:59.000Z"),
        ("actor", "người khác"),
        ("action", "vault.lock"),
        ("target", "hồ sơ khác"),
        ("details", '{"i":99}'),
        ("entry_hash", b"\x07" * 32),
    ],
)
def test_edited_entry_not_rehashed(scene: Scene, column: str, value: object) -> None:
    scene.insider().sql(f"UPDATE audit_log SET {column} = ? WHERE seq = 7", (value,))  # noqa: S608
    assert problem(scene.check()) == (7, "audit.bad.content")
    assert problem(scene.verify()) == (7, "audit.bad.content")


def test_edited_prev_hash(scene: Scene) -> None:
    scene.insider().sql("UPDATE audit_log SET prev_hash = ? WHERE seq = 7", (b"\x01" * 32,))
    assert problem(scene.verify()) == (7, "audit.bad.chain")


def test_edited_mac_only_caught_with_k0(scene: Scene) -> None:
    scene.insider().sql("UPDATE audit_log SET mac = ? WHERE seq = 7", (b"\x02" * 32,))
    assert scene.check().ok  # the MAC column means nothing without K(0)
    assert problem(scene.verify()) == (7, "audit.bad.mac")


@pytest.mark.parametrize("seq", [1, 7, 2 + ACTS])
def test_edited_and_rehashed_with_chain_rebuilt(scene: Scene, seq: int) -> None:
    insider = scene.insider()
    log = insider.rows()
    log[seq - 1] = dataclasses.replace(log[seq - 1], target="đã sửa", details='{"i":-1}')
    insider.write_log(rechain(log, seq - 1))
    # the chain is consistent again: without K(0) the edit is invisible ...
    assert scene.check().ok
    assert scene.v.check_audit_on_unlock().ok
    # ... with K(0), the MAC of the edited entry gives it away
    assert problem(scene.verify()) == (seq, "audit.bad.mac")


def test_whole_log_rebuilt_under_the_insiders_own_key(scene: Scene) -> None:
    """The insider replaces history and the ratchet with a K(0) of their own making."""
    insider = scene.insider()
    own_k0 = b"\x42" * 32
    log = rechain([dataclasses.replace(r, target=r.target + " (viết lại)") for r in insider.rows()])
    log = remac(log, 0, own_k0, advance=True)
    insider.write_log(log)
    insider.sql("UPDATE audit_state SET ratchet_key = ?", (ratchet.key_at(own_k0, len(log)),))
    assert scene.check().ok
    assert problem(scene.verify()) == (1, "audit.bad.mac")


# ---------------------------------------------------------------- deleted, inserted, reordered


def test_deleted_middle_entry(scene: Scene) -> None:
    scene.insider().sql("DELETE FROM audit_log WHERE seq = 6")
    assert problem(scene.check()) == (6, "audit.bad.missing")
    assert problem(scene.verify()) == (6, "audit.bad.missing")


def test_deleted_entries_renumbered_and_rechained(scene: Scene) -> None:
    insider = scene.insider()
    log = insider.rows()
    del log[5:7]  # entries 6 and 7
    insider.write_log(rechain(log, 5))
    # the ratchet still expects entry n + 1: the count gives it away even without K(0)
    assert problem(scene.check()) == (2 + ACTS - 1, "audit.bad.truncated")
    insider.set_next_seq(len(log) + 1)
    assert scene.check().ok
    assert problem(scene.verify()) == (6, "audit.bad.mac")


def test_inserted_entry_rest_renumbered(scene: Scene) -> None:
    insider = scene.insider()
    log = insider.rows()
    _, current_key = insider.state()
    new = forged_row(5, log[3].entry_hash, current_key)
    shifted = [dataclasses.replace(r, seq=r.seq + 1) for r in log[4:]]
    insider.write_log([*log[:4], new, *shifted], next_seq=len(log) + 2)
    # the renumbered entry after it still points at the old predecessor ...
    assert problem(scene.check()) == (6, "audit.bad.chain")
    # ... and with K(0) the inserted entry's own MAC is found wrong first
    assert problem(scene.verify()) == (5, "audit.bad.mac")


def test_inserted_entry_with_chain_rebuilt(scene: Scene) -> None:
    insider = scene.insider()
    log = insider.rows()
    _, current_key = insider.state()
    log.insert(4, forged_row(5, GENESIS_HASH, current_key))
    log = remac(rechain(log, 4), 4, current_key)
    insider.write_log(log, next_seq=len(log) + 1)
    assert scene.check().ok
    assert problem(scene.verify()) == (5, "audit.bad.mac")


def test_inserted_entry_before_the_first(scene: Scene) -> None:
    insider = scene.insider()
    first = insider.rows()[0]
    _, current_key = insider.state()
    insider.sql(
        "INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        dataclasses.astuple(forged_row(0, GENESIS_HASH, current_key)),
    )
    assert first.seq == 1
    assert problem(scene.verify()) == (0, "audit.bad.order")


def test_two_entries_swapped(scene: Scene) -> None:
    insider = scene.insider()
    log = insider.rows()
    a, b = log[5], log[6]  # entries 6 and 7 trade places
    log[5], log[6] = dataclasses.replace(b, seq=6), dataclasses.replace(a, seq=7)
    insider.write_log(log)
    assert problem(scene.check()) == (6, "audit.bad.chain")
    assert problem(scene.verify()) == (6, "audit.bad.chain")


def test_two_entries_swapped_chain_rebuilt(scene: Scene) -> None:
    insider = scene.insider()
    log = insider.rows()
    log[5], log[6] = log[6], log[5]
    insider.write_log(rechain(log, 5))
    assert scene.check().ok
    assert problem(scene.verify()) == (6, "audit.bad.mac")


# ---------------------------------------------------------------- MACs forged with the current key


@pytest.mark.parametrize("advance", [False, True], ids=["same-key", "ratcheted-from-current"])
def test_forged_mac_with_current_ratchet_key(scene: Scene, advance: bool) -> None:
    insider = scene.insider()
    log = insider.rows()
    _, current_key = insider.state()  # K(n): all the insider has
    log[7] = dataclasses.replace(log[7], action="vault.lock", details='{"reason":"user"}')
    log = remac(rechain(log, 7), 7, current_key, advance=advance)
    insider.write_log(log)
    assert problem(scene.verify()) == (8, "audit.bad.mac")


def test_last_entry_edited_and_remaced_with_current_key(scene: Scene) -> None:
    """The newest entry was MAC'd with K(n-1), already overwritten by K(n)."""
    insider = scene.insider()
    log = insider.rows()
    _, current_key = insider.state()
    log[-1] = dataclasses.replace(log[-1], target="sửa mục cuối")
    log = remac(rechain(log, len(log) - 1), len(log) - 1, current_key)
    insider.write_log(log)
    assert scene.check().ok
    assert problem(scene.verify()) == (len(log), "audit.bad.mac")


# ---------------------------------------------------------------- truncated


def test_tail_truncation_with_next_seq_fixed(scene: Scene) -> None:
    n = scene.n
    insider = scene.insider()
    insider.sql("DELETE FROM audit_log WHERE seq > ?", (n - 3,))
    insider.set_next_seq(n - 2)
    # the ratchet key has moved past the last entry left: only K(0) shows it
    assert scene.check().ok
    assert problem(scene.check(with_key=True)) == (n - 2, "audit.bad.truncated")
    assert problem(scene.verify()) == (n - 2, "audit.bad.truncated")


def test_tail_truncation_without_fixing_next_seq(scene: Scene) -> None:
    n = scene.n
    scene.insider().sql("DELETE FROM audit_log WHERE seq > ?", (n - 3,))
    assert problem(scene.check()) == (n - 2, "audit.bad.truncated")
    assert problem(scene.verify()) == (n - 2, "audit.bad.truncated")


def test_tail_truncation_then_more_work(scene: Scene) -> None:
    """After an unnoticed cut, new entries carry MACs under the key of the cut-off entries."""
    n = scene.n
    insider = scene.insider()
    insider.sql("DELETE FROM audit_log WHERE seq > ?", (n - 3,))
    insider.set_next_seq(n - 2)
    for i in range(3):
        scene.v.audit.record("test.act", f"sau khi cắt {i}")
    assert scene.check().ok
    assert problem(scene.verify()) == (n - 2, "audit.bad.mac")


def test_whole_log_deleted(scene: Scene) -> None:
    insider = scene.insider()
    insider.sql("DELETE FROM audit_log")
    assert problem(scene.check()) == (1, "audit.bad.truncated")
    insider.set_next_seq(1)
    assert scene.check().ok
    assert problem(scene.verify()) == (1, "audit.bad.truncated")


@pytest.mark.parametrize(
    "sql",
    ["DELETE FROM audit_state", "UPDATE audit_state SET next_seq = 'mười ba'"],
    ids=["deleted", "not-a-number"],
)
def test_ratchet_state_deleted_or_mangled(scene: Scene, sql: str) -> None:
    scene.insider().sql(sql)
    # verify_audit reports it (and cannot record its own entry, quietly)
    assert problem(scene.verify()) == (1, "audit.bad.no_state")
    # every later act that must be audited is refused as an integrity violation (exit 4)
    with pytest.raises(IntegrityViolation) as info:
        scene.v.audit.record("test.act")
    assert (info.value.key, info.value.exit_code) == ("audit.bad.no_state", 4)
    with pytest.raises(IntegrityViolation):
        scene.v.lock()
    assert not scene.v.is_open  # locked all the same
    with pytest.raises(IntegrityViolation) as info:
        scene.handle.unlock()
    assert info.value.key == "audit.bad.no_state"


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("mac", "văn bản", "audit.bad.mac"),
        ("mac", 12345, "audit.bad.mac"),
        ("mac", 2**62, "audit.bad.mac"),  # bytes(2**62) would try to allocate it
        ("prev_hash", 3.5, "audit.bad.chain"),
        ("entry_hash", "", "audit.bad.content"),
        ("target", b"h\xe1\xbb\x93 s\xc6\xa1 0", "audit.bad.content"),  # the right UTF-8, stored as a blob
        ("ts", 20260101, "audit.bad.content"),
    ],
)
def test_values_of_another_type_are_found_not_fatal(
    scene: Scene, column: str, value: object, reason: str
) -> None:
    """Plain SQL can store any type in any column: it must read as a wrong value, not crash the
    check (which would end ``hoso audit verify`` with 'unexpected error', exit 1, not 4)."""
    scene.insider().sql(f"UPDATE audit_log SET {column} = ? WHERE seq = 7", (value,))  # noqa: S608
    if reason != "audit.bad.mac":  # a MAC is only checked with K(0)
        assert problem(scene.check()) == (7, reason)
    assert problem(scene.verify()) == (7, reason)


@pytest.mark.parametrize("column", ["ts", "actor", "action", "target", "details", "mac"])
def test_invalid_utf8_is_found_not_fatal(scene: Scene, column: str) -> None:
    scene.insider().sql(
        f"UPDATE audit_log SET {column} = CAST(x'ff' || CAST({column} AS BLOB) AS TEXT) WHERE seq = 7"  # noqa: S608
    )
    expected = "audit.bad.mac" if column == "mac" else "audit.bad.content"
    assert problem(scene.verify()) == (7, expected)
    entry = scene.v.audit.repo.at(7)  # and the viewer can still show the entry
    assert entry is not None
    if column != "mac":
        assert getattr(entry, column).startswith("\ufffd")


def test_ratchet_key_of_another_type(scene: Scene) -> None:
    n = scene.n
    scene.insider().sql("UPDATE audit_state SET ratchet_key = 'không phải khóa'")
    assert scene.check().ok  # without K(0), the key means nothing
    assert problem(scene.verify()) == (n + 1, "audit.bad.truncated")


def test_truncation_back_past_a_checkpoint(scene: Scene) -> None:
    cp = scene.v.checkpoint()
    for i in range(3):
        scene.v.audit.record("test.act", f"sau điểm kiểm tra {i}")
    insider = scene.insider()
    cut = cp.seq - 2  # entries cut-1 … are kept; cut … gone, the checkpointed one among them
    insider.sql("DELETE FROM audit_log WHERE seq >= ?", (cut,))
    insider.set_next_seq(cut)
    report = scene.check(checkpoints=[cp])
    assert problem(report) == (cut, "audit.bad.truncated_checkpoint")
    assert report.problem is not None
    assert report.problem.params == {"time": cp.time, "cp_seq": str(cp.seq)}
    # with K(0) as well, the checkpoint's more specific reason is given for the same entry
    assert problem(scene.verify(checkpoints=[cp])) == (cut, "audit.bad.truncated_checkpoint")


def test_rollback_to_a_saved_ratchet_state_needs_a_checkpoint(scene: Scene) -> None:
    """The insider saved ``audit_state`` earlier, cuts the log back to it and restores it:
    every remaining MAC and the ratchet agree with K(0). Only a later checkpoint tells."""
    insider = scene.insider()
    saved_next, saved_key = insider.state()
    for i in range(4):
        scene.v.audit.record("test.act", f"việc cần che giấu {i}")
    cp = scene.v.checkpoint()
    insider.sql("DELETE FROM audit_log WHERE seq >= ?", (saved_next,))
    insider.sql("UPDATE audit_state SET next_seq = ?, ratchet_key = ?", (saved_next, saved_key))
    report = scene.verify(checkpoints=[cp])
    assert problem(report) == (saved_next, "audit.bad.truncated_checkpoint")


def test_history_rewritten_under_a_checkpoint(scene: Scene) -> None:
    cp = scene.v.checkpoint()
    scene.v.audit.record("test.act", "sau điểm kiểm tra")
    insider = scene.insider()
    log = insider.rows()
    log[4] = dataclasses.replace(log[4], target="viết lại lịch sử")
    insider.write_log(rechain(log, 4))
    report = scene.check(checkpoints=[cp])
    assert problem(report) == (cp.seq, "audit.bad.checkpoint_mismatch")
    assert report.problem is not None
    assert report.problem.params == {"time": cp.time}
    assert problem(scene.verify(checkpoints=[cp])) == (5, "audit.bad.mac")


# ---------------------------------------------------------------- forged checkpoints


def _refused(scene: Scene, cp: Checkpoint, key: str) -> None:
    with pytest.raises(IntegrityViolation) as info:
        scene.verify(checkpoints=[cp])
    assert info.value.key == key
    assert info.value.exit_code == 4
    assert info.value.params == {"file": "cp0.json"}


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(
            lambda cp: dataclasses.replace(cp, signature=bytes([cp.signature[0] ^ 1]) + cp.signature[1:]),
            id="signature-bit",
        ),
        pytest.param(lambda cp: dataclasses.replace(cp, seq=cp.seq - 1), id="seq"),
        pytest.param(lambda cp: dataclasses.replace(cp, head_hash=b"\x00" * 32), id="head-hash"),
        pytest.param(lambda cp: dataclasses.replace(cp, time="2020-01-01T00:00:00.000Z"), id="time"),
        pytest.param(lambda cp: dataclasses.replace(cp, public_key=b"\x01" * 32), id="public-key"),
    ],
)
def test_forged_checkpoint_refused(scene: Scene, forge: Callable[[Checkpoint], Checkpoint]) -> None:
    cp = scene.v.checkpoint()
    assert scene.verify(checkpoints=[cp]).ok
    # through the JSON form too, as the inspector hands it in
    forged = cp_mod.from_json(forge(cp).to_json(), "cp0.json")
    _refused(scene, forged, "audit.checkpoint_forged")


def test_checkpoint_signed_by_the_insiders_own_key_refused(scene: Scene) -> None:
    own = signing.new_signing_key()
    head = scene.v.audit.repo.head()
    assert head is not None
    cp = cp_mod.sign_checkpoint(scene.v.vault_id, head.seq, head.entry_hash, "2026-01-01T00:00:00.000Z", own)
    _refused(scene, cp, "audit.checkpoint_forged")


def test_checkpoint_of_another_vault_refused(scene: Scene, make_vault: Callable[..., VaultHandle]) -> None:
    other = make_vault().unlock()
    try:
        foreign = other.checkpoint()
        head = other.audit.repo.head()
        assert head is not None
        # another vault's checkpoint relabelled with this vault's id: signature is still the other's
        relabelled = cp_mod.sign_checkpoint(
            scene.v.vault_id, foreign.seq, foreign.head_hash, foreign.time, other.keys.signing_private()
        )
    finally:
        other.close_quietly()
    _refused(scene, foreign, "audit.checkpoint_other_vault")
    _refused(scene, relabelled, "audit.checkpoint_forged")
