"""The import dialog: the file (chosen through the prompter), the basis of the changes (a decision
reference recorded in each changed field's history), "Kiểm tra" (a dry run: everything checked,
nothing written) and "Nhập vào kho"; then the summary and the table of problems.

The import runs off the GUI thread through :func:`ui.operations.run_job`: a progress bar per
phase (check the file, compare with the vault, save) and Cancel, which stops the work and writes
nothing (the save is one transaction). The import is all or nothing: a refused file shows its
whole report (errors first, then warnings) and changes nothing; a successful one shows its
warnings and emits ``imported(object)`` with the list of dossier ids written. Closing the dialog
(a lock closes it) stops a running import first and waits for it, so the vault is free again;
nothing is emitted then (an import that finished regardless is found at the next unlock).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.dossier import importer
from app.dossier.importer import Report
from app.errors import HosoError
from app.i18n import t
from app.vault.session import Vault
from ui import operations
from ui.context import UiContext
from ui.import_dialog.issues_table import IssuesTable
from ui.import_dialog.work import Outcome, import_work

#: How long closing the dialog waits for a running import to notice Cancel (it checks every
#: 100 records, well under a second).


class ImportDialog(QDialog):
    imported = Signal(object)  # list[int]: the ids of the dossiers written, in file order

    def __init__(self, ctx: UiContext, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.ctx = ctx
        self.vault = vault
        self.path: Path | None = None
        self.report: Report | None = None
        self.operation: operations.Operation | None = None
        self._outcome: Outcome | None = None
        self._status: tuple[str, dict[str, Any]] | None = None  # a message key shown instead of a report
        self._late = False  # the cancel came after the save had finished
        self._closing = False

        self.intro = QLabel(self)
        self.intro.setObjectName("importIntro")
        self.intro.setWordWrap(True)
        self.file_label = QLabel(self)
        self.file_name = QLabel(self)
        self.file_name.setObjectName("importFileName")
        self.file_name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choose_button = QPushButton(self)
        self.choose_button.setObjectName("importChooseButton")
        self.choose_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Open))
        self.choose_button.setAutoDefault(False)
        self.choose_button.clicked.connect(self.choose_file)
        self.file_label.setBuddy(self.choose_button)
        self.basis_label = QLabel(self)
        self.basis = QLineEdit(self)
        self.basis.setObjectName("importBasisEdit")
        self.basis.setMaxLength(importer.MAX_BASIS_CHARS)
        self.basis_label.setBuddy(self.basis)
        self.check_button = QPushButton(self)
        self.check_button.setObjectName("importCheckButton")
        self.check_button.setDefault(True)  # Enter checks; importing takes a deliberate click
        self.check_button.clicked.connect(lambda: self.start(dry_run=True))
        self.run_button = QPushButton(self)
        self.run_button.setObjectName("importRunButton")
        self.run_button.setAutoDefault(False)
        self.run_button.clicked.connect(lambda: self.start(dry_run=False))
        self.summary = QLabel(self)
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table_label = QLabel(self)
        self.table = IssuesTable(self)
        self.table_label.setBuddy(self.table)
        self.detail = QLabel(self)
        self.detail.setObjectName("importIssueDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        self.close_button = QPushButton(self)
        self.close_button.setObjectName("importCloseButton")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)

        file_row = QHBoxLayout()
        file_row.addWidget(self.file_name, 1)
        file_row.addWidget(self.choose_button)
        form = QFormLayout()
        form.addRow(self.file_label, file_row)
        form.addRow(self.basis_label, self.basis)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.check_button)
        actions.addWidget(self.run_button)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addLayout(actions)
        layout.addWidget(self.summary)
        layout.addWidget(self.table_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(bottom)
        self.setTabOrder(self.choose_button, self.basis)
        self.setTabOrder(self.basis, self.check_button)
        self.setTabOrder(self.check_button, self.run_button)
        self.setTabOrder(self.run_button, self.table)
        self.setTabOrder(self.table, self.close_button)
        ctx.language.changed.connect(self.retranslate)
        self.resize(960, 600)  # fits 1366×768
        self.retranslate()

    # -- texts ---------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(t("ui.import.title"))
        self.intro.setText(t("ui.import.intro"))
        self.file_label.setText(t("ui.import.file"))
        self.file_name.setText(self.path.name if self.path is not None else t("ui.import.no_file"))
        self.choose_button.setText(t("ui.import.choose") + "   (Ctrl+O)")
        self.basis_label.setText(t("ui.import.basis"))
        self.basis.setPlaceholderText(t("ui.import.basis_placeholder"))
        self.check_button.setText(t("ui.import.check"))
        self.run_button.setText(t("ui.import.run"))
        self.table_label.setText(t("ui.import.issues"))
        self.close_button.setText(t("ui.common.close"))
        self.table.retranslate()
        self._show_detail()
        self._show_summary()
        self._enable()

    def _show_summary(self) -> None:
        if self._status is not None:
            key, params = self._status
            self.summary.setText(t(key, **params))
            return
        report = self.report
        if report is None:
            self.summary.setText(t("ui.import.ready") if self.path is not None else "")
            return
        lines = [t("ui.import.late_cancel")] if self._late else []
        lines.append(report.summary())
        if report.rejected:
            whole = [e for e in report.errors.items if e.record is None]
            lines.extend(e.message() for e in whole[:3])
        elif report.warnings:
            lines.append(t("ui.import.with_warnings", count=report.warnings.total))
        lines.extend(report.omitted_lines())
        self.summary.setText("\n".join(lines))

    def _show_detail(self) -> None:
        """The current problem in one whole sentence (the table cuts long messages)."""
        issue = self.table.current_issue()
        file = self.report.file if self.report is not None else ""
        self.detail.setText(issue.line(file) if issue is not None else "")

    def _enable(self) -> None:
        idle = not self.running()
        self.choose_button.setEnabled(idle)
        self.basis.setEnabled(idle)
        self.check_button.setEnabled(idle and self.path is not None)
        self.run_button.setEnabled(idle and self.path is not None)

    # -- choosing ------------------------------------------------------------------------------
    def choose_file(self) -> None:
        if self.running():
            return
        path = self.ctx.prompter.choose_open_path(self, t("ui.import.choose_title"), t("ui.import.filter"))
        if path is not None:
            self.set_path(path)

    def set_path(self, path: Path) -> None:
        """Take ``path`` as the file to import (what was shown of the previous file goes)."""
        self.path = path
        self.file_name.setText(path.name)
        self.file_name.setToolTip(str(path))
        self.report = None
        self._status = None
        self._late = False
        self.table.clear_issues()
        self._show_detail()
        self._show_summary()
        self._enable()

    # -- running -------------------------------------------------------------------------------
    def running(self) -> bool:
        return self.operation is not None and self.operation.running

    def start(self, *, dry_run: bool) -> None:
        """Check (``dry_run``) or import the chosen file in the background."""
        path = self.path
        if path is None or self.running():
            return
        try:
            basis = importer.check_basis(self.basis.text())
        except HosoError as exc:
            self.ctx.prompter.error(self, t("ui.error.title"), exc.message())
            self.basis.setFocus()
            return
        self.report, self._status, self._late = None, None, False
        self.table.clear_issues()
        self._show_detail()
        outcome = self._outcome = Outcome(dry_run)
        label = t("ui.import.busy_check" if dry_run else "ui.import.busy_run", file=path.name)
        self.operation = operations.run_job(
            self,
            label,
            import_work(self.vault, path, basis, outcome),
            self._succeeded,
            prompter=self.ctx.prompter,
            on_error=self._failed,
        )
        self.operation.finished.connect(self._ended)
        self.summary.setText(label)
        self._enable()

    def _succeeded(self, report: Any) -> None:
        if self._closing:
            return
        self._show_report(report)

    def _show_report(self, report: Report) -> None:
        self.report = report
        self._status = None
        issues = [*report.errors.items, *report.warnings.items] if report.rejected else report.warnings.items
        self.table.show_issues(issues)
        if issues:
            self.table.selectRow(0)
        self._show_detail()
        self._show_summary()
        if not report.rejected and not report.dry_run:
            self.imported.emit(list(report.ids))

    def _failed(self, exc: BaseException) -> None:
        if self._closing:
            return
        self.report = None
        self._status = ("ui.import.failed", {"reason": operations.error_text(exc)})
        self._show_summary()
        self.ctx.prompter.error(self, t("ui.error.title"), operations.error_text(exc))

    def _ended(self) -> None:
        """After the work, whatever came of it; a cancelled job's result is only in the outcome."""
        operation, outcome = self.operation, self._outcome
        if operation is not None and operation.cancelled and outcome is not None and not self._closing:
            report = outcome.report
            if report is not None and outcome.wrote():
                self._late = True  # saved before the cancel reached the work: say so, show it
                self._show_report(report)
            else:
                name = self.path.name if self.path is not None else ""
                self._status = ("ui.import.cancelled", {"file": name})
                self._show_summary()
        if not self._closing:
            self._enable()

    # -- closing -------------------------------------------------------------------------------
    def done(self, result: int) -> None:
        """Every way of closing (Close, Esc, a lock) stops a running import and waits for it."""
        self._closing = True
        operation, outcome = self.operation, self._outcome
        if operation is not None and outcome is not None:
            operation.cancel_and_wait(outcome.ended)
        super().done(result)
