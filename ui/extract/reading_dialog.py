"""Opening an on-site reading session: the approval for reading on site (its reader follows),
which of its dossiers and sections are read now (all ticked to start with), and remarks.

"Mở lượt đọc" opens the session (``ReadingRegister.open``: the approval's gate, audited) and
closes with ``session_id`` set; a refusal — the approval expired, revoked, not covering what was
ticked, the reader already reading — is shown with its exact message and nothing is opened.
Inner widgets: ``readingApprovalCombo``, ``readingDossierList``, the dialog's
:class:`~ui.extract.pickers.SectionChecks`, ``readingRemarksEdit``, ``readingOkButton``,
``readingCancelButton``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import HosoError
from app.extract.approvals import Approval, Approvals
from app.extract.readers import ReaderBook
from app.extract.reading import FORM, ReadingRegister
from app.i18n import t
from app.vault.session import Vault
from ui.extract import texts
from ui.extract.pickers import SectionChecks
from ui.extract.widgets import dialog_buttons, notes_edit
from ui.prompter import Prompter

ID_ROLE = Qt.ItemDataRole.UserRole


class ReadingDialog(QDialog):
    def __init__(self, vault: Vault, prompter: Prompter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readingDialog")
        self.setWindowTitle(t("ui.extract.reading_open_title"))
        self.vault = vault
        self.prompter = prompter
        self.session_id: int | None = None
        approvals = Approvals(vault)
        today = approvals.today()
        found = [a for a in approvals.find() if a.row.form == FORM]
        found.sort(key=lambda a: (a.state(today) != "valid", -a.row.id))
        self._approvals: list[Approval] = found
        readers = {r.id: r.full_name for r in ReaderBook(vault).find()}
        self._names = texts.dossier_names(vault, (d for a in found for d in a.row.dossiers))
        self.approval = QComboBox(self)
        self.approval.setObjectName("readingApprovalCombo")
        for a in found:
            text = t("ui.extract.reading_approval_item", reader=readers.get(a.row.reader_id, ""),
                     approval=texts.approval_label(a), state=texts.state_label(a.state(today)))  # fmt: skip
            self.approval.addItem(text, a.row.id)
        self.dossiers = QListWidget(self)
        self.dossiers.setObjectName("readingDossierList")
        self.sections = SectionChecks(self, columns=4)
        self.remarks = notes_edit(self, "readingRemarksEdit")
        form = QFormLayout()
        for key, widget in (("approval", self.approval), ("dossiers", self.dossiers),
                            ("sections", self.sections), ("remarks", self.remarks)):  # fmt: skip
            label = QLabel(t(f"ui.extract.reading.{key}"), self)
            label.setBuddy(widget)
            form.addRow(label, widget)
        self.buttons = dialog_buttons(self, "reading")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(t("ui.extract.reading_open"))
        layout = QVBoxLayout(self)
        if not found:
            layout.addWidget(QLabel(t("ui.extract.reading_no_approval"), self))
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.approval.currentIndexChanged.connect(self._approval_changed)
        self._approval_changed()
        self.resize(820, 460)
        self.approval.setFocus()

    def current(self) -> Approval | None:
        row = self.approval.currentIndex()
        return self._approvals[row] if 0 <= row < len(self._approvals) else None

    def _approval_changed(self) -> None:
        approval = self.current()
        self.dossiers.clear()
        for dossier_id in approval.row.dossiers if approval is not None else ():
            item = QListWidgetItem(texts.dossier_text(dossier_id, self._names))
            item.setData(ID_ROLE, dossier_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.dossiers.addItem(item)
        self.sections.set_sections(approval.row.sections if approval is not None else (), ticked=True)

    def chosen_dossiers(self) -> tuple[int, ...]:
        items = (self.dossiers.item(i) for i in range(self.dossiers.count()))
        return tuple(int(i.data(ID_ROLE)) for i in items if i.checkState() == Qt.CheckState.Checked)

    def accept(self) -> None:
        approval = self.current()
        if approval is None:
            self.prompter.error(self, t("ui.error.title"), t("ui.extract.reading_no_approval"))
            return
        try:
            self.session_id = ReadingRegister(self.vault).open(
                approval.row.id, self.chosen_dossiers(), self.sections.chosen(), self.remarks.toPlainText()
            )
        except HosoError as exc:
            self.prompter.error(self, t("ui.extract.refused_title"), exc.message())
            return
        super().accept()
