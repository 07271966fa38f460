"""The dossiers a statistic counts, as they stood on a date, as columns of numbers.

:func:`load` reads every stats row (``storage/stats_repo.py``). For a past date it then undoes,
newest first, every history row written after the end of that day on a path statistics read, and
leaves out the dossiers created after it: the vault's own record of what it held that day (a
cadre entered in the vault in 2026 is not counted in 2024, whatever the paper says). A restricted
path in ``missing`` is rewound by existence only; its value is never read.

:func:`derive` turns the rows into :class:`Population`: each dimension of ``dimensions`` as a
numpy array, so that a report's hundreds of cells are boolean masks and-ed and summed.
Must not import Qt.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt

from app.dossier import catalogs, stat_facts
from app.dossier.completeness import REQUIRED
from app.dossier.rules import plus_years
from app.stats import dimensions as dims
from storage.stats_repo import StatsRepository

Mask = npt.NDArray[np.bool_]
_BASE = ("dossier_id", "created_at", "updated_at")
#: Dimensions counted by their stored code.
_AS_STORED: tuple[str, ...] = ("sex", "ethnicity", "religion", "management_tier", "employing_unit")
_AS_STORED += ("post_group", "committee", "status", "highest_degree", "academic_title", "political_theory")
_AS_STORED += ("state_management",)


@dataclass(frozen=True, slots=True)
class Coded:
    """A ``code`` dimension: ``levels[codes[i]]`` is dossier i's value; -1 is none."""

    levels: tuple[str, ...]
    codes: npt.NDArray[np.int32]

    def mask(self, values: Sequence[str]) -> Mask:
        wanted = [n for n, level in enumerate(self.levels) if level in set(values)]
        return np.isin(self.codes, np.array(wanted, dtype=np.int32))

    def present(self) -> Mask:
        return self.codes >= 0


@dataclass(frozen=True, slots=True)
class Population:
    on: date
    ids: npt.NDArray[np.int64]
    coded: dict[str, Coded] = field(default_factory=dict)
    numbers: dict[str, npt.NDArray[np.float64]] = field(default_factory=dict)
    dates: dict[str, npt.NDArray[np.int64]] = field(default_factory=dict)
    missing: dict[str, Mask] = field(default_factory=dict)

    def __len__(self) -> int:
        return int(self.ids.size)

    def everyone(self) -> Mask:
        return np.ones(self.ids.size, dtype=np.bool_)


Columns = dict[str, list[Any]]


def load(repo: StatsRepository, cutoff: str | None) -> Columns:
    """The stats rows as columns (lists by column name), rewound to ``cutoff`` (an ISO UTC
    instant) when given."""
    names = (*_BASE, *stat_facts.COLUMNS)
    rows = repo.rows()
    if cutoff is not None:
        rows = [r for r in rows if r[1] <= cutoff]  # created by then
    if not rows:
        return {name: [] for name in names}
    cols: Columns = {name: list(values) for name, values in zip(names, zip(*rows, strict=True), strict=True)}
    if cutoff is not None:
        _rewind(repo, cols, cutoff)
    return cols


def _rewind(repo: StatsRepository, cols: Columns, cutoff: str) -> None:
    where = {dossier_id: n for n, dossier_id in enumerate(cols["dossier_id"])}
    gaps = cols["missing"]
    touched: set[int] = set()
    for rewind in repo.rewinds(cutoff, set(stat_facts.PATH_COLUMNS) | set(REQUIRED)):
        n = where.get(rewind.dossier_id)
        if n is None:
            continue
        touched.add(n)
        column = stat_facts.PATH_COLUMNS.get(rewind.path)
        if column is not None:
            old = None if rewind.old is None else json.loads(rewind.old.decode("utf-8"))
            cols[column][n] = stat_facts.value(column, old)
        if rewind.path in REQUIRED:
            found = set(gaps[n].split(stat_facts.ITEM_SEP)) if gaps[n] else set()
            (found.discard if rewind.had_old else found.add)(rewind.path)
            gaps[n] = stat_facts.ITEM_SEP.join(p for p in REQUIRED if p in found) or None
    if touched:
        last = repo.last_changes(cutoff)
        for n in touched:
            cols["updated_at"][n] = last.get(cols["dossier_id"][n], cols["created_at"][n])


def _coded(values: Sequence[str | None]) -> Coded:
    levels = tuple(sorted(v for v in set(values) if v))
    index: dict[str | None, int] = {level: n for n, level in enumerate(levels)}
    index[None] = index[""] = -1
    codes = np.fromiter(map(index.__getitem__, values), dtype=np.int32, count=len(values))
    return Coded(levels, codes)


@cache
def _post_levels() -> dict[str, str]:
    entries = catalogs.load("post_group").entries
    return {e.code: str(e.extra["level"]) for e in entries if e.extra.get("level")}


