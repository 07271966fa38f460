"""The figures of a statistics report as a Qt table model.

One table row per report row, its label in the vertical header (indented by its level; heading
rows and the total bold, headings without figures); one table column per report column, or three
when the report is compared with the same period last year (this period, last year, the percentage). The
horizontal header's text is the column's levels joined by line breaks (``"Lãnh đạo HĐND\\nChủ
tịch"``); ``LEVELS_ROLE`` gives them as a tuple for :class:`ui.stats.header.GroupedHeader`.
Counts are whole numbers with the language's thousands separator, shares, averages and changes
one decimal. ``VALUE_ROLE`` gives a cell's raw figure; :meth:`ReportModel.cell_keys` the
(row key, column key) whose dossiers a cell counts, or None for a heading, a share, last year's
figure or a percentage.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QFont

from app.i18n import t
from app.stats.service import Report
from app.stats.tables import Expanded
from ui.column_model import Index

LEVELS_ROLE = int(Qt.ItemDataRole.UserRole) + 1
VALUE_ROLE = int(Qt.ItemDataRole.UserRole) + 2
PARTS = ("now", "before", "change")
INDENT = "\u2003\u2003"  # two em spaces per level
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def figure_text(value: float | None, lang: str) -> str:
    """``1.234`` / ``48,6`` in Vietnamese, ``1,234`` / ``48.6`` in English; "" for no figure."""
    if value is None:
        return ""
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"
    return text.translate(str.maketrans(",.", ".,")) if lang == "vi" else text


def column_group(column: Expanded, report: Report) -> str:
    """The header above ``column``: its group, or for a line expanded into several columns (whose
    group is that line's key) the line's own label."""
    group = column.group
    if group and column.key.startswith(group + "."):
        line = next((x for x in report.definition.columns if x.key == group), None)
        return line.text(report.lang) if line is not None else group
    return group


class ReportModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.report: Report | None = None
        self._columns: list[tuple[int, str]] = []  # (report column, part)

    def set_report(self, report: Report | None) -> None:
        self.beginResetModel()
        self.report = report
        parts = PARTS if report is not None and report.before is not None else PARTS[:1]
        count = len(report.table.columns) if report is not None else 0
        self._columns = [(c, part) for c in range(count) for part in parts]
        self.endResetModel()

    @property
    def compared(self) -> bool:
        return self.report is not None and self.report.before is not None

    # -- what a cell holds -----------------------------------------------------------------------
    def value(self, row: int, column: int) -> float | None:
        report = self.report
        if report is None:
            return None
        c, part = self._columns[column]
        if part == "now":
            return report.table.values[row][c]
        if part == "before" and report.before is not None:
            return report.before.values[row][c]
        return report.change[row][c] if report.change is not None else None

    def cell_keys(self, index: QModelIndex) -> tuple[str, str] | None:
        """(row key, column key) of a count cell of this period; None for any other cell."""
        report = self.report
        if report is None or not index.isValid():
            return None
        c, part = self._columns[index.column()]
        row, column = report.table.rows[index.row()], report.table.columns[c]
        if part != "now" or row.heading or column.measure == "share":
            return None
        if self.value(index.row(), index.column()) is None:
            return None
        return row.key, column.key

    def _shown(self) -> Report:
        if self.report is None:
            raise LookupError("no report is shown")
        return self.report

    def row_line(self, row: int) -> Expanded:
        return self._shown().table.rows[row]

    def column_line(self, column: int) -> Expanded:
        return self._shown().table.columns[self._columns[column][0]]

    def levels(self, column: int) -> tuple[str, ...]:
        """The header texts of ``column``, top to bottom (always as many for every column)."""
        report = self._shown()
        c, part = self._columns[column]
        line = report.table.columns[c]
        levels: tuple[str, ...] = (line.label,)
        if any(x.group for x in report.table.columns):
            levels = (column_group(line, report), line.label)
        if self.compared:
            levels += (t(f"ui.stats.sub.{part}"),)
        return levels

    # -- Qt --------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.report is None else len(self.report.table.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.report is None or not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return figure_text(self.value(row, column), self.report.lang)
        if role == VALUE_ROLE:
            return self.value(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT
        if role == Qt.ItemDataRole.FontRole and self.row_line(row).key == "total":
            return _bold()
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if self.report is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self._columns):
                return None
            if role == LEVELS_ROLE:
                return self.levels(section)
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return "\n".join(x for x in self.levels(section) if x)
            return None
        if not 0 <= section < len(self.report.table.rows):
            return None
        line = self.row_line(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return INDENT * line.indent + line.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return line.label
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return LEFT
        if role == Qt.ItemDataRole.FontRole and (line.heading or line.key == "total"):
            return _bold()
        return None

    def retranslate(self) -> None:
        if self._columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font
