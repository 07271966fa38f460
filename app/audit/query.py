"""Reading the audit log for people: filtered counts, pages and rows as display records.

The GUI's lazy table model and ``hoso audit log`` use this, never the storage layer directly.
Must not import Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from app.audit.entry import decode_details
from app.clock import iso_utc
from app.vault.session import Vault
from storage.audit_repo import AuditFilter, AuditRow

__all__ = ["AuditFilter", "Entry", "count", "entries", "entries_by_seq", "entry", "filter_for_days", "seqs"]


@dataclass(frozen=True, slots=True)
class Entry:
    seq: int
    time: str  # ISO UTC
    actor: str
    action: str
    target: str
    details: dict[str, Any]
    entry_hash: str

    @classmethod
    def of(cls, row: AuditRow) -> Entry:
        return cls(
            row.seq,
            row.ts,
            row.actor,
            row.action,
            row.target,
            decode_details(row.details),
            row.entry_hash.hex(),
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "time": self.time,
            "actor": self.actor,
            "action": self.action,
            "target": self.target,
            "details": self.details,
            "entry_hash": self.entry_hash,
        }


def filter_for_days(
    first: date | None, last: date | None, action: str | None = None, target: str | None = None
) -> AuditFilter:
    """A filter from calendar days (inclusive), as the viewer's date pickers give them."""

    def start(d: date) -> str:
        return iso_utc(datetime.combine(d, time.min).astimezone())

    return AuditFilter(
        since=start(first) if first else None,
        until=start(last + timedelta(days=1)) if last else None,
        action=action or None,
        target=target or None,
    )


def count(vault: Vault, flt: AuditFilter) -> int:
    return vault.audit.repo.count(flt)


def seqs(vault: Vault, flt: AuditFilter) -> list[int]:
    """Sequence numbers of the matching entries, newest first (ids for a lazy model)."""
    return vault.audit.repo.seqs(flt)


def entries(vault: Vault, flt: AuditFilter, offset: int = 0, limit: int = 200) -> list[Entry]:
    """One page of matching entries, newest first."""
    return [Entry.of(r) for r in vault.audit.repo.page(flt, offset, limit)]


def entries_by_seq(vault: Vault, wanted: list[int]) -> list[Entry | None]:
    """The entries with these numbers, in the order asked (None where one no longer exists):
    one query for a page of the viewer's lazy model."""
    found = vault.audit.repo.many(wanted)
    return [Entry.of(found[s]) if s in found else None for s in wanted]


def entry(vault: Vault, seq: int) -> Entry | None:
    row = vault.audit.repo.at(seq)
    return Entry.of(row) if row else None
