"""Written approvals (văn bản đồng ý) and the one check that every extract and reading obeys.

An approval names its decision (number, date, signer), the reader, the purpose, the scope (the
dossiers and the scope sections), the form of use (``ban_in`` printed copies or ``doc_tai_cho``
reading on site), the copies allowed per dossier, and the days it is valid (both ends included,
in the workstation's time zone). Revocation is immediate. :meth:`Approvals.require` is the gate:
it refuses with the one condition that failed, by name, and records the refusal in the audit log.
Must not import Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from app.audit.actions import Action
from app.clock import iso_utc
from app.datefmt import local_day, parse_day, partial_date
from app.errors import InvalidInput, NotFound, PolicyRefusal
from app.extract.readers import ReaderBook, clean
from app.extract.scope import FORMS, parse_sections
from app.i18n import t
from app.vault.session import Vault
from storage.dossier_repo import DossierRepository
from storage.reader_repo import ApprovalRow, ReaderRepository

MAX_COPIES = 99


@dataclass(frozen=True, slots=True)
class ApprovalInput:
    """What the officer types from the written approval; dates as ``dd/mm/yyyy`` or ISO."""

    reader_id: int
    decision_no: str
    decision_date: str
    signer: str
    dossiers: tuple[int, ...]
    sections: tuple[str, ...]
    valid_until: str
    copies: int = 1
    form: str = "ban_in"
    signer_title: str = ""
    purpose: str = ""
    valid_from: str = ""  # empty: the decision date


@dataclass(frozen=True, slots=True)
class Approval:
    """A recorded approval; its fields are on ``row``."""

    row: ApprovalRow

    def state(self, today: date) -> str:
        """``revoked``, ``expired``, ``not_yet`` or ``valid`` on ``today``."""
        if self.row.revoked_at:
            return "revoked"
        if today > date.fromisoformat(self.row.valid_until):
            return "expired"
        if today < date.fromisoformat(self.row.valid_from):
            return "not_yet"
        return "valid"

    def as_json(self) -> dict[str, Any]:
        r = self.row
        return {
            "id": r.id, "reader": r.reader_id, "decision_no": r.decision_no,
            "decision_date": r.decision_date, "signer": r.signer, "signer_title": r.signer_title,
            "purpose": r.purpose, "form": r.form, "dossiers": list(r.dossiers),
            "sections": list(r.sections), "copies": r.copies, "valid_from": r.valid_from,
            "valid_until": r.valid_until, "revoked_at": r.revoked_at,
        }  # fmt: skip


def _day(field_name: str, text: str) -> date:
    parsed = parse_day(text)
    if parsed is None:
        raise InvalidInput("extract.bad_date", field=t(f"extract.field.{field_name}"), value=text[:20])
    return parsed


class Approvals:
    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self.repo = ReaderRepository(vault.db)
        self.readers = ReaderBook(vault)

    def today(self) -> date:
        return local_day(self.vault.clock.now())

    def get(self, approval_id: int) -> Approval:
        row = self.repo.approval(approval_id)
        if row is None:
            raise NotFound("extract.approval_not_found", id=approval_id)
        return Approval(row)

    def find(self, reader_id: int | None = None) -> list[Approval]:
        return [Approval(r) for r in self.repo.approvals(reader_id)]

    def add(self, given: ApprovalInput) -> int:
        """Record a written approval after checking every field; nothing is written on refusal."""
        reader = self.readers.get(given.reader_id)
        if not reader.active:
            raise InvalidInput("extract.reader_inactive", reader=reader.full_name)
        decided = _day("decision_date", given.decision_date)
        start = _day("valid_from", given.valid_from) if given.valid_from.strip() else decided
        end = _day("valid_until", given.valid_until)
        if end < start:
            raise InvalidInput(
                "extract.validity_reversed", start=start.strftime("%d/%m/%Y"), end=end.strftime("%d/%m/%Y")
            )
        if given.form not in FORMS:
            raise InvalidInput("extract.bad_form", form=given.form[:20], known=", ".join(FORMS))
        low = 1 if given.form == "ban_in" else 0
        if not low <= given.copies <= MAX_COPIES:
            raise InvalidInput("extract.bad_copies", low=low, high=MAX_COPIES)
        dossiers = tuple(dict.fromkeys(given.dossiers))
        if not dossiers:
            raise InvalidInput("extract.no_dossiers")
        known = DossierRepository(self.vault.db)
        missing = [d for d in dossiers if known.get(d) is None]
        if missing:
            raise NotFound("dossier.not_found", id=", ".join(str(d) for d in missing))
        row = ApprovalRow(
            0, reader.id, clean("decision_no", given.decision_no, required=True, limit=60),
            decided.isoformat(), clean("signer", given.signer, required=True),
            clean("signer_title", given.signer_title), clean("purpose", given.purpose, limit=1000),
            given.form, dossiers, parse_sections(given.sections), given.copies, start.isoformat(),
            end.isoformat(), iso_utc(self.vault.clock.now()), None, "",
        )  # fmt: skip
        with self.vault.db.transaction() as tx:
            approval_id = self.repo.add_approval(tx, row)
            details = {"reader": reader.id, "decision_no": row.decision_no, "dossiers": list(dossiers),
                       "sections": list(row.sections), "form": row.form, "copies": row.copies,
                       "valid_until": row.valid_until}  # fmt: skip
            self.vault.audit.record(Action.APPROVAL_ADD, str(approval_id), details, tx=tx)
        return approval_id

    def revoke(self, approval_id: int, reason: str = "") -> None:
        approval = self.get(approval_id)
        if approval.row.revoked_at:
            raise InvalidInput("extract.already_revoked", id=approval_id)
        note = clean("reason", reason, limit=1000)
        with self.vault.db.transaction() as tx:
            self.repo.revoke(tx, approval_id, iso_utc(self.vault.clock.now()), note)
            self.vault.audit.record(Action.APPROVAL_REVOKE, str(approval_id), {"reason": bool(note)}, tx=tx)

    def require(self, approval_id: int, dossier_id: int, sections: tuple[str, ...], form: str) -> Approval:
        """The approval, when it lets its reader have ``sections`` of ``dossier_id`` in ``form``
        today; otherwise a :class:`PolicyRefusal` naming the failed condition (audited)."""
        approval = self.get(approval_id)
        try:
            self._check(approval, dossier_id, sections, form)
        except PolicyRefusal as refusal:
            details = {"dossier": dossier_id, "reason": refusal.key}
            self.vault.audit.record(Action.APPROVAL_REFUSED, str(approval_id), details)
            raise
        return approval

    def _check(self, approval: Approval, dossier_id: int, sections: tuple[str, ...], form: str) -> None:
        r = approval.row
        number = r.decision_no
        state = approval.state(self.today())
        if state == "revoked":
            raise PolicyRefusal(
                "extract.refused.revoked", decision=number, at=partial_date(str(r.revoked_at)[:10])
            )
        if state == "expired":
            raise PolicyRefusal("extract.refused.expired", decision=number, until=partial_date(r.valid_until))
        if state == "not_yet":
            raise PolicyRefusal("extract.refused.not_yet", decision=number, start=partial_date(r.valid_from))
        if not self.readers.get(r.reader_id).active:
            raise PolicyRefusal("extract.refused.reader_inactive", decision=number)
        if form != r.form:
            raise PolicyRefusal(f"extract.refused.form_{r.form}", decision=number)
        if dossier_id not in r.dossiers:
            raise PolicyRefusal("extract.refused.dossier", decision=number, dossier=dossier_id)
        outside = [s for s in sections if s not in r.sections]
        if outside:
            raise PolicyRefusal("extract.refused.sections", decision=number, sections=", ".join(outside))
