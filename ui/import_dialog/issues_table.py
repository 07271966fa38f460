"""The table of an import's problems: record number, full name, field (the form's label), the
message and its severity, errors first; every column sorts (numbers as numbers, errors before
warnings). Texts are rendered again on a language switch from the issues themselves.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from app.dossier.folding import fold
from app.dossier.importer import Issue, describe
from app.i18n import t

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
INDEX_ROLE = Qt.ItemDataRole.UserRole + 2  # the issue's place in :attr:`IssuesTable.issues`
COLUMNS = ("record", "name", "field", "message", "severity")
WIDTHS = (80, 170, 220, 0, 90)  # the message takes what is left (its tooltip holds it whole)
MESSAGE = COLUMNS.index("message")


class IssuesTable(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importIssuesTable")
        self.source = QStandardItemModel(0, len(COLUMNS), self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.source)
        self.proxy.setSortRole(SORT_ROLE)
        self.setModel(self.proxy)
        self.setSortingEnabled(True)
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # file order at first
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        rows = self.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        for column, width in enumerate(WIDTHS):
            if column == MESSAGE:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            else:
                header.resizeSection(column, width)
        self._issues: list[Issue] = []
        self.retranslate()

    def show_issues(self, issues: Sequence[Issue]) -> None:
        """Show ``issues`` (errors first, then warnings, each in file order)."""
        ranked = sorted(issues, key=lambda i: 0 if i.severity == "error" else 1)  # stable
        self._issues = list(ranked)
        self._fill()

    def clear_issues(self) -> None:
        self._issues = []
        self._fill()

    def issues(self) -> list[Issue]:
        return list(self._issues)

    def _fill(self) -> None:
        self.setSortingEnabled(False)
        self.source.removeRows(0, self.source.rowCount())
        for n, issue in enumerate(self._issues):
            row = _row(issue)
            row[0].setData(n, INDEX_ROLE)
            self.source.appendRow(row)
        self.setSortingEnabled(True)
        column = self.horizontalHeader().sortIndicatorSection()
        if 0 <= column < len(COLUMNS):
            self.proxy.sort(column, self.horizontalHeader().sortIndicatorOrder())

    def current_issue(self) -> Issue | None:
        """The issue of the current row (in whatever order the table is sorted)."""
        index = self.currentIndex()
        if not index.isValid():
            return None
        n = self.proxy.index(index.row(), 0).data(INDEX_ROLE)
        return self._issues[n] if isinstance(n, int) and 0 <= n < len(self._issues) else None

    def retranslate(self) -> None:
        self.source.setHorizontalHeaderLabels([t(f"ui.import.col.{c}") for c in COLUMNS])
        self._fill()


def _item(text: str, key: object, tip: str | None = None) -> QStandardItem:
    item = QStandardItem(text)
    item.setData(key, SORT_ROLE)
    item.setEditable(False)
    if tip:
        item.setToolTip(tip)
    return item


def _row(issue: Issue) -> list[QStandardItem]:
    record = str(issue.record) if issue.record is not None else t("ui.import.whole_file")
    name = issue.full_name or ""
    label = describe(issue.path) if issue.path else ""
    field = label or issue.path
    message = issue.message()
    error = issue.severity == "error"
    severity = t("ui.import.severity.error" if error else "ui.import.severity.warning")
    return [
        _item(record, issue.record or 0),
        _item(name, fold(name)),
        _item(field, fold(field), issue.path or None),
        _item(message, fold(message), message),
        _item(severity, 0 if error else 1),
    ]
