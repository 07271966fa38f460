"""The audit log viewer window: filters, the count of matching entries, the lazy table, and
"Xuất báo cáo PDF có chữ ký" — a signed report of the filtered view, built off the GUI thread,
previewed from memory and saved only where the officer chooses (the report function records the
export in the audit log itself)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.audit.query import AuditFilter
from app.errors import HosoError
from app.i18n import t
from app.vault.session import Vault
from ui import operations
from ui.audit_viewer.filter_bar import FilterBar
from ui.audit_viewer.model import AuditTableModel
from ui.context import UiContext
from ui.pdf_preview import PdfPreviewDialog

COLUMN_WIDTHS = (70, 160, 140, 230, 300)


def report_work(vault: Vault, flt: AuditFilter, cancelled: Callable[[], bool]) -> Callable[[], bytes]:
    """The job for a worker thread (the report module is imported here, on the GUI thread)."""
    try:
        from app.audit.report import audit_report_pdf
    except ImportError:
        raise HosoError("ui.error.feature_missing", feature="app.audit.report") from None
    return lambda: audit_report_pdf(vault, flt, cancelled=cancelled)


class AuditViewer(QWidget):
    def __init__(self, ctx: UiContext, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("auditViewer")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.ctx = ctx
        self.vault: Vault | None = vault
        self.operation: operations.Operation | None = None
        self.preview: PdfPreviewDialog | None = None
        today = ctx.clock.now().astimezone().date()
        self.filters = FilterBar(today, self)
        self.model = AuditTableModel(vault, self.filters.current(), self)
        self.table = QTableView(self)
        self.table.setObjectName("auditTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # never measure every row
        rows.setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for column, width in enumerate(COLUMN_WIDTHS):
            header.resizeSection(column, width)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("auditCountLabel")
        self.export_button = QPushButton(self)
        self.export_button.setObjectName("exportReportButton")
        self.export_button.setShortcut(QKeySequence("Ctrl+E"))
        self.export_button.clicked.connect(self.export_report)
        self.close_button = QPushButton(self)
        self.close_button.setObjectName("auditCloseButton")
        self.close_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Close))
        self.close_button.clicked.connect(self.close)

        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.setTabOrder(self.filters.target, self.table)
        self.setTabOrder(self.table, self.export_button)
        self.setTabOrder(self.export_button, self.close_button)
        self.filters.changed.connect(self.apply_filter)
        ctx.language.changed.connect(self.retranslate)
        self.resize(1200, 640)
        self.retranslate()

    def apply_filter(self) -> None:
        if self.vault is None or not self.vault.is_open:
            return
        self.model.set_filter(self.filters.current())
        self._show_count()

    def _show_count(self) -> None:
        self.count_label.setText(t("ui.audit.count", n=self.model.rowCount()))

    def retranslate(self) -> None:
        self.setWindowTitle(t("ui.audit.title"))
        self.filters.retranslate()
        self.model.retranslate()
        self.export_button.setText(t("ui.audit.export") + "   (Ctrl+E)")
        self.close_button.setText(t("ui.common.close"))
        self._show_count()

    # -- the signed report ----------------------------------------------------------------
    def export_report(self) -> None:
        vault = self.vault
        if vault is None or (self.operation is not None and self.operation.running):
            return
        try:
            work = report_work(vault, self.model.filter, lambda: op.cancelled)
        except HosoError as exc:
            self.ctx.prompter.error(self, t("ui.error.title"), exc.message())
            return
        op = operations.Operation(
            self, t("ui.pdf.building"), work, prompter=self.ctx.prompter, cancellable=True
        )
        op.succeeded.connect(self._show_report)
        self.operation = op.start()

    def _show_report(self, data: Any) -> None:
        self.model.refresh()  # the export itself is a new entry
        self._show_count()
        day = self.ctx.clock.now().astimezone().strftime("%Y%m%d")
        self.preview = PdfPreviewDialog(
            self,
            t("ui.audit.report_title"),
            data,
            self.ctx.prompter,
            save_name=f"bao-cao-kiem-toan-{day}.pdf",
        )
        self.preview.show()

    # -- closing ---------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if self.operation is not None:
            self.operation.cancel()
        if self.preview is not None and isValid(self.preview):
            self.preview.close()
        self.model.release()
        self.vault = None
        super().closeEvent(event)
