"""Rows of a dossier's documents and their scanned pages (schema 6): plain data in and out; the
sealing of images and thumbnails, validation and auditing are ``app.documents``'.

Writes take the caller's transaction connection so that a document, its pages and the audit entry
commit together. A removal is a tombstone: the row stays with who, when and why; the image chunks
and the thumbnail are deleted. Must not import Qt or ``crypto``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlcipher3

from storage.connection import Database

DOCUMENT_FIELDS = (
    "kind",
    "title",
    "number",
    "date",
    "issuer",
    "secrecy",
    "page_count",
    "received_on",
    "year",
)


@dataclass(frozen=True, slots=True)
class DocumentRow:
    id: int
    dossier_id: int
    kind: str
    title: str
    number: str
    date: str | None
    issuer: str
    secrecy: str | None
    page_count: int | None
    received_on: str | None
    year: int | None
    created_at: str
    created_by: str
    removed_at: str | None
    removed_by: str | None
    removal_reason: str | None


@dataclass(frozen=True, slots=True)
class ScanRow:
    id: int
    document_id: int
    position: int
    sha256: str
    mime: str
    width: int
    height: int
    size: int
    chunks: int
    created_at: str
    removed_at: str | None
    removed_by: str | None
    removal_reason: str | None


_TOMBSTONE = "removed_at, removed_by, removal_reason"
_DOC = f"id, dossier_id, {', '.join(DOCUMENT_FIELDS)}, created_at, created_by, {_TOMBSTONE}"
_SCAN = (
    "id, document_id, position, sha256, mime, width, height, size, chunks, created_at, removed_at, removed_by"
)
_SCAN += ", removal_reason"


def _doc(r: Sequence[Any]) -> DocumentRow:
    return DocumentRow(*r)


def _scan(r: Sequence[Any]) -> ScanRow:
    return ScanRow(*r)


class DocumentRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- documents -------------------------------------------------------------------------
    def add(
        self, conn: sqlcipher3.Connection, dossier_id: int, values: dict[str, Any], at: str, by: str
    ) -> int:
        cols = ", ".join(DOCUMENT_FIELDS)
        marks = ", ".join("?" for _ in DOCUMENT_FIELDS)
        cursor = conn.execute(
            f"INSERT INTO dossier_documents (dossier_id, {cols}, created_at, created_by)"
            f" VALUES (?, {marks}, ?, ?)",
            (dossier_id, *(values.get(f) for f in DOCUMENT_FIELDS), at, by),
        )
        return int(cursor.lastrowid or 0)

    def get(self, document_id: int) -> DocumentRow | None:
        row = self._db.one(f"SELECT {_DOC} FROM dossier_documents WHERE id = ?", (document_id,))
        return _doc(row) if row else None

    def of_dossier(self, dossier_id: int, *, removed: bool = False) -> list[DocumentRow]:
        """The dossier's documents by kind, year and date (tombstones too when ``removed``)."""
        where = "" if removed else " AND removed_at IS NULL"
        rows = self._db.execute(
            f"SELECT {_DOC} FROM dossier_documents WHERE dossier_id = ?{where}"
            " ORDER BY kind, coalesce(year, 0), coalesce(date, ''), id",
            (dossier_id,),
        )
        return [_doc(r) for r in rows]

    def remove(self, conn: sqlcipher3.Connection, document_id: int, at: str, by: str, reason: str) -> None:
        conn.execute(
            "UPDATE dossier_documents SET removed_at = ?, removed_by = ?, removal_reason = ?"
            " WHERE id = ? AND removed_at IS NULL",
            (at, by, reason, document_id),
        )

    # -- scans -----------------------------------------------------------------------------------
    def add_scan(
        self,
        conn: sqlcipher3.Connection,
        document_id: int,
        meta: dict[str, Any],
        at: str,
    ) -> int:
        position = conn.execute(
            "SELECT coalesce(max(position), 0) + 1 FROM document_scans WHERE document_id = ?", (document_id,)
        ).fetchone()[0]
        cursor = conn.execute(
            "INSERT INTO document_scans (document_id, position, sha256, mime, width, height, size, chunks,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (document_id, position, meta["sha256"], meta["mime"], meta["width"], meta["height"], meta["size"],
             meta["chunks"], at),
        )  # fmt: skip
        return int(cursor.lastrowid or 0)

    def put_chunks(
        self, conn: sqlcipher3.Connection, scan_id: int, thumbnail: bytes, chunks: Sequence[bytes]
    ) -> None:
        conn.execute("UPDATE document_scans SET thumbnail = ? WHERE id = ?", (thumbnail, scan_id))
        conn.executemany(
            "INSERT INTO scan_chunks (scan_id, n, data) VALUES (?, ?, ?)",
            [(scan_id, n, chunk) for n, chunk in enumerate(chunks)],
        )

    def scan(self, scan_id: int) -> ScanRow | None:
        row = self._db.one(f"SELECT {_SCAN} FROM document_scans WHERE id = ?", (scan_id,))
        return _scan(row) if row else None

    def scans(self, document_id: int, *, removed: bool = False) -> list[ScanRow]:
        where = "" if removed else " AND removed_at IS NULL"
        rows = self._db.execute(
            f"SELECT {_SCAN} FROM document_scans WHERE document_id = ?{where} ORDER BY position",
            (document_id,),
        )
        return [_scan(r) for r in rows]

    def chunks(self, scan_id: int) -> list[bytes]:
        rows = self._db.execute("SELECT data FROM scan_chunks WHERE scan_id = ? ORDER BY n", (scan_id,))
        return [bytes(r[0]) for r in rows]

    def thumbnail(self, scan_id: int) -> bytes | None:
        value = self._db.scalar("SELECT thumbnail FROM document_scans WHERE id = ?", (scan_id,))
        return bytes(value) if value is not None else None

    def same_pixels(self, dossier_id: int, sha256: str) -> tuple[int, int] | None:
        """(document id, position) of a live page of the dossier with these pixels, if any."""
        row = self._db.one(
            "SELECT s.document_id, s.position FROM document_scans s JOIN dossier_documents d"
            " ON d.id = s.document_id WHERE s.sha256 = ? AND d.dossier_id = ? AND s.removed_at IS NULL"
            " AND d.removed_at IS NULL LIMIT 1",
            (sha256, dossier_id),
        )
        return (int(row[0]), int(row[1])) if row else None

    def remove_scan(self, conn: sqlcipher3.Connection, scan_id: int, at: str, by: str, reason: str) -> None:
        conn.execute("DELETE FROM scan_chunks WHERE scan_id = ?", (scan_id,))
        conn.execute(
            "UPDATE document_scans SET removed_at = ?, removed_by = ?, removal_reason = ?, thumbnail = NULL"
            " WHERE id = ? AND removed_at IS NULL",
            (at, by, reason, scan_id),
        )

    def stored_bytes(self) -> int:
        return int(self._db.scalar("SELECT coalesce(sum(length(data)), 0) FROM scan_chunks") or 0)
