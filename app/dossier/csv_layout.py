"""The CSV import layout: one dossier per row, one column per field (docs/import-format.md).

The header row names each column by its field path (``identity.full_name``) or by the field's
Vietnamese label from the registry (``Họ và tên khai sinh``), matched without regard to case or
diacritics; a repeating table (``training``, ``family`` …) and a field that is itself a list or
record (``position.planned_posts``, ``salary.allowances``) take JSON text in its cell. Cells are
converted by the field's kind: dates also as ``dd/mm/yyyy``, decimals also with a decimal comma,
catalog fields by code or label, places as ``xã, huyện, tỉnh`` or JSON; everything else is text,
taken as written (a leading ``=``, ``+``, ``-`` or ``@`` is plain text here). A cell that cannot
be converted is passed on unchanged, for validation to name the problem.

Limits: at most :data:`MAX_ROWS` rows after the header, :data:`MAX_CELL_BYTES` per cell,
:data:`MAX_COLUMNS` columns. Comma, semicolon or tab separated (chosen from the header).
Must not import Qt.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from app.dossier import catalogs, fields, interchange
from app.dossier.fields import Field, Kind
from app.dossier.folding import fold

MAX_ROWS = interchange.MAX_RECORDS
MAX_CELL_BYTES = 8 * 1024
MAX_COLUMNS = 256
_DELIMITERS = (",", ";", "\t")
_INT = re.compile(r"^[+-]?\d{1,15}$")
_DECIMAL = re.compile(r"^[+-]?\d{1,15}(?:[.,]\d{1,10})?$")
_DMY = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_MY = re.compile(r"^(\d{1,2})[/.](\d{4})$")
_DIGITS = re.compile(r"^\d+$")


@dataclass(frozen=True, slots=True)
class CellProblem:
    record: int  # 1-based data row (spreadsheet row = record + 1)
    path: str
    key: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class Table:
    records: list[dict[str, Any] | None]  # None for a blank row (skipped, but counted)
    paths: tuple[str, ...]  # the fields the file's columns supply
    problems: list[CellProblem]


@cache
def _headers() -> dict[str, str]:
    """Folded header text → path: the path itself and the field's Vietnamese and English label."""
    out: dict[str, str] = {}
    for path in fields.paths():
        spec = fields.field_at(path)
        for name in (path, spec.label, spec.label_en):
            out.setdefault(fold(name), path)
    return out


def column_path(header: str) -> str | None:
    return _headers().get(fold(header.strip()))


@cache
def _labels(catalog: str) -> dict[str, str]:
    """Folded label → code for one catalog (labels that fold alike are left out)."""
    seen: dict[str, str | None] = {}
    for entry in catalogs.load(catalog).entries:
        for label in (entry.label, entry.label_en):
            key = fold(label)
            seen[key] = entry.code if seen.get(key, entry.code) == entry.code else None
    return {k: v for k, v in seen.items() if v is not None}


