"""Report definitions: versioned data that say what a report counts, read and checked here.

A definition is a JSON object (format ``hoso.report``) with its ``name``, ``version``, the date
it takes ``effective``, its ``title``, ``form`` and ``legal_basis``, the ``population`` it counts
(a condition, see ``predicates``), named ``band_sets`` (age bands or date eras), its ``columns``
and ``rows`` (lines), and the ``charts`` drawn from them. The shipped definitions are the files of
``resources/reports``; the officer may install more into the vault (``service``), so a new report
or a new version of a form needs no code. When several versions of one name exist, a report as
of a date uses the newest version already effective on that date.

A line is ``{"key", "label", "label_en"?, "indent"?, "group"?}`` plus at most one of
``"where"`` (a condition: count those), ``"bands": SET`` (one line per band), ``"each": DIM``
(one line per value found), ``"heading": true`` (a title row without figures), ``"measure":
"average_age"`` (a row: mean age) or ``"measure": "share", "of": COLUMN`` (a column: the row's
percentage of that column's total). ``where`` may go with ``bands`` and ``each`` to narrow them.
Must not import Qt.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from app.stats import dimensions as dims
from app.stats.predicates import DefinitionError, check

FORMAT = "hoso.report"
MAX_BYTES = 256 * 1024
_LINE_KEYS = {
    "key",
    "label",
    "label_en",
    "indent",
    "group",
    "where",
    "bands",
    "each",
    "heading",
    "measure",
    "of",
}
CHART_KINDS = ("bar", "pie", "pyramid")


@dataclass(frozen=True, slots=True)
class Band:
    label: str
    label_en: str
    cond: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Line:
    key: str
    label: str
    label_en: str
    indent: int = 0
    group: str = ""
    where: dict[str, Any] | None = None
    bands: str | None = None
    each: str | None = None
    heading: bool = False
    measure: str | None = None
    of: str | None = None

    def text(self, lang: str) -> str:
        return self.label_en if lang == "en" and self.label_en else self.label


@dataclass(frozen=True, slots=True)
class Chart:
    kind: str
    title: str
    title_en: str
    rows: str | None = None  # a row key (its bands or values when it expands)
    column: str | None = None
    bands: str | None = None  # pyramid: age bands by sex


@dataclass(frozen=True, slots=True)
class Definition:
    name: str
    version: str
    effective: str
    title: str
    title_en: str
    form: str
    legal_basis: str
    unit: str
    population: dict[str, Any] | None
    band_sets: dict[str, tuple[Band, ...]]
    columns: tuple[Line, ...]
    rows: tuple[Line, ...]
    charts: tuple[Chart, ...]
    sha256: str
    origin: str = "shipped"  # or "installed", or a file given on the command line

    def text(self, lang: str) -> str:
        return self.title_en if lang == "en" and self.title_en else self.title


def _dims_of(cond: Any) -> set[str]:
    if not isinstance(cond, dict):
        return set()
    if "dim" in cond:
        return {cond["dim"]}
    parts = cond.get("all") or cond.get("any") or [cond.get("not")]
    return set().union(*(_dims_of(p) for p in parts))


def used(definition: Definition) -> frozenset[str]:
    """Every dimension a definition counts by (what the population must hold for it)."""
    found = _dims_of(definition.population)
    for line in (*definition.columns, *definition.rows):
        found |= _dims_of(line.where)
        if line.each:
            found.add(line.each)
        if line.bands:
            found |= {b.cond["dim"] for b in definition.band_sets[line.bands]}
        if line.measure == "average_age":
            found.add("age")
    for chart in definition.charts:
        if chart.kind == "pyramid":
            found |= {"sex", "age"}
    return frozenset(found)


def _text(data: dict[str, Any], key: str, where: str, *, required: bool = True, limit: int = 400) -> str:
    value = data.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()) or len(value) > limit:
        raise DefinitionError(f"{where}.{key}: a text of 1–{limit} characters is required")
    return value.strip()


def _bands(raw: Any, where: str) -> tuple[Band, ...]:
    if not isinstance(raw, dict) or not isinstance(raw.get("bands"), list) or not raw["bands"]:
        raise DefinitionError(f"{where}: a band set is {{'dim': …, 'bands': [ … ]}}")
    dim = raw.get("dim")
    if dim not in dims.DIMENSIONS or dims.DIMENSIONS[dim].kind not in (dims.NUMBER, dims.DATE):
        raise DefinitionError(f"{where}.dim: bands need a number or date dimension, not {dim!r}")
    out = []
    for n, band in enumerate(raw["bands"]):
        at = f"{where}.bands[{n}]"
        if not isinstance(band, dict):
            raise DefinitionError(f"{at}: a band is an object")
        cond = {"dim": dim, **{k: v for k, v in band.items() if k in ("min", "max", "from", "to")}}
        if len(cond) == 1:
            raise DefinitionError(f"{at}: a band needs min/max (numbers) or from/to (dates)")
        check(cond, at)
        out.append(Band(_text(band, "label", at), _text(band, "label_en", at, required=False), cond))
    return tuple(out)


def _line(raw: Any, where: str, band_sets: dict[str, tuple[Band, ...]], is_row: bool) -> Line:
    if not isinstance(raw, dict):
        raise DefinitionError(f"{where}: a line is an object")
    unknown = set(raw) - _LINE_KEYS
    if unknown:
        raise DefinitionError(f"{where}: unknown keys {', '.join(sorted(unknown))}")
    key = _text(raw, "key", where, limit=60)
    kinds = [k for k in ("bands", "each", "heading", "measure") if raw.get(k)]
    if len(kinds) > 1:
        raise DefinitionError(f"{where}: at most one of bands, each, heading, measure")
    if "where" in raw:
        check(raw["where"], f"{where}.where")
    if raw.get("bands") and raw["bands"] not in band_sets:
        raise DefinitionError(f"{where}.bands: no band set named {raw['bands']!r}")
    each = raw.get("each")
    if each and (each not in dims.DIMENSIONS or dims.DIMENSIONS[each].kind != dims.CODE):
        raise DefinitionError(f"{where}.each: {each!r} is not a dimension with codes")
    measure = raw.get("measure")
    if measure and measure != ("average_age" if is_row else "share"):
        raise DefinitionError(f"{where}.measure: rows take 'average_age', columns 'share'")
    if raw.get("heading") and not is_row:
        raise DefinitionError(f"{where}.heading: only rows can be headings")
    indent = raw.get("indent", 0)
    if not isinstance(indent, int) or not 0 <= indent <= 3:
        raise DefinitionError(f"{where}.indent: 0 to 3")
    return Line(
        key,
        _text(raw, "label", where),
        _text(raw, "label_en", where, required=False),
        indent,
        _text(raw, "group", where, required=False),
        raw.get("where"),
        raw.get("bands"),
        each,
        bool(raw.get("heading")),
        measure,
        raw.get("of"),
    )


def _chart(raw: Any, where: str, definition_rows: set[str], band_sets: dict[str, Any]) -> Chart:
    if not isinstance(raw, dict) or raw.get("kind") not in CHART_KINDS:
        raise DefinitionError(f"{where}.kind: one of {', '.join(CHART_KINDS)}")
    if raw["kind"] == "pyramid":
        if str(raw.get("bands")) not in band_sets:
            raise DefinitionError(f"{where}.bands: a pyramid names an age band set")
    elif raw.get("rows") not in definition_rows:
        raise DefinitionError(f"{where}.rows: no row key or group {raw.get('rows')!r}")
    title = _text(raw, "title", where)
    return Chart(raw["kind"], title, _text(raw, "title_en", where, required=False), raw.get("rows"),
                 raw.get("column"), raw.get("bands"))  # fmt: skip


def parse(text: str | bytes, origin: str = "shipped") -> Definition:
    """A checked definition from its JSON text; :class:`DefinitionError` says what is wrong."""
    raw_bytes = text.encode("utf-8") if isinstance(text, str) else text
    if len(raw_bytes) > MAX_BYTES:
        raise DefinitionError(f"definition: larger than {MAX_BYTES // 1024} KiB")
    try:
        data = json.loads(raw_bytes.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DefinitionError(f"definition: not UTF-8 JSON ({type(exc).__name__})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DefinitionError(f"definition: 'format' must be {FORMAT!r}")
    name = _text(data, "name", "definition", limit=60)
    if not all(c.isalnum() or c in "-_." for c in name):
        raise DefinitionError("definition.name: letters, digits, '-', '_' and '.' only")
    effective = _text(data, "effective", name, limit=10)
    try:
        date.fromisoformat(effective)
    except ValueError:
        raise DefinitionError(f"{name}.effective: a date YYYY-MM-DD") from None
    if data.get("population") is not None:
        check(data["population"], f"{name}.population")
    raw_sets = data.get("band_sets", {})
    if not isinstance(raw_sets, dict):
        raise DefinitionError(f"{name}.band_sets: an object of named band sets")
    band_sets = {k: _bands(v, f"{name}.band_sets.{k}") for k, v in raw_sets.items()}
    lines = {}
    for part, is_row in (("columns", False), ("rows", True)):
        raw_lines = data.get(part)
        if not isinstance(raw_lines, list) or not raw_lines:
            raise DefinitionError(f"{name}.{part}: a non-empty list of lines")
        parsed = tuple(_line(r, f"{name}.{part}[{n}]", band_sets, is_row) for n, r in enumerate(raw_lines))
        keys = [line.key for line in parsed]
        if len(set(keys)) != len(keys):
            raise DefinitionError(f"{name}.{part}: keys must be unique")
        lines[part] = parsed
    column_keys = {c.key for c in lines["columns"]}
    for col in lines["columns"]:
        if col.measure == "share" and col.of not in column_keys:
            raise DefinitionError(f"{name}.columns.{col.key}.of: no column {col.of!r}")
    chartable = {r.key for r in lines["rows"]} | {r.group for r in lines["rows"]}
    raw_charts = data.get("charts", [])
    if not isinstance(raw_charts, list):
        raise DefinitionError(f"{name}.charts: a list")
    charts = tuple(_chart(c, f"{name}.charts[{n}]", chartable, band_sets) for n, c in enumerate(raw_charts))
    return Definition(
        name=name,
        version=_text(data, "version", name, limit=40),
        effective=effective,
        title=_text(data, "title", name),
        title_en=_text(data, "title_en", name, required=False),
        form=_text(data, "form", name, required=False),
        legal_basis=_text(data, "legal_basis", name, required=False, limit=1000),
        unit=_text(data, "unit", name, required=False, limit=40) or "Người",
        population=data.get("population"),
        band_sets=band_sets,
        columns=lines["columns"],
        rows=lines["rows"],
        charts=charts,
        sha256=hashlib.sha256(raw_bytes).hexdigest(),
        origin=origin,
    )


@cache
def shipped() -> tuple[Definition, ...]:
    """Every definition in ``resources/reports``, read and checked once per process."""
    folder = resources.files("resources").joinpath("reports")
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".json")), key=lambda f: f.name)
    return tuple(parse(f.read_bytes()) for f in files)


def pick(candidates: list[Definition], name: str, on: date) -> Definition | None:
    """The newest version of ``name`` effective on ``on`` (the oldest version when none is yet)."""
    same = sorted((d for d in candidates if d.name == name), key=lambda d: (d.effective, d.version))
    if not same:
        return None
    effective = [d for d in same if d.effective <= on.isoformat()]
    return effective[-1] if effective else same[0]
