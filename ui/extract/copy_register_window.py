"""The copy register window (sổ quản lý sao, chụp): every copy issued — serial, copy k/n,
reader, dossier, layout, pages, time issued, status — newest first, filtered by approval and by
dossier.

The later life of the selected copy is recorded with one button per event (giao, nộp lại, thu
hồi, tiêu hủy, hỏng), each enabled only when the copy's status allows it
(``app.extract.register.NEXT``). A note is asked for every event; a destruction needs its record
(the destruction minutes), a spoiled copy is confirmed first (it cannot be undone). "In sổ…"
builds the register of the rows shown as a PDF, previewed from memory and saved only when asked
(audited). Esc closes. Inner widgets: ``copyTable``, ``copyApprovalFilter``,
``copyDossierFilter``, ``copyEvent_<event>``, ``copyPrintButton``, ``copyCloseButton``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app import i18n
from app.errors import HosoError
from app.extract import serials
from app.extract.approvals import Approvals
from app.extract.readers import ReaderBook
from app.extract.register import EVENTS, NEXT, CopyEntry, CopyRegister
from app.extract.register_report import copy_register_pdf
from app.i18n import t
from app.vault.session import Vault
from ui import operations
from ui.context import UiContext
from ui.extract import texts
from ui.extract.models import CopiesModel
from ui.extract.printing import CopyPrinter, print_copy, print_register
from ui.extract.widgets import button, current_row, tab_chain, table_view


class CopyRegisterWindow(QWidget):
    def __init__(
        self, ctx: UiContext, vault: Vault, parent: QWidget | None = None, printer: CopyPrinter = print_copy
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("copyRegisterWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.ctx = ctx
        self.vault: Vault | None = vault
        self.register = CopyRegister(vault)
        self.printer = printer
        self.operation: operations.Operation | None = None
        self.approval_label, self.dossier_label = QLabel(self), QLabel(self)
        self.approval_filter = QComboBox(self)
        self.approval_filter.setObjectName("copyApprovalFilter")
        self.dossier_filter = QComboBox(self)
        self.dossier_filter.setObjectName("copyDossierFilter")
        self.approval_label.setBuddy(self.approval_filter)
        self.dossier_label.setBuddy(self.dossier_filter)
        for combo in (self.approval_filter, self.dossier_filter):
            combo.setMinimumContentsLength(24)
            combo.activated.connect(lambda _i: self.refresh())
        self.count_label = QLabel(self)
        self.count_label.setObjectName("copyCount")
        self.model = CopiesModel(self)
        self.table = table_view(self, "copyTable", self.model, (150, 60, 200, 260, 110, 70, 130))
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self.event_buttons: dict[str, QPushButton] = {}
        for event in EVENTS:
            event_button = button(self, f"copyEvent_{event}")
            event_button.clicked.connect(lambda _c=False, e=event: self.mark(e))
            self.event_buttons[event] = event_button
        self.print_button = button(self, "copyPrintButton")
        self.print_button.clicked.connect(self.print_register)
        self.close_button = button(self, "copyCloseButton")
        self.close_button.clicked.connect(self.close)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)

        top = QHBoxLayout()
        for part in (self.approval_label, self.approval_filter, self.dossier_label, self.dossier_filter):
            top.addWidget(part)
        top.addStretch(1)
        top.addWidget(self.count_label)
        events = QHBoxLayout()
        self.events_label = QLabel(self)
        events.addWidget(self.events_label)
        for event_button in self.event_buttons.values():
            events.addWidget(event_button)
        events.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.print_button)
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(events)
        layout.addLayout(bottom)
        order = [
            self.approval_filter,
            self.dossier_filter,
            self.table,
            *self.event_buttons.values(),
            self.print_button,
            self.close_button,
        ]
        tab_chain(self, order)
        ctx.language.changed.connect(self.retranslate)
        self.resize(1300, 640)
        self.retranslate()
        self.refresh()
        self.table.setFocus()

    # -- what is shown ------------------------------------------------------------------------------
    def _fill_filters(self, vault: Vault, everything: list[CopyEntry]) -> None:
        """The approvals and dossiers in the register as filter choices (the chosen ones kept)."""
        approvals = {a.row.id: texts.approval_label(a) for a in Approvals(vault).find()}
        names = self.model.names = texts.dossier_names(vault, (e.row.dossier_id for e in everything))
        by_approval = {(approvals.get(e.row.approval_id, "?"), e.row.approval_id) for e in everything}
        by_dossier = {(texts.dossier_text(e.row.dossier_id, names), e.row.dossier_id) for e in everything}
        for combo, items in (
            (self.approval_filter, sorted(by_approval)),
            (self.dossier_filter, sorted(by_dossier)),
        ):
            keep = combo.currentData()
            combo.clear()
            combo.addItem(t("ui.extract.filter_all"), None)
            for text, key in items:
                combo.addItem(text, key)
            combo.setCurrentIndex(max(combo.findData(keep), 0) if keep is not None else 0)

    def refresh(self, select: str | None = None) -> None:
        vault = self.vault
        if vault is None or not vault.is_open:
            return
        current = self.current()
        keep = select if select is not None else (current.row.serial if current is not None else None)
        self._fill_filters(vault, self.register.find())
        found = self.register.find(self.approval_filter.currentData(), self.dossier_filter.currentData())
        found.sort(key=lambda e: e.row.issued_at, reverse=True)
        self.model.readers = {r.id: r.full_name for r in ReaderBook(vault).find()}
        self.model.set_rows(found)
        for n, entry in enumerate(found):
            if entry.row.serial == keep:
                self.table.setCurrentIndex(self.model.index(n, 0))
        self.count_label.setText(t("ui.extract.copy_count", n=len(found)))
        self._enable()

    def current(self) -> CopyEntry | None:
        return self.model.row_at(current_row(self.table))

    def _enable(self) -> None:
        entry = self.current()
        allowed = NEXT.get(entry.row.status, ()) if entry is not None else ()
        for event, widget in self.event_buttons.items():
            widget.setEnabled(event in allowed)

    # -- events ------------------------------------------------------------------------------------
    def mark(self, event: str) -> None:
        """Record ``event`` on the selected copy, asking its note (a destruction: its record)."""
        entry = self.current()
        if self.vault is None or entry is None or event not in NEXT.get(entry.row.status, ()):
            return
        serial = serials.grouped(entry.row.serial)
        title = t("ui.extract.mark_title", event=texts.event_label(event).replace("&", ""), serial=serial)
        if event == "spoiled" and not self.ctx.prompter.confirm(
            self, title, t("ui.extract.spoiled_confirm", serial=serial)
        ):
            return
        key = "ui.extract.destroy_record" if event == "destroyed" else "ui.extract.event_note"
        note = self.ctx.prompter.ask_text(self, title, t(key, serial=serial))
        if note is None:
            return
        try:
            self.register.mark(entry.row.serial, event, note)
        except HosoError as exc:
            self.ctx.prompter.error(self, t("ui.error.title"), exc.message())
            return
        self.refresh(entry.row.serial)

    # -- the printed register ------------------------------------------------------------------------
    def print_register(self) -> None:
        entries, lang = self.model.rows(), i18n.language()
        print_register(
            self,
            lambda vault: copy_register_pdf(vault, entries, lang),
            "ui.extract.copy_report_title",
            "copies",
            "so-ban-sao",
        )

    # -- the rest --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(t("ui.extract.copy_title"))
        self.approval_label.setText(t("ui.extract.filter_approval"))
        self.dossier_label.setText(t("ui.extract.filter_dossier"))
        self.events_label.setText(t("ui.extract.events_label"))
        for event, widget in self.event_buttons.items():
            widget.setText(texts.event_label(event))
        self.print_button.setText(t("ui.extract.print_register"))
        self.close_button.setText(t("ui.extract.close"))
        self.model.retranslate()
        if self.approval_filter.count():
            self.approval_filter.setItemText(0, t("ui.extract.filter_all"))
            self.dossier_filter.setItemText(0, t("ui.extract.filter_all"))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.operation is not None:
            self.operation.cancel()
        for dialog in self.findChildren(QDialog):  # the register's preview
            dialog.close()
        self.model.set_rows([])
        self.vault = None
        super().closeEvent(event)
