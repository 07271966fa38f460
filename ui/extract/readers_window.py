"""The "Người khai thác và văn bản đồng ý" window: the readers, and the written approvals of the
reader selected, each with its state today (còn hiệu lực, hết hiệu lực, chưa có hiệu lực, đã thu
hồi).

Register a reader (:class:`~ui.extract.reader_dialog.ReaderDialog`), deactivate one (asked
first; a reader is never deleted), record an approval for the selected reader
(:class:`~ui.extract.approval_dialog.ApprovalDialog`) and revoke one (the reason is asked). Every
act is audited by ``app.extract``. Esc closes. Signal: ``changed()`` after any act.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.errors import HosoError
from app.extract.approvals import Approval, Approvals
from app.extract.readers import Reader, ReaderBook
from app.i18n import t
from app.vault.session import Vault
from ui.context import UiContext
from ui.extract import texts
from ui.extract.approval_dialog import ApprovalDialog
from ui.extract.models import ApprovalsModel, ReadersModel
from ui.extract.reader_dialog import ReaderDialog
from ui.extract.widgets import button, current_row, tab_chain, table_view


class ReadersWindow(QWidget):
    changed = Signal()

    def __init__(self, ctx: UiContext, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("readersWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.ctx = ctx
        self.vault: Vault | None = vault
        self.approvals = Approvals(vault)
        self.readers_label = QLabel(self)
        self.show_inactive = QCheckBox(self)
        self.show_inactive.setObjectName("readersShowInactive")
        self.show_inactive.toggled.connect(lambda _on: self.refresh())
        self.readers_model = ReadersModel(self)
        self.readers = table_view(self, "readersTable", self.readers_model, (50, 240, 260, 200))
        self.readers.selectionModel().currentRowChanged.connect(lambda *_: self._show_approvals())
        self.readers_label.setBuddy(self.readers)
        self.add_reader_button = button(self, "readerAddButton")
        self.add_reader_button.clicked.connect(self.add_reader)
        self.deactivate_button = button(self, "readerDeactivateButton")
        self.deactivate_button.clicked.connect(self.deactivate_reader)
        self.approvals_label = QLabel(self)
        self.approvals_model = ApprovalsModel(self.approvals.today, self)
        self.approvals_view = table_view(
            self, "approvalsTable", self.approvals_model, (200, 120, 110, 170, 60, 260)
        )
        self.approvals_view.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self.approvals_label.setBuddy(self.approvals_view)
        self.add_approval_button = button(self, "approvalAddButton")
        self.add_approval_button.clicked.connect(self.add_approval)
        self.revoke_button = button(self, "approvalRevokeButton")
        self.revoke_button.clicked.connect(self.revoke_approval)
        self.close_button = button(self, "readersCloseButton")
        self.close_button.clicked.connect(self.close)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)

        top = QHBoxLayout()
        top.addWidget(self.readers_label, 1)
        top.addWidget(self.show_inactive)
        reader_row = QHBoxLayout()
        reader_row.addWidget(self.add_reader_button)
        reader_row.addWidget(self.deactivate_button)
        reader_row.addStretch(1)
        approval_row = QHBoxLayout()
        approval_row.addWidget(self.add_approval_button)
        approval_row.addWidget(self.revoke_button)
        approval_row.addStretch(1)
        approval_row.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.readers, 2)
        layout.addLayout(reader_row)
        layout.addWidget(self.approvals_label)
        layout.addWidget(self.approvals_view, 3)
        layout.addLayout(approval_row)
        order = [
            self.readers, self.add_reader_button, self.deactivate_button, self.show_inactive,
            self.approvals_view, self.add_approval_button, self.revoke_button, self.close_button,
        ]  # fmt: skip
        tab_chain(self, order)
        ctx.language.changed.connect(self.retranslate)
        self.resize(1200, 680)
        self.retranslate()
        self.refresh()
        self.readers.setFocus()

    # -- what is shown ------------------------------------------------------------------------------
    def refresh(self, select_reader: int | None = None) -> None:
        if self.vault is None or not self.vault.is_open:
            return
        keep = select_reader if select_reader is not None else self._reader_id()
        readers = ReaderBook(self.vault).find(active_only=not self.show_inactive.isChecked())
        self.readers_model.set_rows(readers)
        for n, reader in enumerate(readers):
            if reader.id == keep:
                self.readers.setCurrentIndex(self.readers_model.index(n, 0))
        self._show_approvals()

    def current_reader(self) -> Reader | None:
        return self.readers_model.row_at(current_row(self.readers))

    def current_approval(self) -> Approval | None:
        return self.approvals_model.row_at(current_row(self.approvals_view))

    def _reader_id(self) -> int | None:
        reader = self.current_reader()
        return reader.id if reader is not None else None

    def _show_approvals(self, select: int | None = None) -> None:
        reader = self.current_reader()
        if self.vault is None or not self.vault.is_open:
            return
        found = self.approvals.find(reader.id) if reader is not None else []
        self.approvals_model.names = texts.dossier_names(
            self.vault, (d for a in found for d in a.row.dossiers)
        )
        self.approvals_model.set_rows(found)
        for n, approval in enumerate(found):
            if approval.row.id == select:
                self.approvals_view.setCurrentIndex(self.approvals_model.index(n, 0))
        self._show_reader_label()
        self._enable()

    def _show_reader_label(self) -> None:
        reader = self.current_reader()
        if reader is None:
            self.approvals_label.setText(t("ui.extract.approvals_none"))
        else:
            self.approvals_label.setText(t("ui.extract.approvals_of", reader=reader.full_name))

    def _enable(self) -> None:
        reader = self.current_reader()
        approval = self.current_approval()
        self.deactivate_button.setEnabled(reader is not None and reader.active)
        self.add_approval_button.setEnabled(reader is not None and reader.active)
        self.revoke_button.setEnabled(approval is not None and not approval.row.revoked_at)

    # -- acts ------------------------------------------------------------------------------------
    def add_reader(self) -> ReaderDialog | None:
        if self.vault is None:
            return None
        dialog = ReaderDialog(self.vault, self.ctx.prompter, self)
        dialog.accepted.connect(lambda: self._done(select_reader=dialog.reader_id))
        dialog.open()
        return dialog

    def deactivate_reader(self) -> None:
        reader = self.current_reader()
        if self.vault is None or reader is None or not reader.active:
            return
        text = t("ui.extract.deactivate_confirm", reader=reader.full_name)
        if not self.ctx.prompter.confirm(self, t("ui.extract.deactivate_title"), text):
            return
        book = ReaderBook(self.vault)
        self._act(lambda: book.deactivate(reader.id))

    def add_approval(self) -> ApprovalDialog | None:
        reader = self.current_reader()
        if self.vault is None or reader is None or not reader.active:
            return None
        dialog = ApprovalDialog(self.vault, reader, self.ctx.prompter, self.approvals.today(), self)
        dialog.accepted.connect(lambda: self._done(select_approval=dialog.approval_id))
        dialog.open()
        return dialog

    def revoke_approval(self) -> None:
        approval = self.current_approval()
        if approval is None or approval.row.revoked_at:
            return
        label = t("ui.extract.revoke_reason", decision=approval.row.decision_no)
        reason = self.ctx.prompter.ask_text(self, t("ui.extract.revoke_title"), label)
        if reason is None:
            return
        self._act(lambda: self.approvals.revoke(approval.row.id, reason), select_approval=approval.row.id)

    def _act(self, fn: Callable[[], object], select_approval: int | None = None) -> None:
        try:
            fn()
        except HosoError as exc:
            self.ctx.prompter.error(self, t("ui.error.title"), exc.message())
        self._done(select_approval=select_approval)

    def _done(self, select_reader: int | None = None, select_approval: int | None = None) -> None:
        self.refresh(select_reader)
        if select_approval is not None:
            self._show_approvals(select_approval)
        self.changed.emit()

    # -- the rest --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(t("ui.extract.readers_title"))
        self.readers_label.setText(t("ui.extract.readers_label"))
        self.show_inactive.setText(t("ui.extract.show_inactive"))
        self.add_reader_button.setText(t("ui.extract.reader_add"))
        self.deactivate_button.setText(t("ui.extract.reader_deactivate"))
        self.add_approval_button.setText(t("ui.extract.approval_add"))
        self.revoke_button.setText(t("ui.extract.approval_revoke"))
        self.close_button.setText(t("ui.extract.close"))
        self.readers_model.retranslate()
        self.approvals_model.retranslate()
        self._show_reader_label()

    def closeEvent(self, event: QCloseEvent) -> None:
        for dialog in self.findChildren(QDialog):  # a reader or approval being typed goes too
            dialog.reject()
        self.readers_model.set_rows([])
        self.approvals_model.set_rows([])
        self.vault = None
        super().closeEvent(event)
