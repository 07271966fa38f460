"""Recording a written approval (văn bản đồng ý) for one reader: the decision (number, date,
signer and title), purpose, form of use, the dossiers (by search or by a list of ids), the
sections, the number of copies and the days it is valid.

Dates are typed ``dd/mm/yyyy``; "hiệu lực từ" left empty means the decision date. "Ghi" records
the approval (``Approvals.add``, audited) and closes with ``approval_id`` set; a refusal names the
field and the dialog stays, nothing written. Inner widgets: ``approvalDecisionEdit``,
``approvalDateEdit``, ``approvalSignerEdit``, ``approvalSignerTitleEdit``, ``approvalPurposeEdit``,
``approvalFormCombo``, ``approvalCopiesSpin``, ``approvalFromEdit``, ``approvalUntilEdit``, the
:class:`~ui.extract.pickers.DossierPicker` and :class:`~ui.extract.pickers.SectionChecks`,
``approvalOkButton``, ``approvalCancelButton``.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.errors import HosoError
from app.extract.approvals import MAX_COPIES, ApprovalInput, Approvals
from app.extract.readers import Reader
from app.extract.scope import FORMS, SCOPE_SECTIONS
from app.i18n import t
from app.vault.session import Vault
from ui.extract import texts
from ui.extract.pickers import DossierPicker, SectionChecks
from ui.extract.widgets import dialog_buttons, line, tab_chain
from ui.prompter import Prompter


class ApprovalDialog(QDialog):
    def __init__(
        self, vault: Vault, reader: Reader, prompter: Prompter, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("approvalDialog")
        self.setWindowTitle(t("ui.extract.approval_add_title", reader=reader.full_name))
        self.vault = vault
        self.reader = reader
        self.prompter = prompter
        self.approval_id: int | None = None
        self.decision = line(self, "approvalDecisionEdit")
        self.decision.setPlaceholderText("125-QĐ/TU")
        self.decision_date = line(self, "approvalDateEdit")
        self.decision_date.setText(today.strftime("%d/%m/%Y"))
        self.signer = line(self, "approvalSignerEdit")
        self.signer_title = line(self, "approvalSignerTitleEdit")
        self.purpose = line(self, "approvalPurposeEdit")
        self.form = QComboBox(self)
        self.form.setObjectName("approvalFormCombo")
        for form in FORMS:
            self.form.addItem(texts.form_label(form), form)
        self.form.currentIndexChanged.connect(self._form_changed)
        self.copies = QSpinBox(self)
        self.copies.setObjectName("approvalCopiesSpin")
        self.copies.setRange(1, MAX_COPIES)
        self.valid_from = line(self, "approvalFromEdit")
        self.valid_from.setPlaceholderText(t("ui.extract.from_decision_date"))
        self.valid_until = line(self, "approvalUntilEdit")
        for edit in (self.decision_date, self.valid_until):
            edit.setPlaceholderText("dd/mm/yyyy")
        self.dossiers = DossierPicker(vault, self)
        self.sections = SectionChecks(self, columns=4)
        self.sections.set_sections(SCOPE_SECTIONS, ticked=False)

        grid = QGridLayout()
        cells = (
            ("decision_no", self.decision, 0, 0), ("decision_date", self.decision_date, 1, 0),
            ("signer", self.signer, 2, 0), ("signer_title", self.signer_title, 3, 0),
            ("form", self.form, 0, 2), ("copies", self.copies, 1, 2),
            ("valid_from", self.valid_from, 2, 2), ("valid_until", self.valid_until, 3, 2),
        )  # fmt: skip
        for key, widget, row, column in cells:
            label = QLabel(t(f"ui.extract.approval.{key}"), self)
            label.setBuddy(widget)
            grid.addWidget(label, row, column)
            grid.addWidget(widget, row, column + 1)
        purpose_label = QLabel(t("ui.extract.approval.purpose"), self)
        purpose_label.setBuddy(self.purpose)
        grid.addWidget(purpose_label, 4, 0)
        grid.addWidget(self.purpose, 4, 1, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        dossier_box = QGroupBox(t("ui.extract.approval.dossiers"), self)
        QVBoxLayout(dossier_box).addWidget(self.dossiers)
        section_box = QGroupBox(t("ui.extract.approval.sections"), self)
        QVBoxLayout(section_box).addWidget(self.sections)
        self.buttons = dialog_buttons(self, "approval")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(t("ui.extract.approval.record"))
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(t("ui.extract.approval.for_reader", reader=reader.full_name, unit=reader.unit))
        )
        layout.addLayout(grid)
        layout.addWidget(dossier_box, 1)
        layout.addWidget(section_box)
        layout.addWidget(self.buttons)
        order = [
            self.decision, self.decision_date, self.signer, self.signer_title, self.form, self.copies,
            self.valid_from, self.valid_until, self.purpose, self.dossiers.search_edit,
        ]  # fmt: skip
        tab_chain(self, order)
        self.resize(900, 680)
        self.decision.setFocus()

    def _form_changed(self) -> None:
        reading = self.form.currentData() == "doc_tai_cho"
        self.copies.setMinimum(0 if reading else 1)
        if reading:
            self.copies.setValue(0)

    def given(self) -> ApprovalInput:
        return ApprovalInput(
            reader_id=self.reader.id,
            decision_no=self.decision.text(),
            decision_date=self.decision_date.text(),
            signer=self.signer.text(),
            dossiers=self.dossiers.chosen(),
            sections=self.sections.chosen(),
            valid_until=self.valid_until.text(),
            copies=self.copies.value(),
            form=str(self.form.currentData()),
            signer_title=self.signer_title.text(),
            purpose=self.purpose.text(),
            valid_from=self.valid_from.text(),
        )

    def accept(self) -> None:
        try:
            self.approval_id = Approvals(self.vault).add(self.given())
        except HosoError as exc:
            self.prompter.error(self, t("ui.error.title"), exc.message())
            return
        super().accept()
