"""Tracing files back to registered copies, and auditing that it was done.

:meth:`TraceService.trace` takes the inspector's files (:class:`~app.trace.sources.Source`)
and answers, per page, with the register entry of the copy it came from (a :class:`Match`) or
with why not (an :class:`Unidentified`: ``forged``, ``unknown``, ``ambiguous``, ``none`` or
``unreadable``). A PDF whose SHA-256 is a registered copy's is that copy, untouched: it is
answered from the register without rendering (layer ``file``). A serial that a mark names
authentically but the register does not hold is ``unknown``, never a match.

Every run is one audit entry (``copy.trace``): the files' SHA-256 prefixes and the serials
found, forged or unknown; no file names (they are the inspector's, and may name people).
Must not import Qt.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from app.audit.actions import Action
from app.errors import HosoError, NotFound
from app.extract.approvals import Approvals
from app.extract.readers import ReaderBook
from app.extract.register import CopyEntry, CopyRegister
from app.trace import sources
from app.trace.identify import LAYERS, Finding, Keys, identify
from app.trace.text_match import TextMatch, match_text
from app.vault.session import Vault
from storage.dossier_repo import DossierRepository


class Cancelled(HosoError):
    """The inspector stopped the trace; what was found so far is audited."""


@dataclass(frozen=True, slots=True)
class Match:
    file: str
    input_page: int | None
    serial: str
    copy_no: int
    copies: int
    reader: str
    reader_id: int
    approval: int
    decision: str
    dossier: int
    cadre: str
    issued_at: str
    status: str
    page: int | None
    layer: str
    authentic: bool
    detail: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Unidentified:
    file: str
    input_page: int | None
    reason: str  # forged | unknown | ambiguous | none | unreadable
    serial: str | None = None
    layer: str | None = None
    candidates: tuple[str, ...] = ()
    message: str = ""

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "candidates": list(self.candidates)}


@dataclass(slots=True)
class TraceReport:
    matches: list[Match] = field(default_factory=list)
    unidentified: list[Unidentified] = field(default_factory=list)

    @property
    def forged(self) -> bool:
        return any(u.reason == "forged" for u in self.unidentified)

    def as_json(self) -> dict[str, Any]:
        return {"matches": [m.as_json() for m in self.matches],
                "unidentified": [u.as_json() for u in self.unidentified]}  # fmt: skip


Progress = Callable[[int, int], None]


class TraceService:
    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self.register = CopyRegister(vault)
        keys = vault.keys
        self.keys = Keys(vault.vault_id, keys.signing_public(), keys.copy_mac_key())
        self._entries: list[CopyEntry] | None = None
        self._by_hash: dict[str, CopyEntry] = {}
        self._cadres: dict[int, str] = {}

    def _all(self) -> list[CopyEntry]:
        if self._entries is None:
            self._entries = self.register.find()
            self._by_hash = {e.row.sha256: e for e in self._entries}
            ids = sorted({e.row.dossier_id for e in self._entries})
            self._cadres = {h.id: h.full_name for h in DossierRepository(self.vault.db).hit_rows(ids)}
        return self._entries

    def _match_text(self, text: str) -> TextMatch:
        return match_text(text, [e.row for e in self._all()], self._cadres)

    def _entry(self, serial: str) -> CopyEntry | None:
        try:
            return self.register.get(serial)
        except NotFound:
            return None

    def _match(self, file: str, number: int | None, entry: CopyEntry, finding: Finding) -> Match:
        r = entry.row
        self._all()
        approval = Approvals(self.vault).get(r.approval_id).row
        reader = ReaderBook(self.vault).get(r.reader_id).full_name
        return Match(
            file, number, r.serial, r.copy_no, r.copies, reader, r.reader_id, r.approval_id,
            approval.decision_no, r.dossier_id, self._cadres.get(r.dossier_id, ""),
            r.issued_at, r.status, finding.page, finding.layer, finding.authentic, finding.detail,
        )  # fmt: skip

    def _page(self, report: TraceReport, file: str, page: sources.Page, layers: tuple[str, ...]) -> None:
        findings = identify(page, self.keys, self._match_text, layers)
        for f in findings:
            entry = self._entry(f.serial) if f.outcome == "match" and f.serial else None
            if entry is not None:
                report.matches.append(self._match(file, page.number, entry, f))
            elif f.outcome == "match":
                report.unidentified.append(Unidentified(file, page.number, "unknown", f.serial, f.layer))
            else:
                candidates = tuple(f.detail.get("candidates", ()))
                report.unidentified.append(
                    Unidentified(file, page.number, f.outcome, f.serial, f.layer, candidates)
                )
        if not findings:
            report.unidentified.append(Unidentified(file, page.number, "none"))

    def _source(self, report: TraceReport, source: sources.Source, digest: str, layers: tuple[str, ...],
                cancelled: Callable[[], bool]) -> None:  # fmt: skip
        self._all()
        whole = self._by_hash.get(digest)
        if whole is not None:
            report.matches.append(
                self._match(source.name, None, whole, Finding("file", "match", authentic=True))
            )
            return
        try:
            for page in sources.pages(source):
                if cancelled():
                    raise Cancelled("trace.cancelled")
                self._page(report, source.name, page, layers)
        except Cancelled:
            raise
        except HosoError as error:
            report.unidentified.append(Unidentified(source.name, None, "unreadable", message=error.message()))

    def trace(
        self,
        given: Sequence[sources.Source],
        *,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] = lambda: False,
        layers: tuple[str, ...] = LAYERS,
    ) -> TraceReport:
        """Identify every page of every file; one audit entry for the whole run."""
        report = TraceReport()
        digests = [hashlib.sha256(s.data).hexdigest() for s in given]
        try:
            for index, (source, digest) in enumerate(zip(given, digests, strict=True)):
                if cancelled():
                    raise Cancelled("trace.cancelled")
                self._source(report, source, digest, layers, cancelled)
                if progress is not None:
                    progress(index + 1, len(given))
        except Cancelled:
            self._audit(digests, report, cancelled=True)
            raise
        self._audit(digests, report, cancelled=False)
        return report

    def _audit(self, digests: list[str], report: TraceReport, *, cancelled: bool) -> None:
        found = sorted({m.serial for m in report.matches})
        details = {
            "files": [d[:16] for d in digests],
            "matched": found,
            "layers": sorted({m.layer for m in report.matches}),
            "forged": sorted({u.serial or "" for u in report.unidentified if u.reason == "forged"}),
            "unknown": sorted({u.serial or "" for u in report.unidentified if u.reason == "unknown"}),
            "unidentified": sum(u.reason in ("none", "ambiguous", "unreadable") for u in report.unidentified),
            "cancelled": cancelled,
        }
        self.vault.audit.record(Action.COPY_TRACE, ",".join(found)[:200], details)