def _choose_delimiter(first_line: str) -> str:
    best, best_score = ",", -1
    for delimiter in _DELIMITERS:
        cells = next(csv.reader([first_line], delimiter=delimiter), [])
        score = sum(1 for c in cells if column_path(c) is not None)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def parse(text: str, file: str) -> Table:
    """The rows of a CSV file as interchange records. Raises ``FileRejected`` for problems of
    the file as a whole (no header, unknown or repeated column, too many rows, bad quoting)."""
    first_line = text[: 64 * 1024].split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_choose_delimiter(first_line), strict=True)
    try:
        header = next(reader, None)
        if header is None or not any(h.strip() for h in header):
            raise interchange.FileRejected("import.csv.no_header", file=file)
        if len(header) > MAX_COLUMNS:
            raise interchange.FileRejected("import.csv.too_many_columns", file=file, max=MAX_COLUMNS)
        paths: list[str | None] = []
        for n, name in enumerate(header):
            if not name.strip():
                paths.append(None)  # allowed only when the whole column is empty (checked per row)
                continue
            path = column_path(name)
            if path is None:
                raise interchange.FileRejected(
                    "import.csv.unknown_column", file=file, column=n + 1, header=interchange.shown_key(name)
                )
            if path in paths:
                raise interchange.FileRejected(
                    "import.csv.duplicate_column", file=file, column=n + 1, path=path
                )
            paths.append(path)
        records: list[dict[str, Any] | None] = []
        problems: list[CellProblem] = []
        for row in reader:
            if len(records) >= MAX_ROWS:
                raise interchange.FileRejected("import.csv.too_many_rows", file=file, max=MAX_ROWS)
            number = len(records) + 1
            if not any(c.strip() for c in row):
                records.append(None)
                continue
            if len(row) > len(paths) and any(c.strip() for c in row[len(paths) :]):
                raise interchange.FileRejected(
                    "import.csv.extra_cells", file=file, row=number + 1, count=len(row), columns=len(paths)
                )
            record: dict[str, Any] = {}
            for n, cell in enumerate(row[: len(paths)]):
                path = paths[n]
                if path is None:
                    if cell.strip():
                        raise interchange.FileRejected("import.csv.no_column_name", file=file, column=n + 1)
                    continue
                if len(cell) * 4 > MAX_CELL_BYTES and len(cell.encode("utf-8", "replace")) > MAX_CELL_BYTES:
                    problems.append(
                        CellProblem(number, path, "import.csv.cell_too_big", {"max": MAX_CELL_BYTES})
                    )
                    continue
                value = _convert(fields.field_at(path), cell, file, number, path, problems)
                if value is not None:
                    _put(record, path, value)
            records.append(record)
    except csv.Error as exc:
        raise interchange.FileRejected(
            "import.csv.syntax", file=file, line=reader.line_num, reason=str(exc)[:80]
        ) from None
    return Table(records, tuple(p for p in paths if p is not None), problems)


def _put(record: dict[str, Any], path: str, value: Any) -> None:
    head, _, rest = path.partition(".")
    if rest:
        record.setdefault(head, {})[rest] = value
    else:
        record[head] = value


def _convert(spec: Field, cell: str, file: str, record: int, path: str, problems: list[CellProblem]) -> Any:
    text = cell.strip()
    if not text:
        return None
    kind = spec.kind
    if kind in (Kind.TEXT, Kind.LONG_TEXT):
        return cell  # as written; validation trims
    if kind == Kind.DATE:
        return _date(text)
    if kind in (Kind.INT, Kind.YEAR):
        return int(text) if _INT.match(text) else text
    if kind == Kind.DECIMAL:
        if not _DECIMAL.match(text):
            return text
        number = float(text.replace(",", "."))
        return int(number) if number.is_integer() and "." not in text and "," not in text else number
    if kind == Kind.CATALOG:
        if spec.catalog is not None and catalogs.load(spec.catalog).get(text) is None:
            return _labels(spec.catalog).get(fold(text), text)
        return text
    if kind == Kind.PERSONAL_ID:
        if (_DIGITS.match(text) and len(text) == 11) or "E+" in text.upper():
            problems.append(CellProblem(record, path, "import.csv.pid_excel"))
            return None
        return text
    if kind == Kind.PLACE and not text.startswith("{"):
        parts = [p.strip() for p in text.split(",")]
        if len(parts) != 3:
            problems.append(CellProblem(record, path, "import.csv.bad_place"))
            return None
        return dict(zip(("commune", "district", "province"), parts, strict=True))
    # a table, a record or a place written as JSON
    try:
        return interchange.loads(text, file)
    except interchange.FileRejected as exc:
        params: dict[str, Any]
        if exc.key == "import.json.too_deep":
            key, params = "import.csv.too_deep", {"max": interchange.MAX_DEPTH}
        else:
            key, params = "import.csv.bad_json", {"reason": str(exc.params.get("reason", "?"))}
        problems.append(CellProblem(record, path, key, params))
        return None


def _date(text: str) -> str:
    """ISO partial dates as they are; ``dd/mm/yyyy`` and ``mm/yyyy`` turned into ISO."""
    if match := _DMY.match(text):
        return f"{match[3]}-{int(match[2]):02d}-{int(match[1]):02d}"
    if match := _MY.match(text):
        return f"{match[2]}-{int(match[1]):02d}"
    return text
