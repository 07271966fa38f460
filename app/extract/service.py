"""Issuing copies of an extract: the approval's gate, numbering, building and registering.

:meth:`ExtractService.issue` checks the approval (validity, reader, form ``ban_in``, dossier,
sections) and the copies still allowed, builds each copy in memory with its own serial, QR
tokens, lattice payload and text variants, then writes every copy to the register with its
SHA-256 in one transaction, and only then hands the bytes back: no copy leaves unregistered.
Cancelling before the register is written leaves nothing behind. When the scope holds
``documents``, the dossier's scanned pages follow the text (:mod:`app.extract.scan_pages`) and
the copy takes the highest secrecy of what it prints. Must not import Qt.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from app.audit.actions import Action
from app.clock import iso_utc
from app.datefmt import local_day, partial_date
from app.documents.service import DocumentService
from app.dossier.portrait import get_portrait
from app.dossier.service import DossierService
from app.errors import HosoError, InvalidInput, PolicyRefusal
from app.extract import marking, scan_pages, tokens
from app.extract.approvals import Approvals
from app.extract.compose import LAYERS, CopyFacts, build_copy
from app.extract.layouts import LAYOUTS
from app.extract.readers import ReaderBook
from app.extract.register import CopyRegister
from app.extract.scope import dossier_sections, parse_sections
from app.extract.variants import Variants
from app.vault.session import Vault
from storage.copy_repo import CopyRow

FORM = "ban_in"
MAX_PER_ACT = 20


class Cancelled(HosoError):
    """The officer stopped the work before anything was registered."""


@dataclass(frozen=True, slots=True)
class Request:
    approval_id: int
    dossier_id: int
    copies: int = 1
    layout: str = "tt06"
    sections: tuple[str, ...] = ()  # empty: all the approval allows


@dataclass(frozen=True, slots=True)
class IssuedCopy:
    serial: str
    copy_no: int
    copies: int
    pdf: bytes
    pages: int
    sha256: str

    def as_json(self) -> dict[str, object]:
        return {"serial": self.serial, "copy_no": self.copy_no, "copies": self.copies, "pages": self.pages,
                "sha256": self.sha256}  # fmt: skip


Progress = Callable[[int, int], None]


class ExtractService:
    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self.approvals = Approvals(vault)
        self.register = CopyRegister(vault)

    def check(self, request: Request) -> tuple[str, ...]:
        """The scope sections the request prints, when the approval allows it all; refuses by name."""
        if request.layout not in LAYOUTS:
            raise InvalidInput("extract.bad_layout", layout=request.layout[:20], known=", ".join(LAYOUTS))
        if not 1 <= request.copies <= MAX_PER_ACT:
            raise InvalidInput("extract.bad_copies", low=1, high=MAX_PER_ACT)
        approval = self.approvals.get(request.approval_id)
        wanted = parse_sections(request.sections) if request.sections else approval.row.sections
        self.approvals.require(request.approval_id, request.dossier_id, wanted, FORM)
        return wanted

    def _reserve(self, approval_id: int, dossier_id: int, allowed: int, wanted: int) -> list[int]:
        try:
            with self.vault.db.transaction() as tx:
                return self.register.reserve(tx, approval_id, dossier_id, allowed, wanted)
        except PolicyRefusal as refusal:
            details = {"dossier": dossier_id, "reason": refusal.key}
            self.vault.audit.record(Action.APPROVAL_REFUSED, str(approval_id), details)
            raise

    def issue(
        self,
        request: Request,
        *,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] = lambda: False,
        layers: frozenset[str] = LAYERS,
    ) -> list[IssuedCopy]:
        scope = self.check(request)
        approval = self.approvals.get(request.approval_id).row
        reader = ReaderBook(self.vault).get(approval.reader_id)
        with self.vault.db.transaction() as tx:
            numbers = self.register.reserve(
                tx, approval.id, request.dossier_id, approval.copies, request.copies
            )
        dossier = DossierService(self.vault).get(request.dossier_id, reveal=True, audit=False)
        portrait = get_portrait(self.vault, request.dossier_id) if "identity" in scope else None
        papers = DocumentService(self.vault)
        scans = scan_pages.sheets(papers, request.dossier_id) if "documents" in scope else []
        secrecy = scan_pages.copy_secrecy(dossier.secrecy, scans)
        now = self.vault.clock.now()
        template = marking.in_force(local_day(now))
        keys = self.vault.keys
        signing_key, copy_key, vault_id = keys.signing_private(), keys.copy_mac_key(), self.vault.vault_id
        built: list[tuple[CopyRow, IssuedCopy]] = []
        for index, number in enumerate(numbers):
            if cancelled():
                raise Cancelled("extract.cancelled")
            serial = self.register.new_serial()
            facts = CopyFacts(
                serial, number, approval.copies, secrecy, reader.full_name, reader.title, reader.unit,
                approval.decision_no, partial_date(approval.decision_date), approval.signer,
                approval.signer_title, self.vault.actor, now,
            )  # fmt: skip
            variants = Variants.draw(os.urandom(32))
            copy = build_copy(
                dossier.data, dossier_sections(scope), request.layout, facts, template, variants=variants,
                portrait=portrait, qr_token=partial(tokens.qr_token, signing_key, vault_id, serial),
                lattice_payload=tokens.lattice_payload(copy_key, serial), layers=layers,
                appendix=scan_pages.flowables(scans, papers.image),
            )  # fmt: skip
            digest = hashlib.sha256(copy.pdf).hexdigest()
            row = CopyRow(
                serial, approval.id, reader.id, request.dossier_id, number, approval.copies, scope,
                request.layout, copy.pages, digest, iso_utc(now), self.vault.actor, template.ref,
                variants.record(),
            )  # fmt: skip
            built.append((row, IssuedCopy(serial, number, approval.copies, copy.pdf, copy.pages, digest)))
            if progress is not None:
                progress(index + 1, len(numbers))
        if cancelled():
            raise Cancelled("extract.cancelled")
        with self.vault.db.transaction() as tx:
            if (
                self.register.reserve(tx, approval.id, request.dossier_id, approval.copies, request.copies)
                != numbers
            ):
                raise InvalidInput("extract.numbers_changed")
            for row, _ in built:
                self.register.record(tx, row, {"scan_pages": len(scans), "secrecy": secrecy})
        return [copy for _, copy in built]
