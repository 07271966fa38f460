"""The create-vault wizard itself: the pages in order, creating the vault off the GUI thread when
the passphrase page is committed, the audit-key slip, and forgetting the secrets on close.

The secrets (recovery code, audit key K(0)) live only in this window's labels until it closes;
they never reach the clipboard, a log, a file or the settings. Closing the wizard after the
vault exists but before both secrets are confirmed asks first: they are never shown again.
Signal: ``vaultCreated(object)`` with the new vault's folder, when the wizard closes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget, QWizard
from shiboken6 import isValid

from app.errors import HosoError
from app.i18n import t
from app.vault.create import Created, create_vault
from ui import operations
from ui.context import UiContext
from ui.create_wizard.folder_page import FolderPage
from ui.create_wizard.passphrase_page import PassphrasePage
from ui.create_wizard.secrets_pages import AuditKeyPage, RecoveryPage
from ui.pdf_preview import PdfPreviewDialog

PAGE_FOLDER, PAGE_PASSPHRASE, PAGE_RECOVERY, PAGE_AUDIT_KEY = range(4)

BUTTON_KEYS = {
    QWizard.WizardButton.BackButton: "ui.wizard.back",
    QWizard.WizardButton.NextButton: "ui.wizard.next",
    QWizard.WizardButton.FinishButton: "ui.wizard.finish",
    QWizard.WizardButton.CancelButton: "ui.common.cancel",
}


def audit_key_slip_work(vault_id: str, audit_key: str, created_at: str) -> Callable[[], bytes]:
    """The job for a worker thread (the slip module is imported here, on the GUI thread)."""
    try:
        from app.audit.slip import audit_key_pdf
    except ImportError:
        raise HosoError("ui.error.feature_missing", feature="app.audit.slip") from None
    return lambda: audit_key_pdf(vault_id, audit_key, created_at)


class CreateWizard(QWizard):
    vaultCreated = Signal(object)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("createWizard")
        self.ctx = ctx
        self.created: Created | None = None
        self.created_at = ""
        self.operation: operations.Operation | None = None
        self.preview: PdfPreviewDialog | None = None
        self.folder_page = FolderPage(ctx)
        self.passphrase_page = PassphrasePage(ctx, self._commit)
        self.recovery_page = RecoveryPage()
        self.audit_key_page = AuditKeyPage(self.print_audit_key)
        self.setPage(PAGE_FOLDER, self.folder_page)
        self.setPage(PAGE_PASSPHRASE, self.passphrase_page)
        self.setPage(PAGE_RECOVERY, self.recovery_page)
        self.setPage(PAGE_AUDIT_KEY, self.audit_key_page)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage)
        self.resize(780, 540)
        ctx.language.changed.connect(self.retranslate)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(t("ui.create.title"))
        for button, key in BUTTON_KEYS.items():
            self.setButtonText(button, t(key))
        for page in (self.folder_page, self.passphrase_page, self.recovery_page, self.audit_key_page):
            page.retranslate()

    # -- creating ------------------------------------------------------------------------
    def _commit(self, passphrase: str, keyfile: bytes | None) -> bool:
        if self.created is not None:
            return True
        if self.operation is not None and self.operation.running:
            return False
        path, clock, extra = self.folder_page.path(), self.ctx.clock, dict(self.ctx.create_kwargs)

        def work() -> Created:
            return create_vault(path, passphrase, keyfile=keyfile, clock=clock, **extra)

        self.passphrase_page.set_creating(True)
        self.operation = operations.run(
            self, t("ui.create.busy"), work, self._created, on_error=self._failed, prompter=self.ctx.prompter
        )
        return False

    def _created(self, created: Any) -> None:
        self.created = created
        self.created_at = created.created_at
        self.passphrase_page.set_creating(False)
        self.recovery_page.show_code(created.recovery_code)
        self.audit_key_page.show_key(created.audit_key)
        self.next()
        self.passphrase_page.forget()

    def _failed(self, exc: BaseException) -> None:
        self.passphrase_page.set_creating(False)
        self.passphrase_page.show_error(operations.error_text(exc))

    # -- the audit-key slip ----------------------------------------------------------------
    def print_audit_key(self) -> None:
        created = self.created
        if created is None:
            return
        try:
            work = audit_key_slip_work(created.vault_id, created.audit_key, self.created_at)
        except HosoError as exc:
            self.ctx.prompter.error(self, t("ui.error.title"), exc.message())
            return
        operations.run(self, t("ui.pdf.building"), work, self._show_slip, prompter=self.ctx.prompter)

    def _show_slip(self, data: Any) -> None:
        self.preview = PdfPreviewDialog(self, t("ui.create.audit_key.slip_title"), data, self.ctx.prompter)
        self.preview.show()

    # -- closing -------------------------------------------------------------------------
    def reject(self) -> None:
        if self.operation is not None and self.operation.running:
            return
        if self.created is not None and not self.ctx.prompter.confirm(
            self, t("ui.create.title"), t("ui.create.close_early")
        ):
            return
        super().reject()

    def done(self, result: int) -> None:
        path = self.created.path if self.created is not None else None
        self.created = None
        for page in (self.passphrase_page, self.recovery_page, self.audit_key_page):
            page.forget()
        if self.preview is not None and isValid(self.preview):
            self.preview.close()
            self.preview = None
        super().done(result)
        if path is not None:
            self.vaultCreated.emit(path)
