"""The part every read-only table model of HoSo shares: named columns whose headers come from
the message catalogs, and a row count the subclass gives (``row_total``).

Subclasses set ``COLUMNS`` (column names) and ``HEADER_KEY`` (a message key with ``{}`` for the
column name, e.g. ``"ui.list.col.{}"``) and implement ``row_total`` and ``data``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.i18n import t

Index = QModelIndex | QPersistentModelIndex


class ColumnModel(QAbstractTableModel):
    COLUMNS: ClassVar[tuple[str, ...]] = ()
    HEADER_KEY: ClassVar[str] = ""

    def row_total(self) -> int:
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.row_total()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return t(self.HEADER_KEY.format(self.COLUMNS[section]))
        return None
