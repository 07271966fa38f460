"""The failed-unlock delay: counted in the header, so it survives restarts.

Three free tries, then the wait doubles with each failure (2 s, 4 s, 8 s … capped at 15 min),
measured from the last failure. A success resets it. Someone with the disk can reset the
counter by editing the header (it cannot be MAC'd without the key); the delay is there against
a bystander at the open app, and each failure still reaches the audit log at the next unlock.
Must not import Qt.
"""

from __future__ import annotations

from datetime import datetime

from app.clock import iso_utc, parse_iso_utc
from app.vault.header import MAX_RECENT_FAILURES, Lockout

FREE_TRIES = 3
BASE_SECONDS = 2.0
MAX_SECONDS = 900.0


def delay_after(failures: int) -> float:
    if failures < FREE_TRIES:
        return 0.0
    return float(min(MAX_SECONDS, BASE_SECONDS * 2.0 ** min(failures - FREE_TRIES, 30)))


def seconds_to_wait(lockout: Lockout, now: datetime) -> float:
    if not lockout.recent:
        return 0.0
    try:
        last = parse_iso_utc(lockout.recent[-1])
    except ValueError:
        return delay_after(lockout.failures)
    elapsed = max(0.0, (now - last).total_seconds())  # a clock set back does not shorten the wait
    return max(0.0, delay_after(lockout.failures) - elapsed)


def record_failure(lockout: Lockout, now: datetime) -> Lockout:
    recent = (*lockout.recent, iso_utc(now))[-MAX_RECENT_FAILURES:]
    return Lockout(lockout.failures + 1, recent)
