"""Filing a dossier's documents and their scans in the vault, reading the scans back, and removing
either (a tombstone that says who, when and why stays; the image is deleted).

A scan file is read whole by ``images.read_scan`` (hostile-input limits, metadata stripped,
orientation applied) before anything is written; every page is then sealed under the field key in
chunks of 256 KiB (AES-256-GCM bound to the scan id, the chunk number and the number of chunks, so a
chunk moved, dropped or reordered does not open) with its sealed thumbnail, in one transaction with
the audit entry. A page whose pixels are already filed in the same dossier is refused, naming where
it is. Reading scans is audited per document (``document.scan_view``). Must not import Qt.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlcipher3

from app.audit.actions import Action
from app.clock import iso_utc
from app.datefmt import local_day
from app.documents import inventory
from app.documents.images import ScanPage, read_scan
from app.dossier import catalogs
from app.dossier.service import DossierService
from app.errors import IntegrityViolation, InvalidInput, NotFound
from app.vault.session import Vault
from crypto import DecryptionFailed, aead
from storage.document_repo import DocumentRepository, DocumentRow, ScanRow

__all__ = ["CHUNK", "DocumentRow", "DocumentService", "Filed", "ScanRow"]  # the UI's types, not storage's

CHUNK = 256 * 1024
MAX_REASON = 300


@dataclass(frozen=True, slots=True)
class Filed:
    document: DocumentRow
    scans: tuple[ScanRow, ...]


def _ad(kind: str, *parts: int) -> bytes:
    return ("hoso/v1/" + kind + "|" + "|".join(str(p) for p in parts)).encode()


def _stop_if(cancelled: Callable[[], bool] | None) -> None:
    if cancelled is not None and cancelled():
        raise InterruptedError("filing cancelled")


def _reason(text: str) -> str:
    reason = " ".join((text or "").split())
    if not reason or len(reason) > MAX_REASON:
        raise InvalidInput("documents.bad.reason", limit=MAX_REASON)
    return reason


class DocumentService:
    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self.repo = DocumentRepository(vault.db)

    def today(self) -> date:
        return local_day(self.vault.clock.now())

    def _dossier(self, dossier_id: int) -> None:
        if DossierService(self.vault).repo.get(dossier_id) is None:
            raise NotFound("dossier.not_found", id=dossier_id)

    def _document(self, document_id: int, *, live: bool = True) -> DocumentRow:
        row = self.repo.get(document_id)
        if row is None or (live and row.removed_at is not None):
            raise NotFound("documents.not_found", id=document_id)
        return row

    # -- the inventory ---------------------------------------------------------------------
    def documents(self, dossier_id: int, *, removed: bool = False) -> list[Filed]:
        self._dossier(dossier_id)
        return [
            Filed(d, tuple(self.repo.scans(d.id, removed=removed)))
            for d in self.repo.of_dossier(dossier_id, removed=removed)
        ]

    def add(
        self,
        dossier_id: int,
        values: dict[str, Any],
        files: Sequence[tuple[str, bytes]] = (),
        cancelled: Callable[[], bool] | None = None,
    ) -> int:
        """File a document (with the scans of ``files``, all or nothing); returns its id. When
        ``cancelled`` says so between pages, :class:`InterruptedError` and nothing is written."""
        self._dossier(dossier_id)
        entry = inventory.checked(values, self.today())
        pages = self._read(dossier_id, files, cancelled)
        now = iso_utc(self.vault.clock.now())
        with self.vault.db.transaction() as tx:
            document_id = self.repo.add(tx, dossier_id, entry, now, self.vault.actor)
            self.store_pages(tx, document_id, pages, now, cancelled)
            details = {
                "dossier": dossier_id,
                "kind": entry["kind"],
                "year": entry["year"],
                "scans": len(pages),
            }
            self.vault.audit.record(Action.DOCUMENT_ADD, str(document_id), details, tx=tx)
        return document_id

    def add_scans(
        self,
        document_id: int,
        files: Sequence[tuple[str, bytes]],
        cancelled: Callable[[], bool] | None = None,
    ) -> list[int]:
        """Add the pages of ``files`` to a document (all or nothing); returns the new scans' ids."""
        document = self._document(document_id)
        pages = self._read(document.dossier_id, files, cancelled)
        now = iso_utc(self.vault.clock.now())
        with self.vault.db.transaction() as tx:
            ids = self.store_pages(tx, document_id, pages, now, cancelled)
            details = {"dossier": document.dossier_id, "scans": len(ids)}
            self.vault.audit.record(Action.SCAN_ADD, str(document_id), details, tx=tx)
        return ids

    def _read(
        self, dossier_id: int, files: Sequence[tuple[str, bytes]], cancelled: Callable[[], bool] | None
    ) -> list[ScanPage]:
        pages: list[ScanPage] = []
        seen: set[str] = set()
        for name, data in files:
            _stop_if(cancelled)
            for page in read_scan(data, name):
                where = self.repo.same_pixels(dossier_id, page.sha256)
                if where is not None or page.sha256 in seen:
                    document = where[0] if where else 0
                    raise InvalidInput("documents.duplicate", file=name, page=page.source_page,
                                       document=document, position=where[1] if where else 0)  # fmt: skip
                seen.add(page.sha256)
                pages.append(page)
        return pages

    def store_pages(
        self,
        tx: sqlcipher3.Connection,
        document_id: int,
        pages: list[ScanPage],
        now: str,
        cancelled: Callable[[], bool] | None,
    ) -> list[int]:
        """Seal and store ``pages`` of a document inside the caller's transaction ``tx``."""
        key = self.vault.keys.field_key()
        ids = []
        for page in pages:
            _stop_if(cancelled)  # inside the transaction: stopping rolls every page back
            parts = [page.data[i : i + CHUNK] for i in range(0, len(page.data), CHUNK)] or [b""]
            meta = {"sha256": page.sha256, "mime": page.mime, "width": page.width, "height": page.height,
                    "size": len(page.data), "chunks": len(parts)}  # fmt: skip
            scan_id = self.repo.add_scan(tx, document_id, meta, now)
            sealed = [
                aead.seal(key, part, _ad("scan", scan_id, n, len(parts))) for n, part in enumerate(parts)
            ]
            thumbnail = aead.seal(key, page.thumbnail, _ad("scan-thumbnail", scan_id))
            self.repo.put_chunks(tx, scan_id, thumbnail, sealed)
            ids.append(scan_id)
        return ids

    # -- reading ---------------------------------------------------------------------------
    def viewed(self, document_id: int) -> None:
        """Audit that a document's scans were shown (the viewer calls it once per document)."""
        document = self._document(document_id)
        self.vault.audit.record(Action.SCAN_VIEW, str(document_id), {"dossier": document.dossier_id})

    def image(self, scan_id: int) -> bytes:
        """A page's stored image, opened (the caller has recorded the view with :meth:`viewed`)."""
        scan = self.repo.scan(scan_id)
        if scan is None or scan.removed_at is not None:
            raise NotFound("documents.scan_not_found", id=scan_id)
        key = self.vault.keys.field_key()
        chunks = self.repo.chunks(scan_id)
        if len(chunks) != scan.chunks:
            raise IntegrityViolation("documents.scan_damaged", id=scan_id)
        try:
            return b"".join(
                aead.open_sealed(key, c, _ad("scan", scan_id, n, scan.chunks)) for n, c in enumerate(chunks)
            )
        except DecryptionFailed:
            raise IntegrityViolation("documents.scan_damaged", id=scan_id) from None

    def thumbnail(self, scan_id: int) -> bytes:
        sealed = self.repo.thumbnail(scan_id)
        if sealed is None:
            raise NotFound("documents.scan_not_found", id=scan_id)
        try:
            return aead.open_sealed(self.vault.keys.field_key(), sealed, _ad("scan-thumbnail", scan_id))
        except DecryptionFailed:
            raise IntegrityViolation("documents.scan_damaged", id=scan_id) from None

    # -- removing --------------------------------------------------------------------------
    def remove(self, document_id: int, reason: str) -> None:
        """Tombstone a document and delete its scans' images (audited with the reason)."""
        document = self._document(document_id)
        why = _reason(reason)
        now = iso_utc(self.vault.clock.now())
        with self.vault.db.transaction() as tx:
            scans = self.repo.scans(document_id)
            for scan in scans:
                self.repo.remove_scan(tx, scan.id, now, self.vault.actor, why)
            self.repo.remove(tx, document_id, now, self.vault.actor, why)
            details = {
                "dossier": document.dossier_id,
                "kind": document.kind,
                "scans": len(scans),
                "reason": why,
            }
            self.vault.audit.record(Action.DOCUMENT_REMOVE, str(document_id), details, tx=tx)

    def remove_scan(self, scan_id: int, reason: str) -> None:
        scan = self.repo.scan(scan_id)
        if scan is None or scan.removed_at is not None:
            raise NotFound("documents.scan_not_found", id=scan_id)
        document = self._document(scan.document_id)
        why = _reason(reason)
        now = iso_utc(self.vault.clock.now())
        with self.vault.db.transaction() as tx:
            self.repo.remove_scan(tx, scan_id, now, self.vault.actor, why)
            details = {"dossier": document.dossier_id, "document": document.id, "reason": why}
            self.vault.audit.record(Action.SCAN_REMOVE, str(scan_id), details, tx=tx)

    # -- completeness ----------------------------------------------------------------------
    def missing_yearly(self, dossier_id: int) -> dict[int, list[str]]:
        """The yearly items not filed, by year of service (normal values only: not a reveal)."""
        row = DossierService(self.vault).repo.get(dossier_id)
        if row is None:
            raise NotFound("dossier.not_found", id=dossier_id)
        filed = [(d.kind, d.year) for d in self.repo.of_dossier(dossier_id)]
        return inventory.missing_by_year(json.loads(row.normal), filed, self.today())

    def kind_label(self, kind: str, lang: str = "vi") -> str:
        return catalogs.load("document_kind").label(kind, lang)
