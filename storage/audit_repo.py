"""Rows of the append-only audit log and the ratchet state, as plain dataclasses.

Computing hashes and MACs is the caller's business (``app.audit``); this module only reads and
writes rows, and turns the triggers' refusals into :class:`AppendOnlyViolation`.
Must not import Qt or ``crypto``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import sqlcipher3

from storage import AppendOnlyViolation
from storage.connection import Database

GENESIS_HASH = bytes(32)


@dataclass(frozen=True, slots=True)
class AuditRow:
    seq: int
    ts: str
    actor: str
    action: str
    target: str
    details: str
    prev_hash: bytes
    entry_hash: bytes
    mac: bytes


@dataclass(frozen=True, slots=True)
class AuditFilter:
    since: str | None = None  # ISO time, inclusive
    until: str | None = None  # ISO time, exclusive
    action: str | None = None  # exact, or a prefix ending in "."
    target: str | None = None  # substring

    def where(self) -> tuple[str, list[str]]:
        clauses, params = [], []
        if self.since:
            clauses.append("ts >= ?")
            params.append(self.since)
        if self.until:
            clauses.append("ts < ?")
            params.append(self.until)
        if self.action:
            if self.action.endswith("."):
                clauses.append("substr(action, 1, ?) = ?")
                params.extend([str(len(self.action)), self.action])
            else:
                clauses.append("action = ?")
                params.append(self.action)
        if self.target:
            clauses.append("instr(target, ?) > 0")
            params.append(self.target)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


_COLUMNS = "seq, ts, actor, action, target, details, prev_hash, entry_hash, mac"


def _text(column: str) -> str:
    # Raw bytes of a text value (decoded below, so invalid UTF-8 written by hand cannot make
    # every read fail); any other storage class as its SQL literal, which never equals the text
    # that was hashed.
    return f"CASE typeof({column}) WHEN 'text' THEN CAST({column} AS BLOB) ELSE quote({column}) END"


# What is read back. Rows edited by hand with plain SQL may hold any type or bytes: they must
# read as *some* value (that then fails its hash or MAC check), never break the read.
_SELECT = ", ".join(
    [
        "seq",
        *(_text(c) for c in ("ts", "actor", "action", "target", "details")),
        *(f"CAST({c} AS BLOB)" for c in ("prev_hash", "entry_hash", "mac")),
    ]
)


def _str(value: Any) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _row(r: tuple[Any, ...]) -> AuditRow:
    return AuditRow(
        int(r[0]),
        _str(r[1]),
        _str(r[2]),
        _str(r[3]),
        _str(r[4]),
        _str(r[5]),
        bytes(r[6]),
        bytes(r[7]),
        bytes(r[8]),
    )


class AuditRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- ratchet state ---------------------------------------------------------------------
    def state(self) -> tuple[int, bytes] | None:
        row = self._db.one("SELECT next_seq, CAST(ratchet_key AS BLOB) FROM audit_state WHERE id = 1")
        if row is None or not isinstance(row[0], int):  # absent, or next_seq not a number
            return None
        return int(row[0]), bytes(row[1])

    def init_state(self, conn: sqlcipher3.Connection, k0: bytes) -> None:
        conn.execute("INSERT INTO audit_state (id, next_seq, ratchet_key) VALUES (1, 1, ?)", (k0,))

    # -- entries ---------------------------------------------------------------------------
    def head(self) -> AuditRow | None:
        row = self._db.one(f"SELECT {_SELECT} FROM audit_log ORDER BY seq DESC LIMIT 1")
        return _row(row) if row else None

    def append(self, conn: sqlcipher3.Connection, row: AuditRow, next_key: bytes) -> None:
        """Insert ``row`` and move the ratchet to ``next_key``, inside the caller's transaction."""
        try:
            conn.execute(
                f"INSERT INTO audit_log ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    row.seq,
                    row.ts,
                    row.actor,
                    row.action,
                    row.target,
                    row.details,
                    row.prev_hash,
                    row.entry_hash,
                    row.mac,
                ),
            )
        except sqlcipher3.IntegrityError as exc:
            raise AppendOnlyViolation(str(exc)) from None
        conn.execute(
            "UPDATE audit_state SET next_seq = ?, ratchet_key = ? WHERE id = 1", (row.seq + 1, next_key)
        )

    def count(self, where: AuditFilter | None = None) -> int:
        clause, params = (where or AuditFilter()).where()
        return int(self._db.scalar(f"SELECT count(*) FROM audit_log{clause}", tuple(params)))

    def all(self, batch: int = 5000) -> Iterator[AuditRow]:
        """Every entry in sequence order, streamed."""
        for r in self._db.iterate(f"SELECT {_SELECT} FROM audit_log ORDER BY seq", batch=batch):
            yield _row(r)

    def tail(self, n: int) -> list[AuditRow]:
        rows = self._db.execute(
            f"SELECT {_SELECT} FROM audit_log ORDER BY seq DESC LIMIT ?",
            (n,),
        )
        return [_row(r) for r in reversed(rows)]

    def at(self, seq: int) -> AuditRow | None:
        row = self._db.one(f"SELECT {_SELECT} FROM audit_log WHERE seq = ?", (seq,))
        return _row(row) if row else None

    def many(self, seqs: list[int]) -> dict[int, AuditRow]:
        """The entries with these sequence numbers (at most 500 at a time), by number."""
        if len(seqs) > 500:
            raise ValueError("at most 500 entries at a time")
        if not seqs:
            return {}
        marks = ",".join("?" * len(seqs))
        rows = self._db.execute(f"SELECT {_SELECT} FROM audit_log WHERE seq IN ({marks})", tuple(seqs))
        return {r.seq: r for r in map(_row, rows)}

    def page(self, where: AuditFilter, offset: int, limit: int) -> list[AuditRow]:
        """One page of filtered entries, newest first (the viewer's lazy model)."""
        clause, params = where.where()
        rows = self._db.execute(
            f"SELECT {_SELECT} FROM audit_log{clause} ORDER BY seq DESC LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )
        return [_row(r) for r in rows]

    def seqs(self, where: AuditFilter) -> list[int]:
        """The sequence numbers of the filtered entries, newest first."""
        clause, params = where.where()
        rows = self._db.execute(f"SELECT seq FROM audit_log{clause} ORDER BY seq DESC", tuple(params))
        return [int(r[0]) for r in rows]
