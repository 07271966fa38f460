"""The dossiers behind one cell of a statistics report: full name, birth date, current post and
unit (normal, class N values only), in name order.

The ids come from ``StatsService.members`` (which audits the look, ``stats.drill``); the shown
columns are read in blocks of ``BLOCK`` rows as the view asks for them
(``app.dossier.listing.rows``, like the dossier list), so a cell of 100 000 costs 100 000 ints.
The dialog is marked restricted (it names people): the clipboard guard swallows a copy. Enter or
a double-click on a row emits ``dossierRequested(int)``; Esc or Close closes.

:class:`EnterTableView` is a table view that keeps Enter for itself: it emits ``activated`` on
the current cell and does not pass the key on to the dialog's default button.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.datefmt import partial_date
from app.dossier import listing
from app.dossier.search import Hit
from app.i18n import t
from app.vault.session import Vault
from ui.column_model import ColumnModel, Index
from ui.extract.widgets import button

BLOCK = 200
WIDTHS = (220, 95, 260)
ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1


class EnterTableView(QTableView):
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated.emit(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)


def name_order(vault: Vault, ids: Sequence[int]) -> list[int]:
    """``ids`` in the dossier list's name order (any the list does not hold, last)."""
    wanted = set(ids)
    ordered = [i for i in listing.list_ids(vault) if i in wanted]
    seen = set(ordered)
    return ordered + [i for i in ids if i not in seen]


class MembersModel(ColumnModel):
    COLUMNS = ("full_name", "birth_date", "current_post", "employing_unit")
    HEADER_KEY = "ui.list.col.{}"

    def __init__(self, vault: Vault, ids: Sequence[int], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._vault: Vault | None = vault
        self.ids = list(ids)
        self._blocks: dict[int, list[Hit | None]] = {}

    def hit_at(self, row: int) -> Hit | None:
        block = row // BLOCK
        if block not in self._blocks:
            vault = self._vault
            wanted = self.ids[block * BLOCK : (block + 1) * BLOCK]
            found = listing.rows(vault, wanted) if vault is not None and vault.is_open else {}
            self._blocks[block] = [found.get(i) for i in wanted]
        return self._blocks[block][row % BLOCK]

    def row_total(self) -> int:
        return len(self.ids)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.ids):
            return None
        if role == ID_ROLE:
            return self.ids[index.row()]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        hit = self.hit_at(index.row())
        column = self.COLUMNS[index.column()]
        if hit is None:
            return ""
        if column == "birth_date":
            return partial_date(hit.birth_date) if hit.birth_date else ""
        value = getattr(hit, column)
        return value or ""

    def release(self) -> None:
        self.beginResetModel()
        self._vault = None
        self.ids = []
        self._blocks.clear()
        self.endResetModel()


class MembersDialog(QDialog):
    dossierRequested = Signal(int)

    def __init__(self, vault: Vault, ids: Sequence[int], title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statsMembersDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setProperty("restricted", True)  # names people: never to the clipboard
        self.setWindowTitle(title)
        self.model = MembersModel(vault, name_order(vault, ids), self)
        self.count_label = QLabel(t("ui.stats.members_count", n=len(ids)), self)
        self.count_label.setObjectName("statsMembersCount")
        self.count_label.setWordWrap(True)
        self.table = EnterTableView(self)
        self.table.setObjectName("statsMembersTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate(WIDTHS):
            self.table.setColumnWidth(column, width)
        self.table.activated.connect(self._open)
        self.close_button = button(self, "statsMembersCloseButton", t("ui.stats.close"))
        self.close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.setTabOrder(self.table, self.close_button)
        if self.model.ids:
            self.table.setCurrentIndex(self.model.index(0, 0))
        self.table.setFocus()
        self.resize(860, 520)

    def _open(self, index: Any) -> None:
        if index.isValid():
            self.dossierRequested.emit(int(self.model.data(index, ID_ROLE)))

    def done(self, result: int) -> None:
        self.model.release()
        super().done(result)
