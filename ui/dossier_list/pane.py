"""The dossier list pane of the main window: a search box (instant, diacritics-insensitive, any
word order), the count of matches, the filter panel (hidden until asked for), and the lazy,
sortable table of every match.

Typing or changing a filter re-lists after a ``DEBOUNCE_MS`` pause; the listing runs on the GUI
thread (ids only, tens of milliseconds at 100 000 dossiers: see docs/benchmarks.md). The current
dossier survives a re-listing when it still matches. Keyboard: Down or Enter in the search box
goes to the table, Escape clears the search; Enter or a double-click on a row emits
``dossierActivated(id)``. A filter or text the search service refuses shows its message in the
pane (``searchError``) and lists nothing. Shows normal (class N) columns only; never audited
(opening a dossier is).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app import i18n
from app.i18n import t
from app.vault.session import Vault
from ui.dossier_list.filter_panel import FilterPanel
from ui.dossier_list.model import DossierListModel

DEBOUNCE_MS = 150
COLUMN_WIDTHS = (200, 85, 220)  # the unit takes the rest
_TO_TABLE = (Qt.Key.Key_Down, Qt.Key.Key_PageDown, Qt.Key.Key_Return, Qt.Key.Key_Enter)
_PLAIN = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)


def number(n: int) -> str:
    """``100000`` → ``100.000`` in Vietnamese, ``100,000`` in English."""
    text = f"{n:,}"
    return text.replace(",", ".") if i18n.language() == "vi" else text


class DossierListPane(QWidget):
    dossierActivated = Signal(int)
    currentDossierChanged = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dossierListPane")
        self._current: int | None = None
        self._keep: int | None = None
        self._searched = False  # the listing under way is a new search: show its top
        self.search_label = QLabel(self)
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("searchEdit")
        self.search_edit.setClearButtonEnabled(True)
        self.search_label.setBuddy(self.search_edit)
        self.filter_button = QToolButton(self)
        self.filter_button.setObjectName("filterToggle")
        self.filter_button.setCheckable(True)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("searchCount")
        self.error_label = QLabel(self)
        self.error_label.setObjectName("searchError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.hide()
        self.filters = FilterPanel(self)
        self.filter_area = QScrollArea(self)  # so that the filters never force a tall window
        self.filter_area.setObjectName("filterArea")
        self.filter_area.setWidget(self.filters)
        self.filter_area.setWidgetResizable(True)
        self.filter_area.setFrameShape(QFrame.Shape.NoFrame)
        self.filter_area.hide()
        self.model = DossierListModel(self)
        self.table = self._make_table()

        top = QHBoxLayout()
        top.addWidget(self.search_label)
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.filter_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.count_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.filter_area)
        layout.addWidget(self.table, 1)
        self.setTabOrder(self.search_edit, self.filter_button)
        self.setTabOrder(self.filter_button, self.filters.first_control)
        self.setTabOrder(self.filters.clear_button, self.table)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.apply_search)
        self.search_edit.textChanged.connect(self.timer.start)
        self.search_edit.installEventFilter(self)
        self.filters.filtersChanged.connect(self._filters_changed)
        self.filter_button.toggled.connect(self._show_filters)
        self.model.modelAboutToBeReset.connect(self._remember_current)
        self.model.listed.connect(self._listed)
        self.table.activated.connect(self._activated)
        selection = self.table.selectionModel()
        selection.currentRowChanged.connect(self._current_row_changed)
        self.retranslate()

    def _make_table(self) -> QTableView:
        table = QTableView(self)
        table.setObjectName("dossierTable")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setTabKeyNavigation(False)
        rows = table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # never measure every row
        rows.setDefaultSectionSize(table.fontMetrics().height() + 8)
        header = table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSortIndicatorClearable(True)  # a third click goes back to relevance
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        for column, width in enumerate(COLUMN_WIDTHS):
            header.resizeSection(column, width)
        table.setSortingEnabled(True)
        return table

    # -- the vault -------------------------------------------------------------------------------
    def set_vault(self, vault: Vault) -> None:
        """List ``vault``'s dossiers with the current search and filters."""
        self.timer.stop()
        self.model.clear()
        self.model.set_query(self.search_edit.text(), self.filters.filters())  # no vault: nothing read
        self.model.set_vault(vault)

    def clear(self) -> None:
        """Drop the vault, every id and row, the search and the filters (at lock)."""
        self.timer.stop()
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)
        self.filters.blockSignals(True)
        self.filters.clear()
        self.filters.blockSignals(False)
        self._keep = None
        self.model.clear()
        self._update_filter_button()

    def refresh(self, keep_id: int | None = None) -> None:
        """List again (after a save or an import) and select ``keep_id`` (default: the current
        dossier) — or nothing when the search or filters leave it out."""
        self.timer.stop()
        self.model.set_query(self.search_edit.text(), self.filters.filters(), recount=True)
        if keep_id is not None and not self.select_id(keep_id):
            self.table.selectionModel().clear()
            self._set_current(None)

    # -- searching -------------------------------------------------------------------------------
    def apply_search(self) -> None:
        """List the matches of the search text and filters now (the debounce timer's slot)."""
        self.timer.stop()
        if self.model.vault is None:
            return
        self._searched = True
        try:
            self.model.set_query(self.search_edit.text(), self.filters.filters())
        finally:
            self._searched = False

    def _filters_changed(self, _filters: dict[str, str]) -> None:
        self._update_filter_button()
        self.timer.start()

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def toggle_filters(self) -> None:
        self.filter_button.toggle()

    def _show_filters(self, shown: bool) -> None:
        self.filter_area.setVisible(shown)
        if shown:
            self.filters.first_control.setFocus(Qt.FocusReason.ShortcutFocusReason)
        elif self.filters.isAncestorOf(self.focusWidget()):
            self.search_edit.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.search_edit
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
        ):
            plain = event.modifiers() in _PLAIN
            if event.key() in _TO_TABLE and plain:
                self._go_to_table()
                return True
            if event.key() == Qt.Key.Key_Escape and plain and self.search_edit.text():
                self.search_edit.clear()
                return True
        return super().eventFilter(watched, event)

    def _go_to_table(self) -> None:
        if self.timer.isActive():
            self.apply_search()
        if self.model.rowCount() == 0:
            return
        self.select_row(0)  # the best match, whatever was current before
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- the current dossier -----------------------------------------------------------------------
    def current_id(self) -> int | None:
        return self._current

    def select_id(self, dossier_id: int) -> bool:
        """Make ``dossier_id`` the current row (scrolled into view); False when it is not listed."""
        row = self.model.row_of(dossier_id)
        if row is None:
            return False
        self.select_row(row)
        return True

    def select_row(self, row: int, scroll: bool = True) -> None:
        index = self.model.index(row, 0)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().setCurrentIndex(index, flags)
        if scroll:
            self.table.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    def _current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._set_current(self.model.id_at(current.row()) if current.isValid() else None)

    def _set_current(self, dossier_id: int | None) -> None:
        if dossier_id != self._current:
            self._current = dossier_id
            self.currentDossierChanged.emit(dossier_id)

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.dossierActivated.emit(self.model.id_at(index.row()))

    def _remember_current(self) -> None:
        self._keep = self._current

    def _listed(self) -> None:
        """After a listing: the current dossier kept when still listed; a new search shows its
        top, another order or a refresh shows the kept dossier."""
        keep, self._keep = self._keep, None
        row = self.model.row_of(keep) if keep is not None else None
        if row is not None:
            self.select_row(row, scroll=False)
        else:
            self._set_current(None)
        if row is None or self._searched:
            self.table.scrollToTop()
        else:
            self.table.scrollTo(self.table.currentIndex(), QAbstractItemView.ScrollHint.PositionAtCenter)
        self._show_count()

    # -- texts -------------------------------------------------------------------------------------
    def _show_count(self) -> None:
        error = self.model.error
        self.error_label.setVisible(error is not None)
        self.error_label.setText(error.message() if error is not None else "")
        found, total = self.model.rowCount(), self.model.total_all
        if self.model.vault is None or error is not None:
            text = ""
        elif total == 0:
            text = t("ui.list.count_empty_vault")
        elif not self.model.text.strip() and not self.model.filters:
            text = t("ui.list.count_all", n=number(found))
        elif found == 0:
            text = t("ui.list.no_match")
        else:
            text = t("ui.list.count_some", n=number(found), total=number(total))
        self.count_label.setText(text)
        self.count_label.setVisible(bool(text))

    def _update_filter_button(self) -> None:
        active = self.filters.active_count()
        self.filter_button.setText(t("ui.list.filters_on", n=active) if active else t("ui.list.filters"))

    def retranslate(self) -> None:
        self.search_label.setText(t("ui.list.search_label"))
        self.search_edit.setPlaceholderText(t("ui.list.search_hint"))
        self.filter_button.setToolTip(t("ui.list.filters_tip"))
        self._update_filter_button()
        self.filters.retranslate()
        self.model.retranslate()
        self._show_count()
