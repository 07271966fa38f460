"""A report's figures: its lines expanded against a population, every cell counted, and the
chart series drawn from them.

:func:`expand` turns a definition's lines into concrete ones, each with its own condition (a band
becomes one line per band, ``each`` one line per value found, plus "not recorded" when some
dossiers have no value), so that the same lines can be counted again on another population: a
comparison with the same period last year counts last year's dossiers by this year's lines.
:func:`count` fills the table. Labels come from the definition, the catalogs, or
``stats.value.<dimension>.<code>``; units are the officer's own text. Must not import Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from app.dossier import catalogs
from app.dossier.folding import fold
from app.i18n import t
from app.stats import dimensions as dims
from app.stats.definitions import Band, Definition, Line
from app.stats.population import Mask, Population
from app.stats.predicates import mask

NOT_RECORDED = "~"


@dataclass(frozen=True, slots=True)
class Expanded:
    key: str
    label: str
    cond: dict[str, Any] | None
    indent: int = 0
    group: str = ""  # columns: the header above; rows: the line it was expanded from
    heading: bool = False
    measure: str | None = None
    of: str | None = None


@dataclass(frozen=True, slots=True)
class Series:
    kind: str
    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]


@dataclass(frozen=True, slots=True)
class Table:
    definition: Definition
    columns: tuple[Expanded, ...]
    rows: tuple[Expanded, ...]
    values: tuple[tuple[float | None, ...], ...]  # [row][column]; None: no figure
    population: int
    base: Mask
    pop: Population

    def cell(self, row: str, column: str) -> float | None:
        r = next(n for n, x in enumerate(self.rows) if x.key == row)
        c = next(n for n, x in enumerate(self.columns) if x.key == column)
        return self.values[r][c]

    def members(self, row: str, column: str) -> list[int]:
        """The dossier ids counted in a cell (none for a heading, a share or an average's cell
        lists those averaged)."""
        r = next(x for x in self.rows if x.key == row)
        c = next(x for x in self.columns if x.key == column)
        if r.heading:
            return []
        col = c if c.measure != "share" else next(x for x in self.columns if x.key == c.of)
        chosen = self.base & mask(r.cond, self.pop) & mask(col.cond, self.pop)
        return [int(i) for i in self.pop.ids[chosen]]


def _and(*conds: dict[str, Any] | None) -> dict[str, Any] | None:
    parts = [c for c in conds if c is not None]
    return None if not parts else parts[0] if len(parts) == 1 else {"all": parts}


def value_label(dim: str, code: str, lang: str) -> str:
    spec = dims.DIMENSIONS[dim]
    if spec.free_text:
        return code
    if spec.catalog:
        return catalogs.load(spec.catalog).label(code, lang)
    return t(f"stats.value.{dim}.{code}", lang)


def _rank(dim: str, code: str, label: str) -> tuple[int, str]:
    """Catalog order for catalog codes, the dimension's own order for derived ones, else by name."""
    spec = dims.DIMENSIONS[dim]
    order = [e.code for e in catalogs.load(spec.catalog).entries] if spec.catalog else list(spec.order)
    return (order.index(code), "") if code in order else (len(order), fold(label))


def _each(line: Line, dim: str, pop: Population, within: Mask, lang: str) -> list[Expanded]:
    """One line per value of ``dim`` found ``within``, in catalog order, then "not recorded"."""
    coded = pop.coded[dim]
    found = np.unique(coded.codes[within])
    under = line.group or line.key
    out = []
    for c in found[found >= 0]:
        code = coded.levels[c]
        cond = _and(line.where, {"dim": dim, "in": [code]})
        out.append(Expanded(f"{line.key}.{code}", value_label(dim, code, lang), cond, line.indent, under))
    out.sort(key=lambda e: _rank(dim, e.key.rsplit(".", 1)[1], e.label))
    if (found < 0).any():
        cond = _and(line.where, {"dim": dim, "present": False})
        out.append(
            Expanded(f"{line.key}.{NOT_RECORDED}", t("stats.not_recorded", lang), cond, line.indent, under)
        )
    return out


