"""The dossiers a statistic counts, as they stood on a date, as columns of numbers.

:func:`load` reads the stats columns a report needs (``storage/stats_repo.py``), each as one text
joined by SQLite. For a past date it then undoes,
newest first, every history row written after the end of that day on a path statistics read, and
leaves out the dossiers created after it: the vault's own record of what it held that day (a
cadre entered in the vault in 2026 is not counted in 2024, whatever the paper says). A restricted
path in ``missing`` is rewound by existence only; its value is never read.

:func:`derive` turns the columns into :class:`Population`: each wanted dimension of ``dimensions``
as a numpy array, derived once per distinct value, so that a report's hundreds of cells are
boolean masks and-ed and counted.
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


def load(repo: StatsRepository, cutoff: str | None, names: Collection[str] | None = None) -> Columns:
    """The stats rows as columns (lists of text by column name, "" for none; only ``names`` when
    given), rewound to ``cutoff`` (an ISO UTC instant) when given."""
    cols: Columns = repo.columns(names, created_until=cutoff)
    if cutoff is not None and cols["dossier_id"]:
        _rewind(repo, cols, cutoff)
    return cols


def _rewind(repo: StatsRepository, cols: Columns, cutoff: str) -> None:
    where = {int(dossier_id): n for n, dossier_id in enumerate(cols["dossier_id"])}
    gaps = cols.get("missing")
    paths = {path for path, column in stat_facts.PATH_COLUMNS.items() if column in cols}
    for rewind in repo.rewinds(cutoff, paths | (set(REQUIRED) if gaps is not None else set())):
        n = where.get(rewind.dossier_id)
        if n is None:
            continue
        column = stat_facts.PATH_COLUMNS.get(rewind.path)
        if column in cols:
            old = None if rewind.old is None else json.loads(rewind.old.decode("utf-8"))
            cols[column][n] = stat_facts.value(column, old)
        if rewind.path in REQUIRED and gaps is not None:
            found = set(gaps[n].split(stat_facts.ITEM_SEP)) if gaps[n] else set()
            (found.discard if rewind.had_old else found.add)(rewind.path)
            gaps[n] = stat_facts.ITEM_SEP.join(p for p in REQUIRED if p in found) or None
    if "updated_at" in cols:  # any later save, to any field, moved it: take the last one by then
        later = [n for n, day in enumerate(cols["updated_at"]) if day > cutoff[:10]]
        last = repo.last_changes(cutoff) if later else {}
        for n in later:
            cols["updated_at"][n] = last.get(int(cols["dossier_id"][n]), "")[:10]


def _coded(values: Sequence[str | None]) -> Coded:
    levels = tuple(sorted(v for v in set(values) if v))
    index: dict[str | None, int] = {level: n for n, level in enumerate(levels)}
    index[None] = index[""] = -1
    codes = np.fromiter(map(index.__getitem__, values), dtype=np.int32, count=len(values))
    return Coded(levels, codes)


def _derived(source: Coded, fn: Callable[[str | None], str | None]) -> Coded:
    """A dimension computed from another, once per distinct value: ``fn`` of each level (and of
    none), then looked up for every dossier."""
    outputs = [fn(level) for level in source.levels] + [fn(None)]  # the last: no value
    levels = tuple(sorted({o for o in outputs if o}))
    index = {level: n for n, level in enumerate(levels)}
    table = np.array([index.get(o, -1) if o else -1 for o in outputs], dtype=np.int32)
    return Coded(levels, table[source.codes])  # -1 indexes the last entry: the "none" output


def _days(source: Coded) -> npt.NDArray[np.int64]:
    table = np.array([dims.date_number(level) for level in source.levels] + [0], dtype=np.int64)
    return table[source.codes]


@cache
def _post_levels() -> dict[str, str]:
    entries = catalogs.load("post_group").entries
    return {e.code: str(e.extra["level"]) for e in entries if e.extra.get("level")}


def _minority(ethnicity: str | None) -> str | None:
    return None if not ethnicity else ("kinh" if ethnicity == "kinh" else "thieu_so")


def _religious(religion: str | None) -> str | None:
    return None if not religion else ("khong" if religion == "khong" else "co")


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


def _fixed(codes: Sequence[str], chosen: npt.NDArray[np.int64]) -> Coded:
    """A ``code`` dimension from index arrays into ``codes`` (-1: none)."""
    return Coded(tuple(codes), chosen.astype(np.int32))


class _Raw(dict[str, Coded]):
    """Stats columns coded on first use."""

    def __init__(self, cols: Columns) -> None:
        super().__init__()
        self.cols = cols

    def __missing__(self, name: str) -> Coded:
        self[name] = _coded(self.cols[name])
        return self[name]


def derive(
    cols: Columns, on: date, not_kept: Collection[str] = (), wanted: Collection[str] | None = None
) -> Population:
    """The dimensions ``wanted`` (every one by default) of the rows on the reference date ``on``,
    from the columns they need (``dimensions.SOURCES``). A required field the officer keeps on
    paper only (``not_kept``, the field policy) is never counted as missing."""
    want = set(dims.DIMENSIONS if wanted is None else wanted)
    n = len(cols["dossier_id"])
    raw = _Raw(cols)
    today = on.year * 10000 + on.month * 100 + on.day
    coded = {name: raw[name] for name in _AS_STORED if name in want}
    numbers, days, missing = {}, {}, {}
    levels = _post_levels()
    derived: dict[str, tuple[str, Callable[[str | None], str | None]]] = {
        "minority": ("ethnicity", _minority),
        "religious": ("religion", _religious),
        "post_level": ("post_group", lambda g: levels.get(g or "")),
        "grade": ("grade_code", lambda g: dims.GRADE_RANKS.get(g or "")),
        "it": ("it_level", dims.it_class),
        "english": ("languages", lambda t: dims.language_classes(t)[0]),
        "other_language": ("languages", lambda t: dims.language_classes(t)[1]),
        "ethnic_language": ("ethnic_language", lambda t: dims.yes_no(bool(t))),
    }
    for name, (source, fn) in derived.items():
        if name in want:
            coded[name] = _derived(raw[source], fn)
    if want & {"age", "retirement"}:
        months = _ages(_days(raw["birth_date"]), on)
        numbers["age"] = np.floor(months / 12)
        if "retirement" in want:
            limits = np.full(n, np.nan)
            for sex in ("nam", "nu"):
                limits[raw["sex"].mask([sex])] = dims.retirement_months(sex, on)
            over = (months >= np.nan_to_num(limits)).astype(np.int64)
            coded["retirement"] = _fixed(("chua", "qua_tuoi"), np.where(np.isnan(months + limits), -1, over))
    if want & {"party", "party_join_date"}:
        joins, officials = _days(raw["party_join_date"]), _days(raw["party_official_date"])
        member = (joins > 0) & (joins <= today)
        full = member & (officials > 0) & (officials <= today)
        coded["party"] = _fixed(("chinh_thuc", "du_bi", "khong"), np.where(full, 0, np.where(member, 1, 2)))
        days["party_join_date"] = np.where(member, joins, 0)
    if "stale" in want:
        stale_before = plus_years(on, -1).isoformat()  # as the completeness score: 12 months
        coded["stale"] = _coded([dims.yes_no(u < stale_before) for u in cols["updated_at"]])
    if "missing" in want:
        required = {p for p in REQUIRED if p not in not_kept and p.split(".", 1)[0] not in not_kept}
        missing = _gaps(cols["missing"], required)
    ids = np.array(cols["dossier_id"], dtype=np.str_).astype(np.int64) if n else np.zeros(0, np.int64)
    return Population(on=on, ids=ids, coded=coded, numbers=numbers, dates=days, missing=missing)
