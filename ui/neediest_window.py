"""The "hồ sơ cần bổ sung nhất" window: the dossiers furthest from "đúng, đủ, sạch, sống", lowest
score first, with what each lacks — like ``hoso completeness`` on the command line.

Ranking reads every dossier's stored normal values (nothing restricted is decrypted, no audit entry
per dossier), so it runs off the GUI thread as a cooperative job (``ui.operations.run_job``) with a
progress bar and Cancel. It starts when the window is first shown; F5 or "Tính lại" ranks again.
A smaller limit is cut from the last ranking, a larger one ranks again.

Signals: ``dossierRequested(int)`` with a dossier id (Enter or double-click on its row);
``refreshed(int)`` with the number of rows once a ranking is shown.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.dossier.completeness import Needy, neediest_named
from app.dossier.importer import describe
from app.dossier.service import DossierService
from app.i18n import t
from app.vault.session import Vault
from ui import operations
from ui.context import UiContext

COLUMNS = ("id", "name", "score", "missing", "years", "stale")
COLUMN_WIDTHS = (70, 260, 70, 110, 150)
DEFAULT_LIMIT, MAX_LIMIT = 50, 1000
ID_ROLE = Qt.ItemDataRole.UserRole


class NeediestWindow(QWidget):
    dossierRequested = Signal(int)
    refreshed = Signal(int)

    def __init__(self, ctx: UiContext, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("neediestWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.ctx = ctx
        self.vault: Vault | None = vault
        self.operation: operations.Operation | None = None
        self._results: list[Needy] = []
        self._ranked_limit = 0  # the limit of the ranking held in _results
        self._started = False

        self.limit_label = QLabel(self)
        self.limit = QSpinBox(self)
        self.limit.setObjectName("neediestLimit")
        self.limit.setRange(1, MAX_LIMIT)
        self.limit.setValue(DEFAULT_LIMIT)
        self.limit.editingFinished.connect(self._limit_changed)
        self.limit_label.setBuddy(self.limit)
        self.refresh_button = QPushButton(self)
        self.refresh_button.setObjectName("neediestRefresh")
        self.refresh_button.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.refresh_button.clicked.connect(self.refresh)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("neediestCount")
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("neediestTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate(COLUMN_WIDTHS):
            header.resizeSection(column, width)
        self.table.activated.connect(lambda index: self._open_row(index.row()))
        self.close_button = QPushButton(self)
        self.close_button.setObjectName("neediestCloseButton")
        self.close_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Close))
        self.close_button.clicked.connect(self.close)

        top = QHBoxLayout()
        top.addWidget(self.limit_label)
        top.addWidget(self.limit)
        top.addWidget(self.refresh_button)
        top.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.setTabOrder(self.limit, self.refresh_button)
        self.setTabOrder(self.refresh_button, self.table)
        self.setTabOrder(self.table, self.close_button)
        ctx.language.changed.connect(self.retranslate)
        self.resize(900, 560)
        self.retranslate()

    # -- ranking -------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._started:
            self._started = True
            QTimer.singleShot(0, self.refresh)

    def refresh(self) -> None:
        """Rank the dossiers again (in the background)."""
        vault = self.vault
        if vault is None or not vault.is_open or (self.operation is not None and self.operation.running):
            return
        service = DossierService(vault)
        limit = self.limit.value()
        today = self.ctx.clock.now().astimezone().date()

        def work(job: operations.Job) -> tuple[int, list[Needy]]:
            def progress(done: int, total: int) -> None:
                job.report(t("ui.neediest.progress", done=done, total=total), done, total)

            return limit, neediest_named(service, limit, today, progress=progress, cancelled=job.cancelled)

        self.operation = operations.run_job(
            self, t("ui.neediest.ranking"), work, self._ranked, prompter=self.ctx.prompter
        )

    def _ranked(self, result: Any) -> None:
        self._ranked_limit, self._results = result
        self._fill()

    def _limit_changed(self) -> None:
        limit = self.limit.value()
        if limit <= self._ranked_limit:
            self._fill()
        elif self._started:
            self.refresh()

    def results(self) -> list[Needy]:
        """The rows shown, neediest first."""
        return self._results[: self.limit.value()]

    def _fill(self) -> None:
        shown = self.results()
        self.table.setRowCount(len(shown))
        for row, needy in enumerate(shown):
            c = needy.completeness
            missing = "\n".join(describe(p) or p for p, _ in c.missing)
            years = ", ".join(str(y) for y in c.yearly_missing)
            cells = (
                (str(needy.id), ""),
                (needy.full_name, ""),
                (str(c.score), ""),
                (str(len(c.missing)), missing),
                (t("ui.neediest.years", n=len(c.yearly_missing)) if c.yearly_missing else "", years),
                (t("ui.neediest.yes") if c.stale else t("ui.neediest.no"), ""),
            )
            for column, (text, tip) in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, needy.id)
                if tip:
                    item.setToolTip(tip)
                if COLUMNS[column] in ("id", "score", "missing"):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        if shown and self.table.currentRow() < 0:
            self.table.setCurrentCell(0, 1)
        self.count_label.setText(t("ui.neediest.count", n=len(shown)))
        self.refreshed.emit(len(shown))

    def _open_row(self, row: int) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            self.dossierRequested.emit(int(item.data(ID_ROLE)))

    # -- the rest --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(t("ui.neediest.title"))
        self.limit_label.setText(t("ui.neediest.limit"))
        self.refresh_button.setText(t("ui.neediest.refresh") + "   (F5)")
        self.close_button.setText(t("ui.common.close"))
        self.table.setHorizontalHeaderLabels([t(f"ui.neediest.col.{c}") for c in COLUMNS])
        if self._ranked_limit:
            self._fill()
        else:
            self.count_label.setText("")

    def closeEvent(self, event: QCloseEvent) -> None:
        op = self.operation
        if op is not None and op.running:
            op.cancel()  # the job stops at its next check; its busy dialog outlives this window
            for busy in self.findChildren(operations.BusyDialog):
                busy.setParent(self.parentWidget(), busy.windowFlags())
                busy.show()
        self.vault = None
        super().closeEvent(event)
