"""The rows of the editor's history panel: one change a row, its values as the officer reads
them (:func:`value_text`: catalog codes by label, dates dd/mm/yyyy, tables as a row count,
records compactly; :func:`value_detail` for the tooltip), and the table model over them.
Restricted values arrive as the mask unless the changes were loaded revealed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt

from app import i18n
from app.datefmt import local_datetime, partial_date
from app.dossier import catalogs, fields
from app.dossier.document import MASK
from app.dossier.fields import Field, Kind
from app.dossier.importer import describe
from app.dossier.service import CREATED, Change
from app.i18n import t
from ui.column_model import ColumnModel, Index

COLUMNS = ("time", "field", "old", "new", "basis", "source", "actor")
COLUMN_WIDTHS = (128, 150, 150, 150, 160, 110)
SHORT_CHARS = 120  # a cell shows this much of a long value; the tooltip shows it all
TOOLTIP_ROWS = 20  # table rows listed in a tooltip
DATE_FORMAT = "dd/MM/yyyy"


# -- values as the officer reads them ---------------------------------------------------------------
def field_label(path: str) -> str:
    """The form's label for a changed path; "Tạo hồ sơ" for the creation entry."""
    if path == CREATED:
        return t("ui.history.created")
    return describe(path) or path


def _number(value: int | float) -> str:
    vi = i18n.language() == "vi"
    if isinstance(value, int) and abs(value) >= 10_000:
        return f"{value:,}".replace(",", "." if vi else ",")
    return str(value).replace(".", ",") if vi else str(value)


def _render(spec: Field, value: Any) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return ""
    if isinstance(value, str) and value == MASK:
        return MASK
    if spec.kind is Kind.TABLE:
        return t("ui.history.rows", n=len(value) if isinstance(value, list) else 1)
    if isinstance(value, dict) and spec.columns:
        parts = [(c, _render(c, value.get(c.key))) for c in spec.columns]
        if spec.kind is Kind.PLACE:
            return ", ".join(text for _, text in parts if text)
        vi = i18n.language() == "vi"
        return "; ".join(f"{c.label if vi else c.label_en}: {text}" for c, text in parts if text)
    if spec.kind is Kind.CATALOG and spec.catalog and isinstance(value, str):
        try:
            return catalogs.load(spec.catalog).label(value, i18n.language())
        except ValueError:
            return value
    if spec.kind is Kind.DATE and isinstance(value, str):
        return partial_date(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _number(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _spec(path: str) -> Field | None:
    try:
        return fields.field_at(path)
    except KeyError:
        return None


def value_text(path: str, value: Any) -> str:
    """One line for a value of ``path``: "Kinh", "02/03/1975", "3 dòng", "Xã A, Tỉnh B" …"""
    spec = _spec(path)
    text = _render(spec, value) if spec is not None else ("" if value is None else str(value))
    text = " ".join(text.split())
    return text if len(text) <= SHORT_CHARS else text[: SHORT_CHARS - 1] + "…"


def value_detail(path: str, value: Any) -> str:
    """The whole value for a tooltip: a table row by row, a long text in full."""
    spec = _spec(path)
    if spec is None:
        return "" if value is None else str(value)
    if spec.kind is Kind.TABLE and isinstance(value, list):
        row_spec = Field(spec.key, spec.label, spec.label_en, Kind.RECORD, columns=spec.columns)
        lines = [f"{n}. {_render(row_spec, row)}" for n, row in enumerate(value[:TOOLTIP_ROWS], 1)]
        if len(value) > TOOLTIP_ROWS:
            lines.append("…")
        return "\n".join(lines)
    return _render(spec, value)


def source_text(source: str | None) -> str:
    if not source:
        return ""
    if source == "editor":
        return t("ui.history.source.editor")
    if source.startswith("import:"):
        return t("ui.history.source.import", file=source.removeprefix("import:"))
    return source


# -- the table --------------------------------------------------------------------------------------
class HistoryModel(ColumnModel):
    COLUMNS = COLUMNS
    HEADER_KEY = "ui.history.col.{}"

    """The changes shown, newest first; cells are rendered when the view asks for them."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Change] = []

    def set_rows(self, rows: list[Change]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def change_at(self, row: int) -> Change:
        return self._rows[row]

    def row_total(self) -> int:
        return len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        change = self._rows[index.row()]
        column = COLUMNS[index.column()]
        tip = role == Qt.ItemDataRole.ToolTipRole
        if column == "time":
            return local_datetime(change.at, seconds=tip)
        if column == "field":
            return field_label(change.path)
        if column in ("old", "new"):
            if change.path == CREATED:
                return ""
            value = change.old if column == "old" else change.new
            return value_detail(change.path, value) if tip else value_text(change.path, value)
        if column == "basis":
            return change.basis or ""
        if column == "source":
            return source_text(change.source)
        return change.actor

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1))


# -- the panel --------------------------------------------------------------------------------------
