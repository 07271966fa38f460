"""Properties of the audit log, with generated data: any log HoSo writes verifies (with K(0),
without it, and at unlock); any single change to any stored value of any entry, or to the
ratchet state, is found by the inspector's K(0) check, which names the changed entry.

Each example gets a fresh vault with the fast test KDF (about 30 ms to make and open), so the
examples are independent; the insider's change is plain SQL on the real SQLCipher file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from app.audit import verify as audit_verify
from app.audit.actions import Action
from app.audit.entry import MAX_TEXT, decode_details
from app.clock import ManualClock
from app.vault.create import parse_audit_key
from app.vault.session import Vault

if TYPE_CHECKING:  # tests/ is no package, and `conftest` may name another folder's at run time
    from conftest import VaultHandle

# make_vault is a factory: every call makes a new vault in a new folder, so sharing the fixture
# across examples shares nothing between them.
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
TRIGGERS_OFF = (
    "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_log_in_order;"
)
VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxy"
    "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
    "AĂÂĐÊÔƠƯÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ"
    " .,-/0123456789"
)


def texts(max_size: int = 40) -> st.SearchStrategy[str]:
    # Vietnamese most of the time; any Unicode (surrogates excepted, as str from input can't
    # carry them) the rest, with NFD-composed letters and control characters included.
    return st.one_of(st.text(VIETNAMESE, max_size=max_size), st.text(max_size=max_size))


leaves = st.one_of(st.none(), st.booleans(), st.integers(-(2**53), 2**53), texts())
details_st = st.dictionaries(texts(20), st.one_of(leaves, st.lists(leaves, max_size=4)), max_size=6)
actions_st = st.one_of(st.sampled_from([a.value for a in Action]), st.text(VIETNAMESE + "._", min_size=1,
                                                                           max_size=30))  # fmt: skip
entries_st = st.lists(
    st.tuples(actions_st, texts(MAX_TEXT + 20), details_st, st.integers(0, 10**7)),
    min_size=1,
    max_size=60,
)


def fill(v: Vault, clock: ManualClock, entries: list[tuple[str, str, dict[str, Any], int]]) -> None:
    for action, target, details, ms in entries:
        clock.advance(ms / 1000)
        v.audit.record(action, target, details)


def k0_of(handle: VaultHandle) -> bytes:
    return parse_audit_key(handle.created.audit_key)


@SETTINGS
@given(entries=entries_st, actor=texts(30))
def test_any_log_verifies(
    make_vault: Callable[..., VaultHandle], clock: ManualClock, entries: list[Any], actor: str
) -> None:
    handle = make_vault()
    v = handle.unlock(actor=actor)
    try:
        fill(v, clock, entries)
        rows = list(v.audit.repo.all())[2:]  # after vault.create and vault.unlock
        assert len(rows) == len(entries)
        for row, (action, target, details, _) in zip(rows, entries, strict=True):
            assert row.action == action
            assert row.actor == actor
            assert row.target == (target if len(target) <= MAX_TEXT else target[: MAX_TEXT - 1] + "…")
            assert decode_details(row.details) == details
        assert audit_verify.verify(v.audit.repo).ok
        assert audit_verify.verify_recent(v.audit.repo).ok
        report = v.verify_audit(audit_key=k0_of(handle))
        assert report.ok, report.problem
        assert report.entries == len(entries) + 2
    finally:
        v.close_quietly()


LOG_COLUMNS = ("seq", "ts", "actor", "action", "target", "details", "prev_hash", "entry_hash", "mac")
TEXT_COLUMNS = ("ts", "actor", "action", "target", "details")
BLOB_COLUMNS = ("prev_hash", "entry_hash", "mac")


@st.composite
def edits(draw: st.DrawFn) -> tuple[str, float, object]:
    """(column, which row as a fraction of the log, new value) — the value of the column's own
    kind mostly, of any SQLite type sometimes."""
    column = draw(st.sampled_from([*LOG_COLUMNS, "state.next_seq", "state.ratchet_key"]))
    where = draw(st.floats(0, 1, exclude_max=True))
    any_type = st.one_of(
        st.integers(-(2**63), 2**63 - 1), st.floats(allow_nan=False), texts(), st.binary(max_size=40)
    )
    if column in ("seq", "state.next_seq"):
        value: object = draw(st.integers(-5, 2**40))
    elif column in TEXT_COLUMNS:
        value = draw(st.one_of(texts(), texts(), any_type))
    else:
        value = draw(st.one_of(st.binary(min_size=32, max_size=32), st.binary(max_size=64), any_type))
    return column, where, value


@SETTINGS
@given(entries=entries_st, edit=edits())
def test_any_single_edit_is_found_with_k0(
    make_vault: Callable[..., VaultHandle],
    clock: ManualClock,
    entries: list[Any],
    edit: tuple[str, float, object],
) -> None:
    column, where, value = edit
    handle = make_vault()
    v = handle.unlock()
    try:
        fill(v, clock, entries)
        n = v.audit.repo.count()
        seq = 1 + int(where * n)
        v.db.executescript(TRIGGERS_OFF)
        if column.startswith("state."):
            table, name, key = "audit_state", column[6:], "id = 1"
        else:
            table, name, key = "audit_log", column, f"seq = {seq}"
            if column == "seq":  # another entry's number is taken (the primary key refuses it)
                assume(not 1 <= int(value) <= n)  # type: ignore[call-overload]
        before = v.db.scalar(f"SELECT quote({name}) FROM {table} WHERE {key}")  # noqa: S608
        v.db.execute(f"UPDATE {table} SET {name} = ? WHERE {key}", (value,))  # noqa: S608
        if column == "seq":
            key = f"seq = {value}"
        after = v.db.scalar(f"SELECT quote({name}) FROM {table} WHERE {key}")  # noqa: S608
        assume(before != after)  # SQLite's type affinity may store the very same value again

        report = audit_verify.verify(v.audit.repo, k0_of(handle))
        assert report.problem is not None, f"{column} of entry {seq} changed to {value!r} unnoticed"
        found = report.problem.seq
        if column == "seq":
            # the entry moved: to the front (out of order) or past the end (missing here)
            assert found == (value if int(value) < 1 else seq)  # type: ignore[call-overload]
        elif column.startswith("state."):
            assert report.problem.reason_key in ("audit.bad.truncated", "audit.bad.no_state")
        else:
            assert found == seq
        # without K(0), only an edit of a MAC (or of the ratchet key) goes unseen
        without = audit_verify.verify(v.audit.repo)
        assert without.ok == (column in ("mac", "state.ratchet_key"))
        # and the vault's own check, which then records its audit.verify entry, agrees
        assert not v.verify_audit(audit_key=k0_of(handle)).ok
    finally:
        v.close_quietly()


@pytest.mark.parametrize("column", LOG_COLUMNS)
def test_edit_of_each_column_is_found(vault: VaultHandle, opened: Vault, column: str) -> None:
    """The property's cases, one per column, so a failure names its column without shrinking."""
    for i in range(5):
        opened.audit.record("test.act", f"mục {i}", {"i": i})
    opened.db.executescript(TRIGGERS_OFF)
    value: object = {"seq": 100, "ts": "2020-01-01T00:00:00.000Z"}.get(column, b"\x09" * 32)
    if column in TEXT_COLUMNS and column != "ts":
        value = "đã sửa"
    opened.db.execute(f"UPDATE audit_log SET {column} = ? WHERE seq = 4", (value,))  # noqa: S608
    report = audit_verify.verify(opened.audit.repo, k0_of(vault))
    assert report.problem is not None
    assert report.problem.seq == 4
