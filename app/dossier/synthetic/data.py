"""The synthetic generator's data: the JSON files under ``resources/synthetic/``, loaded once.

Owns reading those files (importlib.resources), weighted pickers that draw from them with a
seeded ``random.Random`` in O(log n), and the month arithmetic every part of the generator shares
(a month is ``year * 12 + month - 1``). Knows nothing about dossiers. Must not import Qt.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from typing import Any, Generic, TypeVar

T = TypeVar("T")

#: The last month anything can be valid in (an open end).
FOREVER = 9999 * 12
TABLE_SLOTS = 8192
_FIRST_YEAR, _LAST_YEAR = 1850, 2101
# "YYYY-MM" of every month, indexed by the month itself (earlier slots unused): looking a month
# up is a C call, with no Python frame — the generator formats some fifty per dossier.
_MONTHS = ("",) * (_FIRST_YEAR * 12) + tuple(
    f"{y:04d}-{m:02d}" for y in range(_FIRST_YEAR, _LAST_YEAR) for m in range(1, 13)
)
_DAYS = tuple(f"-{d:02d}" for d in range(32))


class Picker(Generic[T]):
    """Draws one item with probability proportional to its weight.

    Drawing is one uniform number and one index into a table where each item fills a number
    of slots proportional to its weight (at least one): weights are kept to about 1/256 of the
    total per item (1/8192 at most), plenty for synthetic data and faster than a search.
    """

    __slots__ = ("_items", "_size", "table")

    def __init__(self, pairs: Iterable[tuple[T, float]]) -> None:
        kept = [(item, float(weight)) for item, weight in pairs if weight > 0]
        if not kept:
            raise ValueError("a picker needs at least one item with a positive weight")
        total = sum(weight for _, weight in kept)
        slots = min(TABLE_SLOTS, 256 * len(kept))
        table: list[T] = []
        for item, weight in kept:
            table.extend([item] * max(1, round(weight / total * slots)))
        self._items: tuple[T, ...] = tuple(item for item, _ in kept)
        #: The slots; hot loops may draw ``table[int(rng.random() * len(table))]`` themselves.
        self.table: tuple[T, ...] = tuple(table)
        self._size = len(table)

    def pick(self, rng: random.Random) -> T:
        return self.table[int(rng.random() * self._size)]

    @property
    def items(self) -> tuple[T, ...]:
        return self._items


def weighted(rows: Sequence[Sequence[Any]]) -> Picker[Any]:
    """A picker over ``[[value, weight], ...]`` (the files' usual shape)."""
    return Picker((row[0], row[1]) for row in rows)


def uniform(items: Sequence[T]) -> Picker[T]:
    return Picker((item, 1.0) for item in items)


@cache
def load(name: str) -> Any:
    """The parsed ``resources/synthetic/<name>.json``."""
    text = resources.files("resources").joinpath("synthetic", f"{name}.json").read_text(encoding="utf-8")
    return json.loads(text)


def provinces() -> list[str]:
    """Province codes that have a synthetic profile."""
    folder = resources.files("resources").joinpath("synthetic")
    return sorted(
        entry.name.removeprefix("province_").removesuffix(".json")
        for entry in folder.iterdir()
        if entry.name.startswith("province_") and entry.name.endswith(".json")
    )


# ------------------------------------------------------------------ months


def month(iso: str) -> int:
    """The month of ``"YYYY-MM"`` or ``"YYYY-MM-DD"``."""
    return int(iso[:4]) * 12 + int(iso[5:7]) - 1


#: ``"YYYY-MM"`` of a month (years 1850–2100).
ym = _MONTHS.__getitem__


def ymd(m: int, day: int) -> str:
    return _MONTHS[m] + _DAYS[day]


def year_of(m: int) -> int:
    return m // 12


def between(rng: random.Random, low: int, high: int) -> int:
    """A uniform integer in [low, high] (``high`` when the range is empty)."""
    return high if high <= low else low + int(rng.random() * (high - low + 1))
