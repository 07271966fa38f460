"""The reading register (sổ theo dõi khai thác hồ sơ): on-site reading sessions.

A session is opened for a reader under an approval for reading on site (``doc_tai_cho``), for some
of its dossiers and sections; the gate is :meth:`Approvals.require`, so an expired, revoked or
out-of-scope approval opens nothing. Closing records the time out and the officer's remarks. A
reader has at most one open session. Both acts are audited. Must not import Qt.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.audit.actions import Action
from app.clock import iso_utc
from app.errors import InvalidInput, NotFound
from app.extract.approvals import Approvals
from app.extract.readers import MAX_NOTES, clean
from app.extract.scope import parse_sections
from app.vault.session import Vault
from storage.reader_repo import ReaderRepository, ReadingRow

FORM = "doc_tai_cho"


@dataclass(frozen=True, slots=True)
class Reading:
    row: ReadingRow

    @property
    def is_open(self) -> bool:
        return self.row.closed_at is None

    def as_json(self) -> dict[str, object]:
        r = self.row
        return {
            "id": r.id, "reader": r.reader_id, "approval": r.approval_id, "dossiers": list(r.dossiers),
            "sections": list(r.sections), "opened_at": r.opened_at, "closed_at": r.closed_at,
            "remarks": r.remarks, "officer": r.officer,
        }  # fmt: skip


class ReadingRegister:
    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self.repo = ReaderRepository(vault.db)
        self.approvals = Approvals(vault)

    def find(self, *, open_only: bool = False) -> list[Reading]:
        return [Reading(r) for r in self.repo.readings(open_only=open_only)]

    def get(self, session_id: int) -> Reading:
        row = self.repo.reading(session_id)
        if row is None:
            raise NotFound("extract.reading_not_found", id=session_id)
        return Reading(row)

    def open(
        self, approval_id: int, dossiers: tuple[int, ...], sections: tuple[str, ...], remarks: str = ""
    ) -> int:
        scope = parse_sections(sections)
        if not dossiers:
            raise InvalidInput("extract.no_dossiers")
        for dossier_id in dict.fromkeys(dossiers):
            approval = self.approvals.require(approval_id, dossier_id, scope, FORM)
        reader_id = approval.row.reader_id
        if any(r.reader_id == reader_id for r in self.repo.readings(open_only=True)):
            raise InvalidInput("extract.reading_already_open")
        row = ReadingRow(
            0, reader_id, approval_id, tuple(dict.fromkeys(dossiers)), scope,
            iso_utc(self.vault.clock.now()), None, clean("remarks", remarks, limit=MAX_NOTES),
            self.vault.actor,
        )  # fmt: skip
        with self.vault.db.transaction() as tx:
            session_id = self.repo.open_reading(tx, row)
            details = {"reader": reader_id, "dossiers": list(row.dossiers), "sections": list(scope)}
            self.vault.audit.record(Action.READING_OPEN, str(session_id), details, tx=tx)
        return session_id

    def close(self, session_id: int, remarks: str | None = None) -> None:
        reading = self.get(session_id)
        if not reading.is_open:
            raise InvalidInput("extract.reading_closed", id=session_id)
        note = reading.row.remarks if remarks is None else clean("remarks", remarks, limit=MAX_NOTES)
        with self.vault.db.transaction() as tx:
            self.repo.close_reading(tx, session_id, iso_utc(self.vault.clock.now()), note)
            self.vault.audit.record(Action.READING_CLOSE, str(session_id), {}, tx=tx)
