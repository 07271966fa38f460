"""Readers (người nghiên cứu, khai thác hồ sơ): registering, listing, deactivating.

A reader is never deleted, only deactivated, so that every approval, reading session and copy
keeps naming who it was for. The identity document number is class R: sealed under the field
key with the reader's id as associated data, shown only on an audited reveal. Every act is
audited in the same transaction as its write. Must not import Qt.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.audit.actions import Action
from app.clock import iso_utc
from app.errors import InvalidInput, NotFound
from app.i18n import t
from app.vault.session import Vault
from crypto import aead
from storage.reader_repo import ReaderRepository, ReaderRow

MAX_TEXT = 200
MAX_NOTES = 2000


@dataclass(frozen=True, slots=True)
class Reader:
    id: int
    full_name: str
    unit: str
    title: str
    notes: str
    active: bool
    created_at: str
    has_id_document: bool

    @classmethod
    def of(cls, row: ReaderRow) -> Reader:
        return cls(
            row.id, row.full_name, row.unit, row.title, row.notes, row.active, row.created_at,
            row.id_document is not None,
        )  # fmt: skip

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "full_name": self.full_name,
            "unit": self.unit,
            "title": self.title,
            "active": self.active,
            "created_at": self.created_at,
        }


def _ad(reader_id: int) -> bytes:
    return f"hoso/v1/reader|{reader_id}|id_document".encode()


def clean(field: str, value: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    """``value`` stripped; refused by field name when missing, too long or holding control characters."""
    text = " ".join(value.split()) if limit <= MAX_TEXT else value.strip()
    name = t(f"extract.field.{field}")
    if required and not text:
        raise InvalidInput("extract.required", field=name)
    if len(text) > limit:
        raise InvalidInput("extract.too_long", field=name, limit=limit)
    if any(ord(c) < 32 and c not in "\n\t" for c in text):
        raise InvalidInput("extract.control_chars", field=name)
    return text


class ReaderBook:
    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self.repo = ReaderRepository(vault.db)

    def get(self, reader_id: int) -> Reader:
        row = self.repo.reader(reader_id)
        if row is None:
            raise NotFound("extract.reader_not_found", id=reader_id)
        return Reader.of(row)

    def find(self, *, active_only: bool = False) -> list[Reader]:
        return [Reader.of(r) for r in self.repo.readers(active_only=active_only)]

    def add(self, full_name: str, unit: str, title: str = "", id_document: str = "", notes: str = "") -> int:
        name = clean("full_name", full_name, required=True)
        unit_ = clean("unit", unit, required=True)
        title_ = clean("title", title)
        notes_ = clean("notes", notes, limit=MAX_NOTES)
        document = clean("id_document", id_document, limit=40)
        at = iso_utc(self.vault.clock.now())
        with self.vault.db.transaction() as tx:
            reader_id = self.repo.add_reader(tx, name, unit_, title_, notes_, at)
            if document:
                sealed = aead.seal(self.vault.keys.field_key(), document.encode(), _ad(reader_id))
                self.repo.set_id_document(tx, reader_id, sealed)
            self.vault.audit.record(Action.READER_ADD, str(reader_id), {}, tx=tx)
        return reader_id

    def deactivate(self, reader_id: int) -> None:
        reader = self.get(reader_id)
        if not reader.active:
            return
        with self.vault.db.transaction() as tx:
            self.repo.deactivate(tx, reader_id, iso_utc(self.vault.clock.now()))
            self.vault.audit.record(Action.READER_DEACTIVATE, str(reader_id), {}, tx=tx)

    def reveal_id_document(self, reader_id: int) -> str:
        """The reader's identity document number in clear (an audited reveal); "" when none."""
        row = self.repo.reader(reader_id)
        if row is None:
            raise NotFound("extract.reader_not_found", id=reader_id)
        if row.id_document is None:
            return ""
        self.vault.audit.record(Action.READER_REVEAL, str(reader_id), {"paths": ["id_document"]})
        return aead.open_sealed(self.vault.keys.field_key(), row.id_document, _ad(reader_id)).decode()
