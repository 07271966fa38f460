"""The rows of a repeating table as a Qt model: one row per row dict, one column per column of the
table's spec (headers are the labels in the interface language).

Cells hold stored values (the edit role) and show them as the officer reads them (the display
role). A cell is marked (background and tooltip) when the page reported a problem there, when it
is wrong on its own (an impossible date), or when a required column of a filled row is empty.
Page problems name rows as validation counts them: ``[2]`` is the second *non-empty* row.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.dossier import fields
from app.dossier.fields import Field
from app.i18n import t
from ui.editor.widgets.cells import NESTED_KINDS, NUMBER_KINDS, cell_problem, column_label, display, is_blank

PROBLEM_BRUSH = QBrush(QColor("#f8d7da"))
Index = QModelIndex | QPersistentModelIndex


@dataclass
class Row:
    values: dict[str, Any] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)  # column key ("" for the row) → message

    def blank(self) -> bool:
        return all(is_blank(v) for v in self.values.values())


class RowsModel(QAbstractTableModel):
    def __init__(self, spec: Field, parent: Any = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.columns = spec.columns
        self.rows: list[Row] = []
        self.read_only = False

    # -- Qt model --------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], self.columns[index.column()]
        value = row.values.get(column.key)
        if role == Qt.ItemDataRole.DisplayRole:
            return display(column, value)
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == Qt.ItemDataRole.BackgroundRole:
            return PROBLEM_BRUSH if self.problem_at(index.row(), index.column()) else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.problem_at(index.row(), index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind in NUMBER_KINDS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or self.read_only:
            return False
        row, column = self.rows[index.row()], self.columns[index.column()]
        if row.values.get(column.key) == value:
            return False
        if is_blank(value):
            row.values.pop(column.key, None)
        else:
            row.values[column.key] = value
        row.problems.pop(column.key, None)  # the page's verdict was about the old value
        first, last = self.index(index.row(), 0), self.index(index.row(), len(self.columns) - 1)
        self.dataChanged.emit(first, last)  # a required column elsewhere in the row may change
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self.read_only and self.columns[index.column()].kind not in NESTED_KINDS:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            column = self.columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return column_label(column) + (" *" if column.required else "")
            if role == Qt.ItemDataRole.ToolTipRole and column.required:
                return t("ui.widgets.table.required_column")
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    # -- rows ------------------------------------------------------------------------------
    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = [Row(copy.deepcopy(r)) for r in rows if isinstance(r, dict)][: fields.MAX_TABLE_ROWS]
        self.endResetModel()

    def values(self) -> list[dict[str, Any]]:
        """The non-empty rows, each without its empty cells."""
        out = []
        for row in self.rows:
            kept = {k: copy.deepcopy(v) for k, v in row.values.items() if not is_blank(v)}
            if kept:
                out.append(kept)
        return out

    def insert_row(self, at: int) -> int:
        at = max(0, min(at, len(self.rows)))
        self.beginInsertRows(QModelIndex(), at, at)
        self.rows.insert(at, Row())
        self.endInsertRows()
        return at

    def remove_rows(self, rows: list[int]) -> None:
        for at in sorted(set(rows), reverse=True):
            if 0 <= at < len(self.rows):
                self.beginRemoveRows(QModelIndex(), at, at)
                del self.rows[at]
                self.endRemoveRows()

    def move_row(self, at: int, delta: int) -> int:
        """Move row ``at`` one place up (-1) or down (+1); its new position."""
        to = at + delta
        if not (0 <= at < len(self.rows) and 0 <= to < len(self.rows)) or delta not in (-1, 1):
            return at
        self.beginMoveRows(QModelIndex(), at, at, QModelIndex(), to + 1 if delta > 0 else to)
        self.rows.insert(to, self.rows.pop(at))
        self.endMoveRows()
        return to

    # -- problems --------------------------------------------------------------------------
    def row_numbered(self, number: int) -> int | None:
        """The model row of the ``number``-th non-empty row (1-based, as validation counts)."""
        count = 0
        for at, row in enumerate(self.rows):
            if not row.blank():
                count += 1
                if count == number:
                    return at
        return None

    def set_page_problems(self, problems: dict[int, dict[str, str]]) -> None:
        """Problems by model row, then by column key ("" for the whole row)."""
        for at, row in enumerate(self.rows):
            row.problems = dict(problems.get(at, {}))
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.columns) - 1))

    def problem_at(self, at: int, column_at: int) -> str | None:
        row, column = self.rows[at], self.columns[column_at]
        messages = [row.problems.get(column.key), row.problems.get(""), self.local_problem(row, column)]
        found = [m for m in messages if m]
        return "\n".join(dict.fromkeys(found)) if found else None

    def local_problem(self, row: Row, column: Field) -> str | None:
        value = row.values.get(column.key)
        if column.required and is_blank(value) and not row.blank():
            return t("ui.widgets.table.required", column=column_label(column))
        return cell_problem(column, value)

    def all_problems(self) -> list[tuple[int, str | None, str]]:
        """(model row, column key or None for the row, message) for every marked cell."""
        out: list[tuple[int, str | None, str]] = []
        for at, row in enumerate(self.rows):
            if row.problems.get(""):
                out.append((at, None, row.problems[""]))
            for column in self.columns:
                for message in (row.problems.get(column.key), self.local_problem(row, column)):
                    if message:
                        out.append((at, column.key, message))
        return list(dict.fromkeys(out))
