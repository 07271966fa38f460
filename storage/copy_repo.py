"""Rows of ``copies`` and ``copy_events`` (schema v4): the copy register (sổ quản lý sao, chụp).

A copy row is written before the copy's bytes leave the app; later events append rows and move
the copy's status. Nothing is updated in place but the status, nothing deleted. Writes take the
caller's transaction connection. Must not import Qt or ``crypto``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlcipher3

from storage.connection import Database
from storage.reader_repo import dump_list


@dataclass(frozen=True, slots=True)
class CopyRow:
    serial: str
    approval_id: int
    reader_id: int
    dossier_id: int
    copy_no: int
    copies: int
    sections: tuple[str, ...]
    layout: str
    pages: int
    sha256: str
    issued_at: str
    officer: str
    marking: str
    variants: dict[str, Any]
    status: str = "issued"


@dataclass(frozen=True, slots=True)
class CopyEventRow:
    serial: str
    event: str
    at: str
    note: str
    officer: str


_COLS = (
    "serial, approval_id, reader_id, dossier_id, copy_no, copies, sections, layout, pages, sha256,"
    " issued_at, officer, marking, variants, status"
)


def _copy(r: tuple[Any, ...]) -> CopyRow:
    return CopyRow(
        str(r[0]), int(r[1]), int(r[2]), int(r[3]), int(r[4]), int(r[5]),
        tuple(json.loads(r[6])), str(r[7]), int(r[8]), str(r[9]), str(r[10]), str(r[11]), str(r[12]),
        dict(json.loads(r[13])), str(r[14]),
    )  # fmt: skip


class CopyRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, serial: str) -> CopyRow | None:
        row = self._db.one(f"SELECT {_COLS} FROM copies WHERE serial = ?", (serial,))
        return _copy(row) if row else None

    def exists(self, serial: str) -> bool:
        return self._db.one("SELECT 1 FROM copies WHERE serial = ?", (serial,)) is not None

    def find(self, approval_id: int | None = None, dossier_id: int | None = None) -> list[CopyRow]:
        where, params = [], []
        if approval_id is not None:
            where.append("approval_id = ?")
            params.append(approval_id)
        if dossier_id is not None:
            where.append("dossier_id = ?")
            params.append(dossier_id)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        sql = f"SELECT {_COLS} FROM copies{clause} ORDER BY issued_at, rowid"
        rows = self._db.execute(sql, tuple(params))
        return [_copy(r) for r in rows]

    def numbers_taken(self, conn: sqlcipher3.Connection, approval_id: int, dossier_id: int) -> set[int]:
        """The copy numbers held by copies of this approval and dossier that were not spoiled."""
        rows = conn.execute(
            "SELECT copy_no FROM copies WHERE approval_id = ? AND dossier_id = ? AND status != 'spoiled'",
            (approval_id, dossier_id),
        ).fetchall()
        return {int(r[0]) for r in rows}

    def add(self, conn: sqlcipher3.Connection, row: CopyRow) -> None:
        conn.execute(
            f"INSERT INTO copies ({_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                row.serial, row.approval_id, row.reader_id, row.dossier_id, row.copy_no, row.copies,
                dump_list(row.sections), row.layout, row.pages, row.sha256, row.issued_at, row.officer,
                row.marking, json.dumps(row.variants, sort_keys=True, separators=(",", ":")), row.status,
            ),
        )  # fmt: skip

    def add_event(self, conn: sqlcipher3.Connection, event: CopyEventRow, status: str) -> None:
        conn.execute(
            "INSERT INTO copy_events (serial, event, at, note, officer) VALUES (?, ?, ?, ?, ?)",
            (event.serial, event.event, event.at, event.note, event.officer),
        )
        conn.execute("UPDATE copies SET status = ? WHERE serial = ?", (status, event.serial))

    def events(self, serial: str | None = None) -> list[CopyEventRow]:
        sql = "SELECT serial, event, at, note, officer FROM copy_events"
        rows = (
            self._db.execute(sql + " WHERE serial = ? ORDER BY id", (serial,))
            if serial is not None
            else self._db.execute(sql + " ORDER BY id")
        )
        return [CopyEventRow(str(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4])) for r in rows]
