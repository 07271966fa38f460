"""The editor's HISTORY panel: every change of one dossier (who, when, which field, old and new
value, the basis — the leadership decision behind a correction — and where it came from), a filter
by field, and the control to view the dossier as it stood on a past date (spec/dossier.md §10).

The panel does no vault work: the editor asks ``DossierService.history`` and hands the changes to
:meth:`HistoryPanel.show_changes`. Restricted values arrive as the mask unless the editor loaded
them revealed (an audited act); the panel never asks for clear values. Values are shown as the
officer reads them (:func:`value_text`): catalog codes by label, dates dd/mm/yyyy, tables as a row
count, records compactly; the tooltip holds the whole value.

Signals: ``asOfRequested(str)`` with an ISO day "YYYY-MM-DD" when the officer asks for a past
state, ``currentRequested()`` to go back to the current dossier.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.clock import Clock, SystemClock
from app.datefmt import partial_date
from app.dossier import fields
from app.dossier.importer import describe
from app.dossier.service import CREATED, Change
from app.i18n import t
from ui.editor.history_model import (
    COLUMN_WIDTHS,
    COLUMNS,
    DATE_FORMAT,
    HistoryModel,
    field_label,
    value_detail,
    value_text,
)

__all__ = ["COLUMNS", "HistoryPanel", "value_detail", "value_text"]


class HistoryPanel(QWidget):
    asOfRequested = Signal(str)
    currentRequested = Signal()

    def __init__(self, parent: QWidget | None = None, *, clock: Clock | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyPanel")
        self._clock = clock or SystemClock()
        self._changes: list[Change] = []
        self._as_of: str | None = None

        self.as_of_label = QLabel(self)
        self.as_of_date = QDateEdit(self)
        self.as_of_date.setObjectName("asOfDate")
        self.as_of_date.setDisplayFormat(DATE_FORMAT)
        self.as_of_date.setCalendarPopup(True)
        today = self._clock.now().astimezone().date()
        self.as_of_date.setDate(QDate(today.year, today.month, today.day))
        self.as_of_label.setBuddy(self.as_of_date)
        self.as_of_button = QPushButton(self)
        self.as_of_button.setObjectName("asOfButton")
        self.as_of_button.clicked.connect(self._ask_as_of)
        self.current_button = QPushButton(self)
        self.current_button.setObjectName("asOfCurrentButton")
        self.current_button.clicked.connect(self.currentRequested)
        self.current_button.setEnabled(False)
        self.banner = QLabel(self)
        self.banner.setObjectName("asOfBanner")
        self.banner.setStyleSheet("background: #fff3cd; color: #664d03; font-weight: bold; padding: 4px;")
        self.banner.hide()

        self.filter_label = QLabel(self)
        self.filter = QComboBox(self)
        self.filter.setObjectName("historyFieldFilter")
        self.filter.setMinimumContentsLength(24)
        self.filter_label.setBuddy(self.filter)
        self.filter.currentIndexChanged.connect(self._apply_filter)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("historyCount")

        self.model = HistoryModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("historyTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for column, width in enumerate(COLUMN_WIDTHS):
            header.resizeSection(column, width)

        as_of_row = QHBoxLayout()
        for widget in (self.as_of_label, self.as_of_date, self.as_of_button, self.current_button):
            as_of_row.addWidget(widget)
        as_of_row.addStretch(1)
        filter_row = QHBoxLayout()
        filter_row.addWidget(self.filter_label)
        filter_row.addWidget(self.filter, 1)
        filter_row.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(as_of_row)
        layout.addWidget(self.banner)
        layout.addLayout(filter_row)
        layout.addWidget(self.table, 1)
        self.setTabOrder(self.as_of_date, self.as_of_button)
        self.setTabOrder(self.as_of_button, self.current_button)
        self.setTabOrder(self.current_button, self.filter)
        self.setTabOrder(self.filter, self.table)
        self._limit_date()
        self.retranslate()

    # -- the changes --------------------------------------------------------------------------------
    def show_changes(self, changes: list[Change]) -> None:
        """Show a dossier's changes (as ``DossierService.history`` returns them, oldest first)."""
        self._changes = sorted(changes, key=lambda c: c.at, reverse=True)  # stable: a save keeps order
        self._limit_date()
        self._fill_filter(self.current_path())

    def changes(self) -> list[Change]:
        return list(self._changes)

    def current_path(self) -> str:
        """The field the list is narrowed to; "" for every field."""
        return str(self.filter.currentData() or "")

    def set_field_filter(self, path: str) -> None:
        """Narrow the list to one field ("" for all) when it has changes."""
        index = self.filter.findData(path)
        self.filter.setCurrentIndex(max(0, index))

    def _fill_filter(self, keep: str) -> None:
        order = {p: n for n, p in enumerate(fields.paths())}
        paths = sorted({c.path for c in self._changes if c.path != CREATED}, key=lambda p: order.get(p, -1))
        labels = [field_label(p) for p in paths]
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.addItem(t("ui.history.all_fields"), "")
        for path, label in zip(paths, labels, strict=True):
            if labels.count(label) > 1:
                label = f"{label} ({describe(path.split('.', 1)[0])})"
            self.filter.addItem(label, path)
        self.filter.setCurrentIndex(max(0, self.filter.findData(keep)))
        self.filter.blockSignals(False)
        self._apply_filter()

    def _apply_filter(self) -> None:
        path = self.current_path()
        shown = [c for c in self._changes if not path or c.path == path]
        self.model.set_rows(shown)
        self.count_label.setText(t("ui.history.count", n=len(shown)))

    # -- as of a date ---------------------------------------------------------------------------
    def _today(self) -> date:
        return self._clock.now().astimezone().date()

    def _limit_date(self) -> None:
        today = self._today()
        self.as_of_date.setMaximumDate(QDate(today.year, today.month, today.day))

    def _ask_as_of(self) -> None:
        day = self.as_of_date.date()
        self.asOfRequested.emit(f"{day.year():04d}-{day.month():02d}-{day.day():02d}")

    def set_as_of(self, text: str | None) -> None:
        """Say that the dossier shown is its state on ``text`` (ISO day), or the current one (None)."""
        self._as_of = text
        self.current_button.setEnabled(text is not None)
        if text is not None:
            day = QDate.fromString(text[:10], "yyyy-MM-dd")
            if day.isValid():
                self.as_of_date.setDate(day)
        self.banner.setVisible(text is not None)
        self._show_banner()

    def as_of(self) -> str | None:
        return self._as_of

    def _show_banner(self) -> None:
        if self._as_of is not None:
            self.banner.setText(t("ui.history.as_of_banner", date=partial_date(self._as_of[:10])))

    # -- the rest -------------------------------------------------------------------------------
    def clear(self) -> None:
        """Forget the changes shown (another dossier, closed, or the vault locked). The as-of state
        is the editor's to set: it stays until :meth:`set_as_of` changes it."""
        self._changes = []
        self._fill_filter("")

    def retranslate(self) -> None:
        self.as_of_label.setText(t("ui.history.as_of_label"))
        self.as_of_button.setText(t("ui.history.as_of_button"))
        self.current_button.setText(t("ui.history.as_of_current"))
        self.filter_label.setText(t("ui.history.filter_label"))
        self._show_banner()
        self._fill_filter(self.current_path())
        self.model.retranslate()
