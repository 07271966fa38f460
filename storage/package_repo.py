"""Rows of ``packages_sent``, ``packages_received`` and ``package_history`` (schema v7): the register
of sealed packages, the replay check (a received package id is a primary key), and the change
history a package carried for each dossier (sealed by ``app``; stored as it is handed over).

Plain data in and out; writes take the caller's transaction connection so that a package's row
commits with its dossiers and its audit entry. All three tables are append-only (triggers).
Must not import Qt or ``crypto``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlcipher3

from storage.connection import Database


@dataclass(frozen=True, slots=True)
class SentRow:
    package_id: str
    created_at: str
    actor: str
    recipient: str
    file: str
    sha256: str
    size: int
    dossier_ids: tuple[int, ...]
    documents: int
    scans: int
    history: bool
    reference: str | None
    transfer: bool


@dataclass(frozen=True, slots=True)
class ReceivedRow:
    package_id: str
    received_at: str
    actor: str
    sender: str
    created_at: str
    sha256: str
    dossier_ids: tuple[int, ...]
    created: int
    updated: int
    documents: int
    scans: int
    reference: str | None
    transfer: bool


_SENT = ("package_id, created_at, actor, recipient, file, sha256, size, dossier_ids, documents, scans,"
         " history, reference, transfer")  # fmt: skip
_RECEIVED = ("package_id, received_at, actor, sender, created_at, sha256, dossier_ids, created, updated,"
             " documents, scans, reference, transfer")  # fmt: skip


def _ids(text: Any) -> tuple[int, ...]:
    return tuple(int(i) for i in json.loads(text))


def _sent(r: tuple[Any, ...]) -> SentRow:
    return SentRow(str(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]), str(r[5]), int(r[6]), _ids(r[7]),
                   int(r[8]), int(r[9]), bool(r[10]), r[11], bool(r[12]))  # fmt: skip


def _received(r: tuple[Any, ...]) -> ReceivedRow:
    return ReceivedRow(str(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]), str(r[5]), _ids(r[6]),
                       int(r[7]), int(r[8]), int(r[9]), int(r[10]), r[11], bool(r[12]))  # fmt: skip


class PackageRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- sent --------------------------------------------------------------------------------
    def add_sent(self, conn: sqlcipher3.Connection, row: SentRow) -> None:
        conn.execute(
            f"INSERT INTO packages_sent ({_SENT}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (row.package_id, row.created_at, row.actor, row.recipient, row.file, row.sha256, row.size,
             json.dumps(list(row.dossier_ids)), row.documents, row.scans, int(row.history), row.reference,
             int(row.transfer)),
        )  # fmt: skip

    def sent(self) -> list[SentRow]:
        return [_sent(r) for r in self._db.execute(f"SELECT {_SENT} FROM packages_sent ORDER BY created_at")]

    # -- received ----------------------------------------------------------------------------
    def add_received(self, conn: sqlcipher3.Connection, row: ReceivedRow) -> None:
        """Record a received package; ``sqlcipher3.IntegrityError`` when its id is known (a replay)."""
        conn.execute(
            f"INSERT INTO packages_received ({_RECEIVED}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (row.package_id, row.received_at, row.actor, row.sender, row.created_at, row.sha256,
             json.dumps(list(row.dossier_ids)), row.created, row.updated, row.documents, row.scans,
             row.reference, int(row.transfer)),
        )  # fmt: skip

    def received(self, package_id: str | None = None) -> list[ReceivedRow]:
        if package_id is None:
            rows = self._db.execute(f"SELECT {_RECEIVED} FROM packages_received ORDER BY received_at")
        else:
            rows = self._db.execute(
                f"SELECT {_RECEIVED} FROM packages_received WHERE package_id = ?", (package_id,)
            )
        return [_received(r) for r in rows]

    # -- carried history ---------------------------------------------------------------------
    def add_history(
        self, conn: sqlcipher3.Connection, package_id: str, dossier_id: int, changes: int, sealed: bytes
    ) -> None:
        conn.execute(
            "INSERT INTO package_history (package_id, dossier_id, changes, sealed) VALUES (?, ?, ?, ?)",
            (package_id, dossier_id, changes, sealed),
        )

    def history(self, dossier_id: int) -> list[tuple[str, bytes]]:
        """(package id, sealed history) of every package that carried this dossier's history,
        in the order they were received."""
        rows = self._db.execute(
            "SELECT h.package_id, h.sealed FROM package_history h JOIN packages_received p"
            " ON p.package_id = h.package_id WHERE h.dossier_id = ? ORDER BY p.received_at, h.package_id",
            (dossier_id,),
        )
        return [(str(r[0]), bytes(r[1])) for r in rows]
