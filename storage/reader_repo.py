"""Rows of ``readers``, ``approvals`` and ``reading_sessions`` (schema v4).

Plain data in and out: the rules (validity, scope, form of use) and the sealing of the reader's
identity document are ``app.extract``'s. Nothing here deletes: readers are deactivated,
approvals revoked, reading sessions closed. Writes take the caller's transaction connection so
that the act and its audit entry commit together. Must not import Qt or ``crypto``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlcipher3

from storage.connection import Database


@dataclass(frozen=True, slots=True)
class ReaderRow:
    id: int
    full_name: str
    unit: str
    title: str
    id_document: bytes | None  # sealed
    notes: str
    active: bool
    created_at: str
    deactivated_at: str | None


@dataclass(frozen=True, slots=True)
class ApprovalRow:
    id: int
    reader_id: int
    decision_no: str
    decision_date: str
    signer: str
    signer_title: str
    purpose: str
    form: str
    dossiers: tuple[int, ...]
    sections: tuple[str, ...]
    copies: int
    valid_from: str
    valid_until: str
    created_at: str
    revoked_at: str | None
    revoke_reason: str


@dataclass(frozen=True, slots=True)
class ReadingRow:
    id: int
    reader_id: int
    approval_id: int
    dossiers: tuple[int, ...]
    sections: tuple[str, ...]
    opened_at: str
    closed_at: str | None
    remarks: str
    officer: str


_READER_COLS = "id, full_name, unit, title, id_document, notes, active, created_at, deactivated_at"
_APPROVAL_COLS = (
    "id, reader_id, decision_no, decision_date, signer, signer_title, purpose, form, dossiers, sections,"
    " copies, valid_from, valid_until, created_at, revoked_at, revoke_reason"
)
_READING_COLS = "id, reader_id, approval_id, dossiers, sections, opened_at, closed_at, remarks, officer"


def _ints(text: str) -> tuple[int, ...]:
    return tuple(int(v) for v in json.loads(text))


def _strs(text: str) -> tuple[str, ...]:
    return tuple(str(v) for v in json.loads(text))


def dump_list(values: tuple[Any, ...] | list[Any]) -> str:
    return json.dumps(list(values), ensure_ascii=False, separators=(",", ":"))


def _reader(r: tuple[Any, ...]) -> ReaderRow:
    return ReaderRow(
        int(r[0]), str(r[1]), str(r[2]), str(r[3]), bytes(r[4]) if r[4] is not None else None,
        str(r[5]), bool(r[6]), str(r[7]), r[8],
    )  # fmt: skip


def _approval(r: tuple[Any, ...]) -> ApprovalRow:
    return ApprovalRow(
        int(r[0]), int(r[1]), str(r[2]), str(r[3]), str(r[4]), str(r[5]), str(r[6]), str(r[7]),
        _ints(r[8]), _strs(r[9]), int(r[10]), str(r[11]), str(r[12]), str(r[13]), r[14], str(r[15]),
    )  # fmt: skip


def _reading(r: tuple[Any, ...]) -> ReadingRow:
    return ReadingRow(
        int(r[0]), int(r[1]), int(r[2]), _ints(r[3]), _strs(r[4]), str(r[5]), r[6], str(r[7]), str(r[8])
    )


class ReaderRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- readers -----------------------------------------------------------------------
    def reader(self, reader_id: int) -> ReaderRow | None:
        row = self._db.one(f"SELECT {_READER_COLS} FROM readers WHERE id = ?", (reader_id,))
        return _reader(row) if row else None

    def readers(self, *, active_only: bool = False) -> list[ReaderRow]:
        where = " WHERE active = 1" if active_only else ""
        sql = f"SELECT {_READER_COLS} FROM readers{where} ORDER BY id"
        return [_reader(r) for r in self._db.execute(sql)]

    def add_reader(
        self, conn: sqlcipher3.Connection, full_name: str, unit: str, title: str, notes: str, at: str
    ) -> int:
        cursor = conn.execute(
            "INSERT INTO readers (full_name, unit, title, notes, created_at) VALUES (?, ?, ?, ?, ?)",
            (full_name, unit, title, notes, at),
        )
        return int(cursor.lastrowid or 0)

    def set_id_document(self, conn: sqlcipher3.Connection, reader_id: int, sealed: bytes | None) -> None:
        conn.execute("UPDATE readers SET id_document = ? WHERE id = ?", (sealed, reader_id))

    def deactivate(self, conn: sqlcipher3.Connection, reader_id: int, at: str) -> None:
        conn.execute("UPDATE readers SET active = 0, deactivated_at = ? WHERE id = ?", (at, reader_id))

    # -- approvals ---------------------------------------------------------------------
    def approval(self, approval_id: int) -> ApprovalRow | None:
        row = self._db.one(f"SELECT {_APPROVAL_COLS} FROM approvals WHERE id = ?", (approval_id,))
        return _approval(row) if row else None

    def approvals(self, reader_id: int | None = None) -> list[ApprovalRow]:
        if reader_id is None:
            rows = self._db.execute(f"SELECT {_APPROVAL_COLS} FROM approvals ORDER BY id")
        else:
            rows = self._db.execute(
                f"SELECT {_APPROVAL_COLS} FROM approvals WHERE reader_id = ? ORDER BY id", (reader_id,)
            )
        return [_approval(r) for r in rows]

    def add_approval(self, conn: sqlcipher3.Connection, row: ApprovalRow) -> int:
        cursor = conn.execute(
            "INSERT INTO approvals (reader_id, decision_no, decision_date, signer, signer_title, purpose,"
            " form, dossiers, sections, copies, valid_from, valid_until, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                row.reader_id, row.decision_no, row.decision_date, row.signer, row.signer_title,
                row.purpose, row.form, dump_list(row.dossiers), dump_list(row.sections), row.copies,
                row.valid_from, row.valid_until, row.created_at,
            ),
        )  # fmt: skip
        return int(cursor.lastrowid or 0)

    def revoke(self, conn: sqlcipher3.Connection, approval_id: int, at: str, reason: str) -> None:
        conn.execute(
            "UPDATE approvals SET revoked_at = ?, revoke_reason = ? WHERE id = ?", (at, reason, approval_id)
        )

    # -- reading sessions --------------------------------------------------------------
    def reading(self, session_id: int) -> ReadingRow | None:
        row = self._db.one(f"SELECT {_READING_COLS} FROM reading_sessions WHERE id = ?", (session_id,))
        return _reading(row) if row else None

    def readings(self, *, open_only: bool = False) -> list[ReadingRow]:
        where = " WHERE closed_at IS NULL" if open_only else ""
        sql = f"SELECT {_READING_COLS} FROM reading_sessions{where} ORDER BY opened_at, id"
        return [_reading(r) for r in self._db.execute(sql)]

    def open_reading(self, conn: sqlcipher3.Connection, row: ReadingRow) -> int:
        cursor = conn.execute(
            "INSERT INTO reading_sessions (reader_id, approval_id, dossiers, sections, opened_at, remarks,"
            " officer) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                row.reader_id, row.approval_id, dump_list(row.dossiers), dump_list(row.sections),
                row.opened_at, row.remarks, row.officer,
            ),
        )  # fmt: skip
        return int(cursor.lastrowid or 0)

    def close_reading(self, conn: sqlcipher3.Connection, session_id: int, at: str, remarks: str) -> None:
        conn.execute(
            "UPDATE reading_sessions SET closed_at = ?, remarks = ? WHERE id = ?", (at, remarks, session_id)
        )
