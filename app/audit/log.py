"""Appending to the audit log: one call, ``record``, for every service.

Each append, in one transaction: read the ratchet key K(seq), hash the entry onto the chain,
MAC it with K(seq), store K(seq+1) over K(seq). The key passes through a ``bytearray`` that is
zeroed at once; on disk, ``secure_delete`` overwrites the old value and the WAL is truncated at
lock and every :data:`CHECKPOINT_EVERY` appends, so the old key does not linger in the WAL.
Must not import Qt.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlcipher3

from app.audit.entry import clip, encode_details, entry_hash
from app.clock import Clock, iso_utc
from app.errors import IntegrityViolation
from crypto import ratchet
from storage.audit_repo import GENESIS_HASH, AuditRepository, AuditRow
from storage.connection import Database

CHECKPOINT_EVERY = 256


class AuditLog:
    """The vault's audit log while it is unlocked."""

    def __init__(self, db: Database, clock: Clock, actor: str) -> None:
        self._db = db
        self._clock = clock
        self.actor = actor
        self.repo = AuditRepository(db)
        self._since_checkpoint = 0

    def start(self, conn: sqlcipher3.Connection, k0: bytes) -> None:
        """Set up the ratchet with K(0), at vault creation."""
        self.repo.init_state(conn, k0)

    def record(
        self,
        action: str,
        target: str = "",
        details: Mapping[str, Any] | None = None,
        *,
        tx: sqlcipher3.Connection | None = None,
        at: str | None = None,
    ) -> int:
        """Append one entry; returns its sequence number.

        Pass ``tx`` to make the entry part of the caller's transaction (the act and its record
        commit together or not at all). ``at`` overrides the time for acts that happened while
        the vault was locked (failed unlocks), and is recorded as such in the details.
        """
        encoded = encode_details(details)
        if tx is not None:
            seq = self._append(tx, action, target, encoded, at)
        else:
            with self._db.transaction() as conn:
                seq = self._append(conn, action, target, encoded, at)
        self._since_checkpoint += 1
        if self._since_checkpoint >= CHECKPOINT_EVERY and tx is None:
            self._db.checkpoint()
            self._since_checkpoint = 0
        return seq

    def _append(
        self, conn: sqlcipher3.Connection, action: str, target: str, details: str, at: str | None
    ) -> int:
        state = self.repo.state()
        if state is None:  # deleted or mangled by hand: tampering, not a programming error
            raise IntegrityViolation("audit.bad.no_state")
        seq, stored_key = state
        head = self.repo.head()
        prev = head.entry_hash if head else GENESIS_HASH
        ts = at or iso_utc(self._clock.now())
        target = clip(target)
        digest = entry_hash(seq, ts, self.actor, action, target, details, prev)
        key = bytearray(stored_key)
        try:
            tag = ratchet.entry_mac(bytes(key), digest)
            next_key = ratchet.advance(bytes(key))
        finally:
            ratchet.wipe(key)
        row = AuditRow(seq, ts, self.actor, action, target, details, prev, digest, tag)
        self.repo.append(conn, row, next_key)
        return seq
