"""The statistics window ("Báo cáo thống kê"): pick a report (or a cross-tabulation of two
dimensions), the date to count to and whether to compare with the same period last year; "Lập
báo cáo" (Ctrl+Enter) counts it off the GUI thread (``StatsService.run`` through
:func:`ui.operations.run_job`: progress and Cancel); the figures show in a table
(:class:`~ui.stats.figures_view.FiguresView`) and the report's charts in a second tab
(:class:`~ui.stats.charts.ChartsPane`; Ctrl+1 / Ctrl+2).

Enter or a double-click on a count cell lists the dossiers behind it
(:class:`~ui.stats.members_dialog.MembersDialog`, audited by the service as ``stats.drill``);
Enter there emits ``dossierRequested(int)``, which the opener connects to the main window's
editor. "Xuất PDF" (Ctrl+E) and "Xuất CSV" (Ctrl+Shift+E) save the report
(:mod:`ui.stats.exporting`, audited ``stats.export``). The window is marked restricted, so that
the clipboard guard swallows a copy. Closing it (Esc, Close, a lock) stops a running count and
waits for it, so the vault is never used by two threads.

Inner widgets: those of :class:`~ui.stats.picker.ReportPicker`, ``statsRunButton``,
``statsStatus``, ``statsTabs``, ``statsTable``, ``statsCharts``, ``statsMembersButton``,
``statsPdfButton``, ``statsCsvButton``, ``statsCloseButton``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.i18n import t
from app.stats.definitions import Definition
from app.stats.service import Report, StatsService
from app.vault.session import Vault
from ui import operations
from ui.context import UiContext
from ui.extract.widgets import button, tab_chain
from ui.stats.charts import ChartsPane
from ui.stats.exporting import ReportExporter
from ui.stats.figures_view import FiguresView, status_text
from ui.stats.members_dialog import MembersDialog
from ui.stats.picker import ReportPicker
from ui.stats.table_model import ReportModel
from ui.window_job import WindowJob


def stats_work(
    vault: Vault,
    report: str | Definition,
    as_of: str | None,
    compare: bool,
    lang: str,
) -> Callable[[operations.Job], Any]:
    """The work of the window's job: count the report."""

    def work(job: operations.Job) -> Report:
        job.report(t("ui.stats.progress"), 0, 1)
        result = StatsService(vault).run(
            report, as_of=as_of, compare=compare, lang=lang, cancelled=job.cancelled
        )
        if job.cancelled():
            raise InterruptedError("statistics cancelled")
        job.report(t("ui.stats.progress"), 1, 1)
        return result

    return work


