"""The reading register window (sổ theo dõi khai thác hồ sơ tại chỗ): every on-site reading
session — reader, approval, dossiers, sections, time in and out, remarks — newest first.

"Mở lượt đọc…" opens a session (:class:`~ui.extract.reading_dialog.ReadingDialog`), "Kết thúc
lượt đọc…" closes the selected open one (the officer's remarks are asked and added), "In sổ…"
builds the register as a PDF off the GUI thread and previews it from memory (saved only when
asked, audited). Esc closes. Signal: ``changed()`` after a session is opened or closed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app import i18n
from app.errors import HosoError
from app.extract.approvals import Approvals
from app.extract.readers import ReaderBook
from app.extract.reading import Reading, ReadingRegister
from app.extract.register_report import reading_register_pdf
from app.i18n import t
from app.vault.session import Vault
from ui import operations
from ui.context import UiContext
from ui.extract import texts
from ui.extract.models import ReadingsModel
from ui.extract.printing import CopyPrinter, print_copy, print_register
from ui.extract.reading_dialog import ReadingDialog
from ui.extract.widgets import button, current_row, tab_chain, table_view


class ReadingRegisterWindow(QWidget):
    changed = Signal()

    def __init__(
        self, ctx: UiContext, vault: Vault, parent: QWidget | None = None, printer: CopyPrinter = print_copy
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("readingRegisterWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.ctx = ctx
        self.vault: Vault | None = vault
        self.printer = printer
        self.operation: operations.Operation | None = None
        self.open_only = QCheckBox(self)
        self.open_only.setObjectName("readingOpenOnly")
        self.open_only.toggled.connect(lambda _on: self.refresh())
        self.count_label = QLabel(self)
        self.count_label.setObjectName("readingCount")
        self.model = ReadingsModel(self)
        self.table = table_view(self, "readingTable", self.model, (170, 190, 220, 220, 120, 120))
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self.open_button = button(self, "readingOpenButton")
        self.open_button.clicked.connect(self.open_session)
        self.close_session_button = button(self, "readingCloseButton")
        self.close_session_button.clicked.connect(self.close_session)
        self.print_button = button(self, "readingPrintButton")
        self.print_button.clicked.connect(self.print_register)
        self.close_button = button(self, "readingWindowCloseButton")
        self.close_button.clicked.connect(self.close)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        top = QHBoxLayout()
        top.addWidget(self.count_label, 1)
        top.addWidget(self.open_only)
        bottom = QHBoxLayout()
        for widget in (self.open_button, self.close_session_button, self.print_button):
            bottom.addWidget(widget)
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        order = [
            self.table,
            self.open_button,
            self.close_session_button,
            self.print_button,
            self.open_only,
            self.close_button,
        ]
        tab_chain(self, order)
        ctx.language.changed.connect(self.retranslate)
        self.resize(1240, 620)
        self.retranslate()
        self.refresh()
        self.table.setFocus()

    def refresh(self, select: int | None = None) -> None:
        vault = self.vault
        if vault is None or not vault.is_open:
            return
        current = self.current()
        keep = select if select is not None else (current.row.id if current is not None else None)
        found = sorted(
            ReadingRegister(vault).find(open_only=self.open_only.isChecked()), key=lambda r: -r.row.id
        )
        self.model.readers = {r.id: r.full_name for r in ReaderBook(vault).find()}
        self.model.approvals = {a.row.id: texts.approval_label(a) for a in Approvals(vault).find()}
        self.model.names = texts.dossier_names(vault, (d for r in found for d in r.row.dossiers))
        self.model.set_rows(found)
        for n, reading in enumerate(found):
            if reading.row.id == keep:
                self.table.setCurrentIndex(self.model.index(n, 0))
        self.count_label.setText(t("ui.extract.reading_count", n=len(found)))
        self._enable()

    def current(self) -> Reading | None:
        return self.model.row_at(current_row(self.table))

    def _enable(self) -> None:
        reading = self.current()
        self.close_session_button.setEnabled(reading is not None and reading.is_open)

    # -- acts --------------------------------------------------------------------------------------
    def open_session(self) -> ReadingDialog | None:
        if self.vault is None:
            return None
        dialog = ReadingDialog(self.vault, self.ctx.prompter, self)
        dialog.accepted.connect(lambda: self._changed(dialog.session_id))
        dialog.open()
        return dialog

    def close_session(self) -> None:
        reading = self.current()
        if self.vault is None or reading is None or not reading.is_open:
            return
        reader = self.model.cell(reading, "reader")
        added = self.ctx.prompter.ask_text(
            self, t("ui.extract.reading_close_title"), t("ui.extract.reading_close_remarks", reader=reader)
        )
        if added is None:
            return
        remarks = "\n".join(part for part in (reading.row.remarks, added.strip()) if part)
        try:
            ReadingRegister(self.vault).close(reading.row.id, remarks)
        except HosoError as exc:
            self.ctx.prompter.error(self, t("ui.error.title"), exc.message())
        self._changed(reading.row.id)

    def _changed(self, select: int | None) -> None:
        self.refresh(select)
        self.changed.emit()

    def print_register(self) -> None:
        readings, lang = self.model.rows(), i18n.language()
        print_register(
            self,
            lambda vault: reading_register_pdf(vault, readings, lang),
            "ui.extract.reading_report_title",
            "reading",
            "so-khai-thac",
        )

    # -- the rest --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(t("ui.extract.reading_title"))
        self.open_only.setText(t("ui.extract.reading_open_only"))
        self.open_button.setText(t("ui.extract.reading_open_button"))
        self.close_session_button.setText(t("ui.extract.reading_close_button"))
        self.print_button.setText(t("ui.extract.print_register"))
        self.close_button.setText(t("ui.extract.close"))
        self.model.retranslate()
        self.count_label.setText(t("ui.extract.reading_count", n=self.model.rowCount()))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.operation is not None:
            self.operation.cancel()
        for dialog in self.findChildren(QDialog):  # the register's preview, a session being opened
            dialog.close()
        self.model.set_rows([])
        self.vault = None
        super().closeEvent(event)
