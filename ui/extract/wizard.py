"""The print wizard ("In bản trích…"): approval → dossier → sections → layout → copies, then
"Cấp bản sao".

It starts on the approvals for printed copies (those valid today first, and among them those
covering the dossier open in the editor), with that dossier chosen on the next page when the
approval covers it. "Cấp bản sao" runs ``ExtractService.issue`` off the GUI thread
(:func:`ui.operations.run_job`: a progress step per copy, Cancel); a refusal — the approval
expired, revoked, not covering the dossier or the sections, the copies allowed used up — is
shown with its exact message, the wizard stays and nothing is issued. Once the copies are
registered the wizard emits ``issued(object)`` (an :class:`Issued`) and
closes. Closing it while copies are being built (a lock closes it) stops the work and waits for
it, so the vault is never used by two threads.

:class:`IssueOutcome` keeps what the work produced, because ``run_job`` drops the result of a
cancelled job while the copies may have been registered just before the Cancel reached it: such
copies are shown all the same (``Issued.late``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget, QWizard

from app.extract.approvals import Approvals
from app.extract.service import ExtractService, IssuedCopy, Request
from app.i18n import t
from app.vault.session import Vault
from ui import operations
from ui.context import UiContext
from ui.extract import texts
from ui.extract.wizard_pages import ApprovalPage, Choice, CopiesPage, DossierPage, LayoutPage, SectionsPage


@dataclass
class IssueOutcome:
    """The copies one run registered (None until the work returned them) and whether it ended."""

    copies: list[IssuedCopy] | None = None
    ended: threading.Event = field(default_factory=threading.Event)


@dataclass(frozen=True)
class Issued:
    """What the wizard hands on: the copies (PDFs in memory, already registered) and their names."""

    request: Request
    copies: list[IssuedCopy]
    dossier: str  # "Nguyễn Văn An (#12)"
    approval: str  # "125-QĐ/TU ngày 17/05/2026"
    reader: str
    late: bool = False  # registered although the officer had pressed Cancel


def issue_work(
    vault: Vault, request: Request, outcome: IssueOutcome
) -> Callable[[operations.Job], list[IssuedCopy]]:
    """The callable ``run_job`` runs: build, register and hand back the copies of ``request``."""
    service = ExtractService(vault)

    def work(job: operations.Job) -> list[IssuedCopy]:
        try:

            def progress(done: int, total: int) -> None:
                job.report(t("ui.extract.building", done=done, total=total), done, total)

            progress(0, request.copies)
            copies = service.issue(request, progress=progress, cancelled=job.cancelled)
            outcome.copies = copies
            return copies
        finally:
            outcome.ended.set()

    return work


class PrintWizard(QWizard):
    issued = Signal(object)  # Issued

    def __init__(
        self, ctx: UiContext, vault: Vault, preselect: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("printWizard")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.setWindowTitle(t("ui.extract.wizard.title"))
        self.ctx = ctx
        self.vault: Vault | None = vault
        self.choice = Choice(vault, preselect)
        self.operation: operations.Operation | None = None
        self._outcome: IssueOutcome | None = None
        self._closing = False
        self.approval_page = ApprovalPage(self.choice, Approvals(vault))
        self.dossier_page = DossierPage(self.choice)
        self.sections_page = SectionsPage(self.choice)
        self.layout_page = LayoutPage(self.choice)
        self.copies_page = CopiesPage(self.choice)
        for page in (
            self.approval_page,
            self.dossier_page,
            self.sections_page,
            self.layout_page,
            self.copies_page,
        ):
            self.addPage(page)
        names = {
            QWizard.WizardButton.BackButton: ("wizardBackButton", "ui.extract.wizard.back"),
            QWizard.WizardButton.NextButton: ("wizardNextButton", "ui.extract.wizard.next"),
            QWizard.WizardButton.FinishButton: ("issueButton", "ui.extract.wizard.issue"),
            QWizard.WizardButton.CancelButton: ("wizardCancelButton", "ui.common.cancel"),
        }
        for which, (name, key) in names.items():
            self.button(which).setObjectName(name)
            self.setButtonText(which, t(key))
        self.resize(1000, 600)

    def request(self) -> Request | None:
        c = self.choice
        if c.approval is None or c.dossier_id is None:
            return None
        return Request(c.approval.row.id, c.dossier_id, self.copies_page.spin.value(), c.layout, c.sections)

    def running(self) -> bool:
        return self.operation is not None and self.operation.running

    # -- issuing --------------------------------------------------------------------------------
    def accept(self) -> None:
        """ "Cấp bản sao": build and register the copies in the background."""
        request, vault = self.request(), self.vault
        if request is None or vault is None or self.running():
            return
        outcome = self._outcome = IssueOutcome()
        self.operation = operations.run_job(
            self,
            t("ui.extract.issuing", n=request.copies),
            issue_work(vault, request, outcome),
            lambda copies: self._issued(request, copies, late=False),
            prompter=self.ctx.prompter,
            on_error=self._failed,
        )
        self.operation.finished.connect(lambda: self._ended(request))
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)

    def _issued(self, request: Request, copies: Any, *, late: bool) -> None:
        if self._closing:
            return
        c = self.choice
        if c.approval is None:
            return
        self.issued.emit(Issued(
            request, list(copies), c.dossier_text(), texts.approval_label(c.approval),
            c.readers.get(c.approval.row.reader_id, ""), late,
        ))  # fmt: skip
        self._closing = True
        super().accept()

    def _failed(self, exc: BaseException) -> None:
        if self._closing:
            return
        self.ctx.prompter.error(self, t("ui.extract.refused_title"), operations.error_text(exc))
        self.copies_page.initializePage()  # the copies left may have changed

    def _ended(self, request: Request) -> None:
        """After the work, whatever came of it: copies registered despite a Cancel are shown."""
        operation, outcome = self.operation, self._outcome
        if operation is not None and operation.cancelled and outcome is not None and outcome.copies:
            self._issued(request, outcome.copies, late=True)
            return
        if not self._closing:
            self.button(QWizard.WizardButton.FinishButton).setEnabled(True)

    # -- closing -------------------------------------------------------------------------------
    def done(self, result: int) -> None:
        """Every way of closing (Cancel, Esc, a lock) stops the work and waits for it."""
        self._closing = True
        operation, outcome = self.operation, self._outcome
        if operation is not None and outcome is not None:
            operation.cancel_and_wait(outcome.ended)
        self.vault = None
        super().done(result)