class StatsWindow(QDialog):
    dossierRequested = Signal(int)

    def __init__(self, ctx: UiContext, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("statsWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setProperty("restricted", True)  # a drill-down names people: never to the clipboard
        self.ctx = ctx
        self.vault: Vault | None = vault
        self.job = WindowJob(self, ctx.prompter)
        self._cancelled = False
        self._message = ""
        service = StatsService(vault)
        self.picker = ReportPicker(service.catalogue(), service.today(), self)
        self.run_button = button(self, "statsRunButton")
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.start)
        self.status = QLabel(self)
        self.status.setObjectName("statsStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.model = ReportModel(self)
        self.table = FiguresView(self.model, self)
        self.table.activated.connect(self.open_members)
        self.charts = ChartsPane(self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("statsTabs")
        self.tabs.addTab(self.table, "")
        self.tabs.addTab(self.charts, "")
        self.members_button = button(self, "statsMembersButton")
        self.members_button.clicked.connect(lambda: self.open_members(self.table.currentIndex()))
        self.pdf_button = button(self, "statsPdfButton")
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.csv_button = button(self, "statsCsvButton")
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        self.close_button = button(self, "statsCloseButton")
        self.close_button.clicked.connect(self.close)
        self.exporter = ReportExporter(self, ctx.prompter)
        self.members: MembersDialog | None = None
        shortcuts: list[tuple[str, Callable[[], object]]] = [
            ("Ctrl+Return", self.start),
            ("Ctrl+Enter", self.start),
            ("Ctrl+E", lambda: self.export("pdf")),
            ("Ctrl+Shift+E", lambda: self.export("csv")),
            ("Ctrl+1", lambda: self.show_tab(0)),
            ("Ctrl+2", lambda: self.show_tab(1)),
        ]
        for keys, slot in shortcuts:
            QShortcut(QKeySequence(keys), self, slot)
        self._lay_out()
        buttons = [self.members_button, self.pdf_button, self.csv_button, self.close_button]
        tab_chain(self, [*self.picker.focus_order(), self.run_button, self.tabs, self.table, *buttons])
        ctx.language.changed.connect(self.retranslate)
        self.resize(1200, 720)
        self.retranslate()
        self._enable()
        self.picker.report.setFocus()

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.picker, 1)
        top.addWidget(self.run_button, 0, Qt.AlignmentFlag.AlignBottom)
        bottom = QHBoxLayout()
        bottom.addWidget(self.members_button)
        bottom.addStretch(1)
        for widget in (self.pdf_button, self.csv_button, self.close_button):
            bottom.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)

    def show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)
        (self.table if index == 0 else self.tabs.tabBar()).setFocus()

    # -- counting --------------------------------------------------------------------------------
    def running(self) -> bool:
        return self.job.running()

    def start(self) -> None:
        """Count the chosen report in the background."""
        vault = self.vault
        if vault is None or self.running() or self.exporter.running():
            return
        report, as_of, compare = self.picker.request()
        work = stats_work(vault, report, as_of, compare, self.ctx.language.current())
        self.job.start(
            t("ui.stats.busy", title=self.picker.report.currentText()), work, self._succeeded, self._finished
        )
        self._enable()

    def _succeeded(self, report: Any) -> None:
        self._cancelled, self._message = False, ""
        self._show(report)
        self.table.setFocus()

    def _finished(self, cancelled: bool) -> None:
        if cancelled:  # nothing of a cancelled count is shown
            self._cancelled, self._message = True, ""
            self._show(None)
        self._enable()

    def _show(self, report: Report | None) -> None:
        self.model.set_report(report)
        self.table.fit()
        series = report.charts() if report is not None else []
        empty = t("ui.stats.no_charts") if report is not None else ""
        self.charts.show_series(series, report.lang if report is not None else "vi", empty)
        self._show_status()

    def _show_status(self) -> None:
        report = self.model.report
        if report is None:
            self.status.setText(t("stats.cancelled") if self._cancelled else t("ui.stats.empty"))
        else:
            self.status.setText(status_text(report) + (f"\n{self._message}" if self._message else ""))

    def _enable(self) -> None:
        idle = not self.running()
        shown = self.model.report is not None
        self.picker.setEnabled(idle)
        self.run_button.setEnabled(idle)
        for widget in (self.members_button, self.pdf_button, self.csv_button):
            widget.setEnabled(idle and shown)

    # -- the dossiers behind a cell ----------------------------------------------------------------
    def open_members(self, index: QModelIndex) -> None:
        """The dossiers counted in the cell ``index`` (nothing for a heading, a share, a percentage,
        last year's figure or an empty cell)."""
        keys = self.model.cell_keys(index)
        report, vault = self.model.report, self.vault
        if (
            keys is None
            or report is None
            or vault is None
            or self.running()
            or not self.model.value(index.row(), index.column())
        ):
            return
        ids = StatsService(vault).members(report, *keys)
        row, column = self.model.row_line(index.row()), self.model.column_line(index.column())
        named = " — ".join(x for x in (column.group, column.label) if x)
        title = t("ui.stats.members_title", row=row.label, column=named)
        if self.members is not None and isValid(self.members):
            self.members.close()
        self.members = MembersDialog(vault, ids, title, self)
        self.members.dossierRequested.connect(self.dossierRequested)
        self.members.show()
        self.members.activateWindow()

    # -- saving ----------------------------------------------------------------------------------
    def export(self, kind: str) -> None:
        report, vault = self.model.report, self.vault
        if report is None or vault is None or self.running():
            return
        self.exporter.export(vault, report, kind, self._saved)

    def _saved(self, path: Path) -> None:
        if not self.job.closing:
            self._message = t("ui.stats.saved", path=path)
            self._show_status()

    # -- the rest --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(t("ui.stats.title"))
        self.picker.retranslate()
        self.run_button.setText(t("ui.stats.run"))
        self.tabs.setTabText(0, t("ui.stats.tab_table"))
        self.tabs.setTabText(1, t("ui.stats.tab_charts"))
        self.members_button.setText(t("ui.stats.members"))
        self.pdf_button.setText(t("ui.stats.export_pdf"))
        self.csv_button.setText(t("ui.stats.export_csv"))
        self.close_button.setText(t("ui.stats.close"))
        self.table.retranslate()
        self._show_status()

    def done(self, result: int) -> None:
        """Every way of closing (Close, Esc, a lock) stops a running count and waits for it."""
        self.job.stop()
        self.exporter.cancel()
        if self.members is not None and isValid(self.members):
            self.members.close()
        self.model.set_report(None)
        self.charts.show_series([], "vi", "")
        self.vault = None
        super().done(result)
