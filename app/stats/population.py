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


def load(repo: StatsRepository, cutoff: str | None) -> list[dict[str, Any]]:
    """The stats rows as dictionaries, rewound to ``cutoff`` (an ISO UTC instant) when given."""
    names = (*_BASE, *stat_facts.COLUMNS)
    rows = [dict(zip(names, r, strict=True)) for r in repo.rows()]
    if cutoff is None:
        return rows
    rows = [r for r in rows if r["created_at"] <= cutoff]
    by_id = {r["dossier_id"]: r for r in rows}
    paths = set(stat_facts.PATH_COLUMNS) | set(REQUIRED)
    touched: set[int] = set()
    for rewind in repo.rewinds(cutoff, paths):
        row = by_id.get(rewind.dossier_id)
        if row is None:
            continue
        touched.add(rewind.dossier_id)
        column = stat_facts.PATH_COLUMNS.get(rewind.path)
        if column is not None:
            old = None if rewind.old is None else json.loads(rewind.old.decode("utf-8"))
            row[column] = stat_facts.value(column, old)
        if rewind.path in REQUIRED:
            gaps = set(row["missing"].split(stat_facts.ITEM_SEP)) if row["missing"] else set()
            (gaps.discard if rewind.had_old else gaps.add)(rewind.path)
            row["missing"] = stat_facts.ITEM_SEP.join(p for p in REQUIRED if p in gaps) or None
    if touched:
        last = repo.last_changes(cutoff)
        for dossier_id in touched:
            by_id[dossier_id]["updated_at"] = last.get(dossier_id, by_id[dossier_id]["created_at"])
    return rows


def _coded(values: Sequence[str | None]) -> Coded:
    levels = tuple(sorted({v for v in values if v}))
    index = {level: n for n, level in enumerate(levels)}
    codes = np.fromiter((index.get(v, -1) if v else -1 for v in values), dtype=np.int32, count=len(values))
    return Coded(levels, codes)


@cache
def _post_levels() -> dict[str, str]:
    return {
        e.code: str(e.extra["level"]) for e in catalogs.load("post_group").entries if e.extra.get("level")
    }


def _map(values: Sequence[str | None], fn: Callable[[str | None], str | None]) -> list[str | None]:
    seen: dict[str | None, str | None] = {}
    out = []
    for v in values:
        if v not in seen:
            seen[v] = fn(v)
        out.append(seen[v])
    return out


def _language_pair(text: str | None) -> str | None:
    english, other = dims.language_classes(text)
    return f"{english or ''}|{other or ''}"


def _has(gaps: Sequence[set[str]], path: str) -> Mask:
    return np.fromiter((path in g for g in gaps), dtype=np.bool_, count=len(gaps))


def derive(rows: Sequence[dict[str, Any]], on: date, not_kept: Collection[str] = ()) -> Population:
    """Every dimension of ``rows`` on the reference date ``on``. A required field the officer keeps
    on paper only (``not_kept``, the field policy) is never counted as missing."""
    col = {name: [r[name] for r in rows] for name in (*_BASE, *stat_facts.COLUMNS)}
    today = on.year * 10000 + on.month * 100 + on.day
    births = [dims.date_number(b) for b in col["birth_date"]]
    months = [dims.age_months(b, on) for b in births]
    joins = [dims.date_number(j) for j in col["party_join_date"]]
    officials = [dims.date_number(j) for j in col["party_official_date"]]
    party = [
        "khong" if not j or j > today else ("chinh_thuc" if o and o <= today else "du_bi")
        for j, o in zip(joins, officials, strict=True)
    ]
    retire = [
        None if m is None or (limit := dims.retirement_months(s, on)) is None else
        ("qua_tuoi" if m >= limit else "chua")
        for m, s in zip(months, col["sex"], strict=True)
    ]  # fmt: skip
    stale_before = plus_years(on, -1).isoformat()  # as the completeness score: 12 months
    languages = [t or "|" for t in _map(col["languages"], _language_pair)]
    levels = _post_levels()
    coded_values: dict[str, list[str | None]] = {name: col[name] for name in _AS_STORED}
    coded_values.update(
        minority=_map(col["ethnicity"], lambda e: None if not e else ("kinh" if e == "kinh" else "thieu_so")),
        religious=_map(col["religion"], lambda r: None if not r else ("khong" if r == "khong" else "co")),
        party=list(party),
        post_level=[levels.get(g or "") for g in col["post_group"]],
        grade=[dims.GRADE_RANKS.get(g or "") for g in col["grade_code"]],
        it=_map(col["it_level"], dims.it_class),
        english=[t.split("|")[0] or None for t in languages],
        other_language=[t.split("|")[1] or None for t in languages],
        ethnic_language=[dims.yes_no(bool(t)) for t in col["ethnic_language"]],
        retirement=retire,
        stale=[dims.yes_no(u[:10] < stale_before) for u in col["updated_at"]],
    )
    required = [p for p in REQUIRED if p not in not_kept and p.split(".", 1)[0] not in not_kept]
    gaps = [set(m.split(stat_facts.ITEM_SEP)) if m else set() for m in col["missing"]]
    n = len(rows)
    return Population(
        on=on,
        ids=np.fromiter(col["dossier_id"], dtype=np.int64, count=n),
        coded={name: _coded(values) for name, values in coded_values.items()},
        numbers={"age": np.array([np.nan if m is None else m // 12 for m in months], dtype=np.float64)},
        dates={"party_join_date": np.array([j if j and j <= today else 0 for j in joins], dtype=np.int64)},
        missing={p: _has(gaps, p) if p in required else np.zeros(n, np.bool_) for p in REQUIRED},
    )