def _map(values: Sequence[str | None], fn: Callable[[str | None], Any]) -> list[Any]:
    """``fn`` of each value, computed once per distinct value (a few hundred among 100 000)."""
    memo = {v: fn(v) for v in set(values)}
    return list(map(memo.__getitem__, values))


def _minority(ethnicity: str | None) -> str | None:
    return None if not ethnicity else ("kinh" if ethnicity == "kinh" else "thieu_so")


def _religious(religion: str | None) -> str | None:
    return None if not religion else ("khong" if religion == "khong" else "co")


def _language_pair(text: str | None) -> tuple[str | None, str | None]:
    return dims.language_classes(text)


def _days(values: Sequence[str | None]) -> npt.NDArray[np.int64]:
    return np.fromiter(_map(values, dims.date_number), dtype=np.int64, count=len(values))


def _gaps(values: Sequence[str | None], required: Collection[str]) -> dict[str, Mask]:
    out = {p: np.zeros(len(values), dtype=np.bool_) for p in REQUIRED}
    for n, text in enumerate(values):
        if text:
            for path in text.split(stat_facts.ITEM_SEP):
                if path in required:
                    out[path][n] = True
    return out


def _ages(births: npt.NDArray[np.int64], on: date) -> npt.NDArray[np.float64]:
    """Whole months from each YYYYMMDD birth number to ``on`` (NaN when unknown or later)."""
    year, month, day = births // 10000, births // 100 % 100, births % 100
    months = ((on.year - year) * 12 + (on.month - month) - (on.day < day)).astype(np.float64)
    months[(births == 0) | (months < 0)] = np.nan
    return months


def _coded_from(codes: Sequence[str], chosen: npt.NDArray[np.int64]) -> Coded:
    """A ``code`` dimension from index arrays into ``codes`` (-1: none)."""
    return Coded(tuple(codes), chosen.astype(np.int32))


def derive(cols: Columns, on: date, not_kept: Collection[str] = ()) -> Population:
    """Every dimension of the rows on the reference date ``on``. A required field the officer keeps
    on paper only (``not_kept``, the field policy) is never counted as missing."""
    n = len(cols["dossier_id"])
    today = on.year * 10000 + on.month * 100 + on.day
    months = _ages(_days(cols["birth_date"]), on)
    joins, officials = _days(cols["party_join_date"]), _days(cols["party_official_date"])
    member = (joins > 0) & (joins <= today)
    full = member & (officials > 0) & (officials <= today)
    party = np.where(full, 0, np.where(member, 1, 2))  # chinh_thuc, du_bi, khong
    sexes = np.array(cols["sex"], dtype=object)
    limits = np.full(n, np.nan)
    for sex in ("nam", "nu"):
        limits[sexes == sex] = dims.retirement_months(sex, on)
    known = ~np.isnan(months) & ~np.isnan(limits)
    retire = np.where(known, np.where(months >= np.nan_to_num(limits), 1, 0), -1)  # chua, qua_tuoi
    stale_before = plus_years(on, -1).isoformat()  # as the completeness score: 12 months
    languages = _map(cols["languages"], _language_pair)
    levels = _post_levels()
    coded_values: dict[str, list[str | None]] = {name: cols[name] for name in _AS_STORED}
    coded_values.update(
        minority=_map(
            cols["ethnicity"], lambda e: None if not e else ("kinh" if e == "kinh" else "thieu_so")
        ),
        religious=_map(cols["religion"], lambda r: None if not r else ("khong" if r == "khong" else "co")),
        post_level=_map(cols["post_group"], lambda g: levels.get(g or "")),
        grade=_map(cols["grade_code"], lambda g: dims.GRADE_RANKS.get(g or "")),
        it=_map(cols["it_level"], dims.it_class),
        english=[pair[0] for pair in languages],
        other_language=[pair[1] for pair in languages],
        ethnic_language=_map(cols["ethnic_language"], lambda t: dims.yes_no(bool(t))),
        stale=[dims.yes_no(u[:10] < stale_before) for u in cols["updated_at"]],
    )
    coded = {name: _coded(values) for name, values in coded_values.items()}
    coded["party"] = _coded_from(("chinh_thuc", "du_bi", "khong"), party)
    coded["retirement"] = _coded_from(("chua", "qua_tuoi"), retire)
    required = {p for p in REQUIRED if p not in not_kept and p.split(".", 1)[0] not in not_kept}
    return Population(
        on=on,
        ids=np.fromiter(cols["dossier_id"], dtype=np.int64, count=n),
        coded=coded,
        numbers={"age": np.floor(months / 12)},
        dates={"party_join_date": np.where(member, joins, 0)},
        missing=_gaps(cols["missing"], required),
    )
