"""Rows of the dossier tables: dossiers, their encrypted restricted values, their history and
their search index. Plain data in and out; encryption, validation and diffing are ``app``'s.

Writes take the caller's transaction connection so that a save, its history and its audit
entry commit together. Must not import Qt or ``crypto``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlcipher3

from storage.connection import Database

FACT_COLUMNS = (
    "full_name",
    "sex",
    "birth_date",
    "birth_year",
    "ethnicity",
    "religion",
    "management_tier",
    "employing_unit",
    "current_post",
    "post_group",
    "highest_degree",
    "academic_title",
    "political_theory",
    "state_management",
    "status",
    "party_join_date",
    "party_official_date",
)


@dataclass(frozen=True, slots=True)
class DossierRow:
    id: int
    pid_index: bytes
    version: int
    created_at: str
    updated_at: str
    secrecy: str
    normal: str  # JSON
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SecretRow:
    path: str
    version: int
    ciphertext: bytes


@dataclass(frozen=True, slots=True)
class ChangeRow:
    id: int
    dossier_id: int
    at: str
    actor: str
    path: str
    restricted: bool
    old_value: bytes | None
    new_value: bytes | None
    basis: str | None
    source: str | None


_BASE = "id, pid_index, version, created_at, updated_at, secrecy, normal"
_SELECT = f"{_BASE}, {', '.join(FACT_COLUMNS)}"
_CHANGE = "id, dossier_id, at, actor, path, restricted, old_value, new_value, basis, source"


def _dossier(r: Sequence[Any]) -> DossierRow:
    facts = dict(zip(FACT_COLUMNS, r[7:], strict=True))
    return DossierRow(int(r[0]), bytes(r[1]), int(r[2]), str(r[3]), str(r[4]), str(r[5]), str(r[6]), facts)


def _change(r: Sequence[Any]) -> ChangeRow:
    return ChangeRow(
        int(r[0]),
        int(r[1]),
        str(r[2]),
        str(r[3]),
        str(r[4]),
        bool(r[5]),
        None if r[6] is None else bytes(r[6]),
        None if r[7] is None else bytes(r[7]),
        r[8],
        r[9],
    )


class DossierRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- dossiers ----------------------------------------------------------------------
    def insert(self, conn: sqlcipher3.Connection, row: DossierRow) -> int:
        cols = ["pid_index", "version", "created_at", "updated_at", "secrecy", "normal", *FACT_COLUMNS]
        values = [
            row.pid_index,
            row.version,
            row.created_at,
            row.updated_at,
            row.secrecy,
            row.normal,
            *(row.facts.get(c) for c in FACT_COLUMNS),
        ]
        marks = ", ".join("?" * len(cols))
        cursor = conn.execute(f"INSERT INTO dossiers ({', '.join(cols)}) VALUES ({marks})", values)
        return int(cursor.lastrowid)

    def update(self, conn: sqlcipher3.Connection, row: DossierRow) -> None:
        sets = ", ".join(f"{c} = ?" for c in ("version", "updated_at", "secrecy", "normal", *FACT_COLUMNS))
        values = [
            row.version,
            row.updated_at,
            row.secrecy,
            row.normal,
            *(row.facts.get(c) for c in FACT_COLUMNS),
            row.id,
        ]
        conn.execute(f"UPDATE dossiers SET {sets} WHERE id = ?", values)

    def update_pid(self, conn: sqlcipher3.Connection, dossier_id: int, pid_index: bytes) -> None:
        conn.execute(
            "UPDATE dossiers SET pid_index = ? WHERE id = ? AND pid_index <> ?",
            (pid_index, dossier_id, pid_index),
        )

    def get(self, dossier_id: int) -> DossierRow | None:
        row = self._db.one(f"SELECT {_SELECT} FROM dossiers WHERE id = ?", (dossier_id,))
        return _dossier(row) if row else None

    def id_for_pid(self, pid_index: bytes) -> int | None:
        value = self._db.scalar("SELECT id FROM dossiers WHERE pid_index = ?", (pid_index,))
        return int(value) if value is not None else None

    def ids_for_pids(self, pid_indexes: Iterable[bytes]) -> dict[bytes, int]:
        found: dict[bytes, int] = {}
        batch: list[bytes] = []
        for index in pid_indexes:
            batch.append(index)
            if len(batch) == 500:
                found.update(self._pid_batch(batch))
                batch = []
        if batch:
            found.update(self._pid_batch(batch))
        return found

    def _pid_batch(self, batch: list[bytes]) -> dict[bytes, int]:
        marks = ",".join("?" * len(batch))
        rows = self._db.execute(
            f"SELECT pid_index, id FROM dossiers WHERE pid_index IN ({marks})", tuple(batch)
        )
        return {bytes(r[0]): int(r[1]) for r in rows}

    def count(self) -> int:
        return int(self._db.scalar("SELECT count(*) FROM dossiers"))

    def all_ids(self) -> list[int]:
        return [int(r[0]) for r in self._db.execute("SELECT id FROM dossiers ORDER BY id")]

    def iterate(self, batch: int = 2000) -> Iterator[DossierRow]:
        for r in self._db.iterate(f"SELECT {_SELECT} FROM dossiers ORDER BY id", batch=batch):
            yield _dossier(r)

    # -- restricted values ---------------------------------------------------------------
    def secrets(self, dossier_id: int) -> dict[str, SecretRow]:
        rows = self._db.execute(
            "SELECT path, version, ciphertext FROM dossier_secrets WHERE dossier_id = ?", (dossier_id,)
        )
        return {str(r[0]): SecretRow(str(r[0]), int(r[1]), bytes(r[2])) for r in rows}

    def put_secret(self, conn: sqlcipher3.Connection, dossier_id: int, secret: SecretRow) -> None:
        conn.execute(
            "INSERT OR REPLACE INTO dossier_secrets (dossier_id, path, version, ciphertext)"
            " VALUES (?, ?, ?, ?)",
            (dossier_id, secret.path, secret.version, secret.ciphertext),
        )

    def delete_secret(self, conn: sqlcipher3.Connection, dossier_id: int, path: str) -> None:
        conn.execute("DELETE FROM dossier_secrets WHERE dossier_id = ? AND path = ?", (dossier_id, path))

    # -- history ---------------------------------------------------------------------------
    def add_changes(
        self,
        conn: sqlcipher3.Connection,
        dossier_id: int,
        at: str,
        actor: str,
        changes: Iterable[tuple[str, bool, bytes | None, bytes | None]],
        basis: str | None,
        source: str | None,
    ) -> None:
        conn.executemany(
            "INSERT INTO dossier_changes (dossier_id, at, actor, path, restricted, old_value, new_value,"
            " basis, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(dossier_id, at, actor, path, int(r), old, new, basis, source) for path, r, old, new in changes],
        )

    def changes(self, dossier_id: int, after: str | None = None) -> list[ChangeRow]:
        """The dossier's changes in order (only those after ``after`` when given)."""
        if after is None:
            rows = self._db.execute(
                f"SELECT {_CHANGE} FROM dossier_changes WHERE dossier_id = ? ORDER BY id",
                (dossier_id,),
            )
        else:
            rows = self._db.execute(
                f"SELECT {_CHANGE} FROM dossier_changes WHERE dossier_id = ? AND at > ? ORDER BY id",
                (dossier_id, after),
            )
        return [_change(r) for r in rows]

    # -- search index ---------------------------------------------------------------------
    def index(
        self,
        conn: sqlcipher3.Connection,
        dossier_id: int,
        names: str,
        names_exact: str,
        posts: str,
        units: str,
    ) -> None:
        conn.execute("DELETE FROM dossier_fts WHERE rowid = ?", (dossier_id,))
        conn.execute(
            "INSERT INTO dossier_fts (rowid, names, names_exact, posts, units) VALUES (?, ?, ?, ?, ?)",
            (dossier_id, names, names_exact, posts, units),
        )
