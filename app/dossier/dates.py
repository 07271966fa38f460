"""Partial dates: ``"1968"``, ``"1968-05"``, ``"1968-05-17"`` (old records often hold only a year).

A partial date stands for a period; comparisons use its first and last day, so "1999" is not
before "1999-05-19" and a rule like "official date not before joining date" only fails when it
surely fails. Must not import Qt.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
MIN_YEAR, MAX_YEAR = 1850, 2100


@dataclass(frozen=True, slots=True, order=True)
class Partial:
    year: int
    month: int | None = None
    day: int | None = None

    @property
    def first(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def last(self) -> date:
        month = self.month or 12
        return date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def iso(self) -> str:
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
            if self.day:
                text += f"-{self.day:02d}"
        return text


@lru_cache(maxsize=65536)
def parse(text: str) -> Partial | None:
    """The partial date in ``text``, or None when it is not one (or not a real day). Cached: the
    same few thousand month strings recur across every dossier of an import."""
    match = _PATTERN.match(text.strip()) if isinstance(text, str) else None
    if not match:
        return None
    year = int(match[1])
    month = int(match[2]) if match[2] else None
    day = int(match[3]) if match[3] else None
    if not MIN_YEAR <= year <= MAX_YEAR or (month is not None and not 1 <= month <= 12):
        return None
    if day is not None and month is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return Partial(year, month, day)


def surely_before(a: Partial, b: Partial) -> bool:
    """``a`` ends before ``b`` begins."""
    return a.last < b.first


def years_between(earlier: Partial, later: Partial) -> float:
    """The fewest whole years that can lie between the two (as a float, for ages)."""
    return (later.first - earlier.last).days / 365.2425
