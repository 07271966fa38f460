"""Rows of ``dossier_portraits``: each dossier's portrait photo, a JPEG BLOB with its digest and size.

Plain data in and out; decoding, checking and re-encoding the image is ``app``'s. The image only
ever lives in this table (encrypted at rest with the rest of the database), never in a file.
Writes take the caller's transaction connection so that the photo and its audit entry commit
together. Must not import Qt or ``crypto``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlcipher3

from storage.connection import Database


@dataclass(frozen=True, slots=True)
class PortraitRow:
    dossier_id: int
    image: bytes  # JPEG
    sha256: str  # hex digest of image
    width: int
    height: int
    updated_at: str


@dataclass(frozen=True, slots=True)
class PortraitInfo:
    """What is known of a stored portrait without reading its image."""

    dossier_id: int
    sha256: str
    width: int
    height: int
    updated_at: str
    size: int  # bytes of the JPEG


def _row(r: tuple[Any, ...]) -> PortraitRow:
    return PortraitRow(int(r[0]), bytes(r[1]), str(r[2]), int(r[3]), int(r[4]), str(r[5]))


class PortraitRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, dossier_id: int) -> PortraitRow | None:
        row = self._db.one(
            "SELECT dossier_id, image, sha256, width, height, updated_at FROM dossier_portraits"
            " WHERE dossier_id = ?",
            (dossier_id,),
        )
        return _row(row) if row else None

    def info(self, dossier_id: int) -> PortraitInfo | None:
        row = self._db.one(
            "SELECT dossier_id, sha256, width, height, updated_at, length(image) FROM dossier_portraits"
            " WHERE dossier_id = ?",
            (dossier_id,),
        )
        if row is None:
            return None
        return PortraitInfo(int(row[0]), str(row[1]), int(row[2]), int(row[3]), str(row[4]), int(row[5]))

    def put(self, conn: sqlcipher3.Connection, row: PortraitRow) -> None:
        """Store (or replace) the dossier's portrait, inside the caller's transaction."""
        conn.execute(
            "INSERT INTO dossier_portraits (dossier_id, image, sha256, width, height, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (dossier_id) DO UPDATE SET image = excluded.image, sha256 = excluded.sha256,"
            " width = excluded.width, height = excluded.height, updated_at = excluded.updated_at",
            (row.dossier_id, row.image, row.sha256, row.width, row.height, row.updated_at),
        )

    def delete(self, conn: sqlcipher3.Connection, dossier_id: int) -> bool:
        """Remove the dossier's portrait; True when there was one."""
        cursor = conn.execute("DELETE FROM dossier_portraits WHERE dossier_id = ?", (dossier_id,))
        return int(cursor.rowcount) > 0

    def count(self) -> int:
        return int(self._db.scalar("SELECT count(*) FROM dossier_portraits"))
