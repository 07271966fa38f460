"""The copy register (sổ quản lý sao, chụp): numbering, recording and the later life of copies.

Copy numbers: an approval allows ``n`` copies of each of its dossiers; a copy is "Bản sao số k/n"
with ``k`` the smallest number not held by a live copy. A spoiled copy (hỏng) is destroyed at
once and frees its number, so a reprint of copy 2 is again copy 2, with a new serial. Copies
beyond ``n`` are refused. Events move a copy's status: issued → delivered → returned, or
recalled, destroyed (with the destruction record), spoiled. Every act is audited.
Must not import Qt.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlcipher3

from app.audit.actions import Action
from app.clock import iso_utc
from app.errors import InvalidInput, NotFound, PolicyRefusal
from app.extract import serials
from app.extract.readers import MAX_NOTES, clean
from app.vault.session import Vault
from storage.copy_repo import CopyEventRow, CopyRepository, CopyRow

EVENTS = ("delivered", "returned", "recalled", "destroyed", "spoiled")
#: Which events may follow a copy's status; a destroyed or spoiled copy has no later life.
NEXT: dict[str, tuple[str, ...]] = {
    "issued": ("delivered", "recalled", "destroyed", "spoiled"),
    "delivered": ("returned", "recalled", "destroyed"),
    "returned": ("delivered", "destroyed"),
    "recalled": ("destroyed",),
    "destroyed": (),
    "spoiled": (),
}


@dataclass(frozen=True, slots=True)
class CopyEntry:
    row: CopyRow
    events: tuple[CopyEventRow, ...] = ()

    def as_json(self) -> dict[str, object]:
        r = self.row
        return {
            "serial": r.serial, "copy_no": r.copy_no, "copies": r.copies, "approval": r.approval_id,
            "reader": r.reader_id, "dossier": r.dossier_id, "sections": list(r.sections),
            "layout": r.layout, "pages": r.pages, "sha256": r.sha256, "issued_at": r.issued_at,
            "officer": r.officer, "status": r.status,
            "events": [{"event": e.event, "at": e.at, "note": e.note} for e in self.events],
        }  # fmt: skip


def free_numbers(taken: set[int], allowed: int, wanted: int) -> list[int]:
    free = [k for k in range(1, allowed + 1) if k not in taken]
    return free[:wanted] if len(free) >= wanted else []


class CopyRegister:
    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self.repo = CopyRepository(vault.db)

    def get(self, serial: str) -> CopyEntry:
        canonical = serials.normalise(serial)
        row = self.repo.get(canonical) if canonical else None
        if row is None:
            raise NotFound("extract.copy_not_found", serial=serial[:20])
        return CopyEntry(row, tuple(self.repo.events(row.serial)))

    def find(self, approval_id: int | None = None, dossier_id: int | None = None) -> list[CopyEntry]:
        events: dict[str, list[CopyEventRow]] = {}
        for event in self.repo.events():
            events.setdefault(event.serial, []).append(event)
        return [
            CopyEntry(r, tuple(events.get(r.serial, ()))) for r in self.repo.find(approval_id, dossier_id)
        ]

    def reserve(
        self, tx: sqlcipher3.Connection, approval_id: int, dossier_id: int, allowed: int, wanted: int
    ) -> list[int]:
        """The copy numbers the next ``wanted`` copies take, inside the caller's transaction;
        refused when the approval's allowance does not hold them all."""
        taken = self.repo.numbers_taken(tx, approval_id, dossier_id)
        numbers = free_numbers(taken, allowed, wanted)
        if not numbers:
            raise PolicyRefusal("extract.refused.copies", allowed=allowed, issued=len(taken), wanted=wanted)
        return numbers

    def new_serial(self) -> str:
        while True:
            serial = serials.new_serial()
            if not self.repo.exists(serial):
                return serial

    def record(self, tx: sqlcipher3.Connection, row: CopyRow, extra: dict[str, object] | None = None) -> None:
        """Write one copy to the register with its audit entry, inside the caller's transaction;
        ``extra`` adds to the entry (the issue adds its scan pages and secrecy)."""
        self.repo.add(tx, row)
        details = {
            "approval": row.approval_id, "reader": row.reader_id, "dossier": row.dossier_id,
            "copy": f"{row.copy_no}/{row.copies}", "sections": list(row.sections), "layout": row.layout,
            "pages": row.pages, "sha256": row.sha256, **(extra or {}),
        }  # fmt: skip
        self.vault.audit.record(Action.EXTRACT_ISSUE, row.serial, details, tx=tx)

    def mark(self, serial: str, event: str, note: str = "") -> None:
        """Record a later event of a copy; a destruction needs its record (the note)."""
        entry = self.get(serial)
        if event not in EVENTS:
            raise InvalidInput("extract.bad_event", event=event[:20], known=", ".join(EVENTS))
        text = clean("note", note, limit=MAX_NOTES)
        if event == "destroyed" and not text:
            raise InvalidInput("extract.destroy_needs_record")
        status = entry.row.status
        if event not in NEXT[status]:
            raise InvalidInput(
                "extract.bad_transition", serial=serials.grouped(entry.row.serial), status=status, event=event
            )
        row = CopyEventRow(entry.row.serial, event, iso_utc(self.vault.clock.now()), text, self.vault.actor)
        with self.vault.db.transaction() as tx:
            self.repo.add_event(tx, row, event)
            self.vault.audit.record(Action.COPY_EVENT, entry.row.serial, {"event": event}, tx=tx)
