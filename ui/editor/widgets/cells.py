"""One table cell's value seen by the officer: how it is shown (labels for codes, dd/mm/yyyy for
dates, the decimal comma, the first line of a long text) and what is wrong with it while typing.
Shared by the table model and its delegates; knows no widgets.
"""

from __future__ import annotations

from typing import Any

from app import datefmt, i18n
from app.dossier import catalogs
from app.dossier.fields import Field, Kind
from app.i18n import t
from ui.editor.widgets.completion import code_text
from ui.editor.widgets.dates import date_problem
from ui.editor.widgets.numeric import format_number, number_problem

NUMBER_KINDS = (Kind.INT, Kind.DECIMAL, Kind.YEAR)
NESTED_KINDS = (Kind.TABLE, Kind.RECORD, Kind.PLACE)


def is_blank(value: Any) -> bool:
    if value is None or value == [] or value == {}:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, dict):
        return all(is_blank(v) for v in value.values())
    return False


def column_label(column: Field, lang: str | None = None) -> str:
    return column.label if (lang or i18n.language()) == "vi" else column.label_en


def display(column: Field, value: Any) -> str:
    """The text a cell shows for the stored ``value``."""
    if value is None:
        return ""
    kind = column.kind
    if kind == Kind.CATALOG and column.catalog is not None:
        return code_text(catalogs.load(column.catalog), str(value))
    if kind == Kind.DATE and isinstance(value, str):
        return datefmt.partial_date(value)
    if kind in NUMBER_KINDS:
        return format_number(value)
    if kind == Kind.LONG_TEXT and isinstance(value, str):
        lines = value.strip().splitlines() or [""]
        return lines[0] + (" …" if len(lines) > 1 else "")
    if kind == Kind.PLACE and isinstance(value, dict):
        return ", ".join(str(value[k]) for k in ("commune", "district", "province") if value.get(k))
    if kind in NESTED_KINDS:
        return t("ui.widgets.table.nested")
    return str(value)


def cell_problem(column: Field, value: Any) -> str | None:
    """What is wrong with a cell's stored ``value`` seen on its own (None when nothing)."""
    if is_blank(value):
        return None
    kind = column.kind
    if kind == Kind.DATE:
        return date_problem(value)
    if kind in NUMBER_KINDS:
        return number_problem(value, kind)
    if kind == Kind.PERSONAL_ID and (not isinstance(value, str) or len(value) != 12 or not value.isdigit()):
        return t("ui.widgets.personal_id.incomplete")
    if kind == Kind.CATALOG and column.catalog is not None and value not in catalogs.load(column.catalog):
        return t("ui.widgets.catalog.unknown_tip")
    return None
