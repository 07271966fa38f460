"""Verifying the audit log: the chain, every MAC from K(0), and the inspector's checkpoints.

Finds an edited entry (its hash no longer matches its content), a deleted, inserted or
reordered one (numbering or chaining broken), a re-hashed one (chain rebuilt, but its MAC under
K(i) no longer matches: only the holder of K(0) can tell), a truncated tail (with K(0): the
stored ratchet key has moved past the last entry; with a checkpoint: the checkpointed entry is
gone) and history rewritten under a checkpoint. Reports the first bad entry and why.
Must not import Qt.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from app.audit.checkpoint import Checkpoint
from app.audit.entry import recomputed_hash
from crypto import ratchet
from crypto.keys import same
from storage.audit_repo import GENESIS_HASH, AuditRepository, AuditRow


@dataclass(frozen=True, slots=True)
class Problem:
    seq: int
    reason_key: str  # message key, params: seq (and checkpoint time where relevant)
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Report:
    entries: int
    macs_checked: bool
    checkpoints_checked: int
    problem: Problem | None
    complete: bool = True  # False when a time budget stopped a bounded check early

    @property
    def ok(self) -> bool:
        return self.problem is None


def _walk(
    rows: Iterable[AuditRow],
    start_seq: int,
    start_prev: bytes,
    k_start: bytes | None,
    deadline: float | None,
    progress: Callable[[int], None] | None,
) -> tuple[int, bytes | None, Problem | None, bool]:
    """Walk rows from ``start_seq``: returns (last seq seen, next ratchet key, problem, complete)."""
    expected, prev, key = start_seq, start_prev, k_start
    last = start_seq - 1
    for n, row in enumerate(rows):
        if row.seq != expected:
            reason = "audit.bad.missing" if row.seq > expected else "audit.bad.order"
            return last, key, Problem(expected if row.seq > expected else row.seq, reason), True
        if not same(row.prev_hash, prev):
            return last, key, Problem(row.seq, "audit.bad.chain"), True
        if not same(recomputed_hash(row), row.entry_hash):
            return last, key, Problem(row.seq, "audit.bad.content"), True
        if key is not None:
            if not ratchet.check_entry(key, row.entry_hash, row.mac):
                return last, key, Problem(row.seq, "audit.bad.mac"), True
            key = ratchet.advance(key)
        prev, last, expected = row.entry_hash, row.seq, row.seq + 1
        if n % 4096 == 0:
            if progress:
                progress(row.seq)
            if deadline is not None and time.monotonic() > deadline:
                return last, key, None, False
    return last, key, None, True


def verify(
    repo: AuditRepository,
    audit_key: bytes | None = None,
    checkpoints: Iterable[Checkpoint] = (),
    progress: Callable[[int], None] | None = None,
) -> Report:
    """Full verification (``hoso audit verify``)."""
    last, key, problem, _ = _walk(repo.all(), 1, GENESIS_HASH, audit_key, None, progress)
    cps = sorted(checkpoints, key=lambda c: c.seq)
    # Checkpoints before the tail: "cut back past the checkpoint of <date>" says more than
    # "truncated", and names the same first missing entry.
    for cp in cps if problem is None else ():
        problem = _check_checkpoint(repo, cp, last)
        if problem:
            break
    if problem is None:
        problem = _check_tail(repo, last, key)
    entries = repo.count()
    return Report(entries, audit_key is not None, len(cps), problem)


def _check_tail(repo: AuditRepository, last: int, key: bytes | None) -> Problem | None:
    state = repo.state()
    if state is None:
        return Problem(1, "audit.bad.no_state")
    next_seq, stored_key = state
    if next_seq != last + 1:
        return Problem(last + 1, "audit.bad.truncated")
    if key is not None and not same(key, stored_key):
        return Problem(last + 1, "audit.bad.truncated")
    return None


def _check_checkpoint(repo: AuditRepository, cp: Checkpoint, last: int) -> Problem | None:
    if cp.seq > last:
        return Problem(last + 1, "audit.bad.truncated_checkpoint", {"time": cp.time, "cp_seq": str(cp.seq)})
    row = repo.at(cp.seq)
    if row is None or not same(row.entry_hash, cp.head_hash):
        return Problem(cp.seq, "audit.bad.checkpoint_mismatch", {"time": cp.time})
    return None


def verify_recent(repo: AuditRepository, window: int = 20000, budget_s: float = 2.0) -> Report:
    """The bounded check run at every unlock: chain and hashes of the newest ``window`` entries
    within ``budget_s`` seconds, and that the ratchet state follows the last entry. No MACs
    (K(0) is the inspector's)."""
    head = repo.head()
    if head is None:
        state = repo.state()
        ok = state is not None and state[0] == 1
        return Report(0, False, 0, None if ok else Problem(1, "audit.bad.truncated"))
    first = max(1, head.seq - window + 1)
    # Only entries first … head: with some deleted inside the window, tail() would also return
    # older ones and the first problem would be misplaced.
    rows = [r for r in repo.tail(head.seq - first + 1) if r.seq >= first]
    # Entry 1 chains to the genesis hash; an entry further in chains to one outside the window.
    start_prev = rows[0].prev_hash if rows and first > 1 else GENESIS_HASH
    deadline = time.monotonic() + budget_s
    last, _, problem, complete = _walk(rows, first, start_prev, None, deadline, None)
    if problem is None and complete:
        problem = _check_tail(repo, last, None)
    return Report(len(rows), False, 0, problem, complete)