def _expand(line: Line, definition: Definition, pop: Population, base: Mask, lang: str) -> list[Expanded]:
    if line.bands:
        under = line.group or line.key
        return [
            Expanded(f"{line.key}.{n}", b.label_en if lang == "en" and b.label_en else b.label,
                     _and(line.where, b.cond), line.indent, under)
            for n, b in enumerate(definition.band_sets[line.bands])
        ]  # fmt: skip
    if line.each:
        return _each(line, line.each, pop, base & mask(line.where, pop), lang)
    return [
        Expanded(
            line.key,
            line.text(lang),
            line.where,
            line.indent,
            line.group,
            line.heading,
            line.measure,
            line.of,
        )
    ]


Lines = tuple[tuple[Expanded, ...], tuple[Expanded, ...]]


def expand(definition: Definition, pop: Population, lang: str) -> Lines:
    """(columns, rows) of ``definition`` as concrete lines for ``pop``."""
    base = mask(definition.population, pop)
    columns = tuple(e for line in definition.columns for e in _expand(line, definition, pop, base, lang))
    rows = tuple(e for line in definition.rows for e in _expand(line, definition, pop, base, lang))
    return columns, rows


def _cell(
    row: Expanded, col: Expanded, row_mask: Mask, col_masks: dict[str, Mask], ages: Any
) -> float | None:
    if col.measure == "share":
        of = col_masks[str(col.of)]
        total = int(np.count_nonzero(of))
        return (
            None if row.measure or not total else round(int(np.count_nonzero(of & row_mask)) * 100 / total, 1)
        )
    if row.measure == "average_age":
        chosen = ages[col_masks[col.key] & row_mask]
        chosen = chosen[~np.isnan(chosen)]
        return round(float(chosen.mean()), 1) if chosen.size else None
    return int(np.count_nonzero(col_masks[col.key] & row_mask))


def count(definition: Definition, pop: Population, lines: Lines) -> Table:
    """Every cell of ``lines`` counted over ``pop``."""
    columns, rows = lines
    base = mask(definition.population, pop)
    col_masks = {c.key: base & mask(c.cond, pop) for c in columns}
    ages = pop.numbers.get("age")
    values: list[tuple[float | None, ...]] = []
    for row in rows:
        if row.heading:
            values.append(tuple(None for _ in columns))
            continue
        row_mask = mask(row.cond, pop)
        values.append(tuple(_cell(row, col, row_mask, col_masks, ages) for col in columns))
    return Table(definition, columns, rows, tuple(values), int(np.count_nonzero(base)), base, pop)


def compared(now: Table, before: Table) -> tuple[tuple[float | None, ...], ...]:
    """Per cell, this period as a percentage of the same period last year (None when either has
    no figure or last year's is 0): the forms' column 4 (= 2 × 100 / 3)."""
    out = []
    for a_row, b_row in zip(now.values, before.values, strict=True):
        out.append(
            tuple(
                None if a is None or b is None or b == 0 else round(a * 100 / b, 1)
                for a, b in zip(a_row, b_row, strict=True)
            )
        )
    return tuple(out)


def _pyramid(table: Table, bands: tuple[Band, ...], title: str, lang: str) -> Series:
    pop, sexes = table.pop, table.pop.coded["sex"]
    series = []
    for code in ("nam", "nu"):
        of_sex = table.base & sexes.mask([code])
        counts = tuple(float(np.count_nonzero(of_sex & mask(b.cond, pop))) for b in bands)
        series.append((value_label("sex", code, lang), counts))
    labels = tuple(b.label_en if lang == "en" and b.label_en else b.label for b in bands)
    return Series("pyramid", title, labels, tuple(series))


def charts(table: Table, lang: str) -> list[Series]:
    """The series of each chart the definition names."""
    out = []
    counted = [n for n, c in enumerate(table.columns) if c.measure is None]
    for chart in table.definition.charts:
        title = chart.title_en if lang == "en" and chart.title_en else chart.title
        if chart.kind == "pyramid":
            out.append(_pyramid(table, table.definition.band_sets[str(chart.bands)], title, lang))
            continue
        first = counted[0] if counted else 0
        col = next((n for n, c in enumerate(table.columns) if c.key == chart.column), first)
        picked = [
            n
            for n, r in enumerate(table.rows)
            if not r.heading and not r.measure and chart.rows in (r.key, r.group)
        ]
        categories = tuple(table.rows[n].label for n in picked)
        numbers = tuple(float(table.values[n][col] or 0) for n in picked)
        out.append(Series(chart.kind, title, categories, ((table.columns[col].label, numbers),)))
    return out
