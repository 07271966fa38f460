"""The trace window ("Truy vết bản sao…"): the security inspector drops files on it (or adds them
with "Thêm tệp…") and learns which registered copy each page came from.

The queued files are listed (:class:`~ui.trace.queue.FileQueue`: Ctrl+O adds, Delete removes).
"Truy vết" (Ctrl+Enter, the default button) reads the files and runs
``app.trace.service.TraceService.trace`` off the GUI thread (:func:`ui.operations.run_job`: a
progress step per file, Cancel); a file that cannot be read is named in an error message and
nothing is traced. The service audits every run (``copy.trace``), a cancelled one too; this
window records nothing itself, writes nothing to disk and is marked restricted, so that the
clipboard guard swallows a copy shortcut. Closing it (Esc, Close, a lock) stops a running trace
and waits for it, so the vault is never used by two threads.

Inner widgets: those of the queue, ``traceRunButton``, ``traceSummary``, ``traceTable``,
``traceDetail``, ``traceCloseButton``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.i18n import t
from app.trace.service import TraceReport, TraceService
from app.trace.sources import load
from app.vault.session import Vault
from ui import operations
from ui.context import UiContext
from ui.extract.widgets import button, current_row, tab_chain, table_view
from ui.trace.models import FORGED_COLOR, ResultsModel, detail, ordered, summary
from ui.trace.queue import FileQueue, local_files
from ui.window_job import WindowJob

WIDTHS = (150, 105, 125, 52, 135, 80, 170, 112, 52, 120)  # before any result; then fitted to them
MAX_WIDTH = 260  # a long file name is elided (in full in the detail below)


def trace_work(vault: Vault, paths: list[Path]) -> Callable[[operations.Job], Any]:
    """The work of the window's job: read ``paths`` (a file that cannot be read stops everything
    before any trace) and trace them."""

    def work(job: operations.Job) -> TraceReport:
        given = [load(path) for path in paths]

        def progress(done: int, total: int) -> None:
            job.report(t("ui.trace.progress", done=done, total=total), done, total)

        progress(0, len(given))
        return TraceService(vault).trace(given, progress=progress, cancelled=job.cancelled)

    return work


class TraceWindow(QDialog):
    def __init__(self, ctx: UiContext, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("traceWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setProperty("restricted", True)  # names of readers and cadres: never to the clipboard
        self.setAcceptDrops(True)
        self.ctx = ctx
        self.vault: Vault | None = vault
        self.job = WindowJob(self, ctx.prompter)
        self.report: TraceReport | None = None
        self._traced: list[str] = []
        self._cancelled = False

        self.queue = FileQueue(self)
        self.queue.changed.connect(self._enable)
        self.run_button = button(self, "traceRunButton")
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.start)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.start)
        self.summary = QLabel(self)
        self.summary.setObjectName("traceSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.results_label = QLabel(self)
        self.model = ResultsModel(self)
        self.table = table_view(self, "traceTable", self.model, WIDTHS)
        self.results_label.setBuddy(self.table)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        self.detail = QLabel(self)
        self.detail.setObjectName("traceDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.detail.setMinimumHeight(self.fontMetrics().height() * 3 + 8)
        self.close_button = button(self, "traceCloseButton")
        self.close_button.clicked.connect(self.close)
        self._lay_out()
        q = self.queue
        tab_chain(self, [q.files, q.add_button, q.remove_button, q.clear_button, self.run_button, self.table,
                         self.close_button])  # fmt: skip
        ctx.language.changed.connect(self.retranslate)
        self.resize(1160, 650)
        self.retranslate()
        self._enable()
        self.queue.files.setFocus()

    def _lay_out(self) -> None:
        run = QHBoxLayout()
        run.addWidget(self.run_button)
        run.addWidget(self.summary, 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.queue)
        layout.addLayout(run)
        layout.addWidget(self.results_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(bottom)

    # -- drops -------------------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if local_files(event.mimeData()) and not self.running():
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if local_files(event.mimeData()) and not self.running():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = local_files(event.mimeData())
        if paths and not self.running():
            self.queue.add_paths(paths)
            event.acceptProposedAction()

    # -- tracing -----------------------------------------------------------------------------------
    def running(self) -> bool:
        return self.job.running()

    def start(self) -> None:
        """Read and trace the queued files in the background."""
        paths, vault = self.queue.paths(), self.vault
        if not paths or vault is None or self.running():
            return
        self._traced = [path.name for path in paths]
        self.job.start(
            t("ui.trace.busy", n=len(paths)), trace_work(vault, paths), self._succeeded, self._finished
        )
        self._enable()

    def _succeeded(self, report: Any) -> None:
        self.report, self._cancelled = report, False
        self.model.set_rows(ordered(report, self._traced))
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), MAX_WIDTH))
        self._show_summary()
        self._show_detail()
        self.table.setFocus()

    def _finished(self, cancelled: bool) -> None:
        if cancelled:  # the service audited what it had found; nothing of it is shown
            self.report, self._cancelled = None, True
            self.model.set_rows([])
            self._show_summary()
            self._show_detail()
        self._enable()

    # -- what is shown -----------------------------------------------------------------------------
    def _show_summary(self) -> None:
        report = self.report
        text = summary(report) if report is not None else t("trace.cancelled") if self._cancelled else ""
        self.summary.setText(text)
        forged = report is not None and report.forged
        self.summary.setStyleSheet(f"color: {FORGED_COLOR.name()}; font-weight: bold;" if forged else "")

    def _show_detail(self) -> None:
        self.detail.setText(detail(self.model.row_at(current_row(self.table))))

    def _enable(self) -> None:
        idle = not self.running()
        self.queue.setEnabled(idle)
        self.run_button.setEnabled(idle and bool(self.queue.paths()))

    def retranslate(self) -> None:
        self.setWindowTitle(t("ui.trace.title"))
        self.queue.retranslate()
        self.run_button.setText(t("ui.trace.run"))
        self.results_label.setText(t("ui.trace.results_label"))
        self.close_button.setText(t("ui.trace.close"))
        self.model.retranslate()
        self._show_summary()
        self._show_detail()

    # -- closing -----------------------------------------------------------------------------------
    def done(self, result: int) -> None:
        """Every way of closing (Close, Esc, a lock) stops a running trace and waits for it."""
        self.job.stop()
        self.model.set_rows([])
        self.report = None
        self.vault = None
        super().done(result)
