"""The statistics table as shown: a view of :class:`~ui.stats.table_model.ReportModel` under a
:class:`~ui.stats.header.GroupedHeader`, the row labels in the vertical header (bold headings,
at most ``LABELS_WIDTH`` wide, a longer label elided and whole in its tooltip), each column as
wide as its header's longest word and its widest figure need. Enter on a cell emits
``activated`` (it never reaches the window's default button); so does a double-click.

:func:`status_text` is the line above the table: the report's title, form, version, date and how
many were counted (and last year's count when compared).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QWidget

from app.datefmt import partial_date
from app.dossier.rules import plus_years
from app.i18n import t
from app.stats.service import Report
from ui.stats.header import GroupedHeader
from ui.stats.members_dialog import EnterTableView
from ui.stats.table_model import ReportModel, figure_text

LABELS_WIDTH = 420
MIN_WIDTH, MAX_WIDTH = 52, 118  # a column; a longer header wraps


def status_text(report: Report) -> str:
    definition, lang = report.definition, report.lang
    text = t(
        "ui.stats.status",
        title=definition.text(lang),
        form=definition.form,
        version=definition.version,
        date=partial_date(report.on.isoformat()),
        n=figure_text(report.table.population, lang),
    )
    if report.before is not None:
        before = partial_date(plus_years(report.on, -1).isoformat())
        text += t("ui.stats.status_compare", date=before, n=figure_text(report.before.population, lang))
    return text


class FiguresView(EnterTableView):
    def __init__(self, model: ReportModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statsTable")
        self.figures = model
        self.header = GroupedHeader(self)
        self.setHorizontalHeader(self.header)
        self.setModel(model)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setWordWrap(False)
        rows = self.verticalHeader()
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        rows.setMaximumWidth(LABELS_WIDTH)
        rows.setTextElideMode(Qt.TextElideMode.ElideRight)
        rows.setSectionsClickable(False)

    def fit(self) -> None:
        """Size the columns and the labels to what the model now shows; first cell current."""
        model, metrics = self.figures, self.fontMetrics()
        for column in range(model.columnCount()):
            label = model.levels(column)[-1]
            words = max((metrics.horizontalAdvance(w) for w in label.split()), default=0)
            cells = (model.data(model.index(r, column)) for r in range(model.rowCount()))
            figures = max((metrics.horizontalAdvance(text) for text in cells), default=0)
            whole = min(metrics.horizontalAdvance(label) + 14, MAX_WIDTH)
            self.setColumnWidth(column, max(whole, words + 14, figures + 18, MIN_WIDTH))
        self.header.refresh()
        labels = self.verticalHeader()
        bold = QFont(labels.font())
        bold.setBold(True)  # headings are bold: measure as if every label were
        texts = (str(model.headerData(r, Qt.Orientation.Vertical)) for r in range(model.rowCount()))
        widest = max((QFontMetrics(bold).horizontalAdvance(text) for text in texts), default=0)
        labels.setMinimumWidth(min(widest + 16, LABELS_WIDTH))
        if model.rowCount() and model.columnCount():
            self.setCurrentIndex(model.index(0, 0))

    def retranslate(self) -> None:
        self.figures.retranslate()
        self.header.refresh()
