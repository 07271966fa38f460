"""The five pages of the print wizard: the approval, the dossier, the sections, the layout and
the number of copies. They share one :class:`Choice`; each page fills it when the officer moves
on, and each later page is filled from it when shown.

Inner widgets: ``wizardApprovalTable``, ``wizardDossierList``, the page's
:class:`~ui.extract.pickers.SectionChecks`, ``layoutRadio_<layout>``, ``wizardSummary``,
``wizardRemaining``, ``copiesSpin``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWizardPage,
)

from app.extract.approvals import Approval, Approvals
from app.extract.readers import ReaderBook
from app.extract.register import CopyRegister
from app.extract.service import MAX_PER_ACT
from app.i18n import t
from app.vault.session import Vault
from ui.extract import texts
from ui.extract.models import ApprovalChoiceModel
from ui.extract.pickers import SectionChecks
from ui.extract.widgets import current_row, table_view

ID_ROLE = Qt.ItemDataRole.UserRole
FORM = "ban_in"


@dataclass
class Choice:
    vault: Vault
    preselect: int | None  # the dossier open in the editor, if any
    approval: Approval | None = None
    dossier_id: int | None = None
    sections: tuple[str, ...] = ()
    layout: str = "tt06"
    names: dict[int, str] = field(default_factory=dict)
    readers: dict[int, str] = field(default_factory=dict)

    def dossier_text(self) -> str:
        return texts.dossier_text(self.dossier_id or 0, self.names)


def _page(page: QWizardPage, key: str) -> QVBoxLayout:
    page.setTitle(t(f"ui.extract.wizard.{key}.title"))
    page.setSubTitle(t(f"ui.extract.wizard.{key}.subtitle"))
    return QVBoxLayout(page)


class ApprovalPage(QWizardPage):
    def __init__(self, choice: Choice, approvals: Approvals) -> None:
        super().__init__()
        self.choice = choice
        self.approvals = approvals
        self.model = ApprovalChoiceModel(approvals.today, self)
        self.table = table_view(self, "wizardApprovalTable", self.model, (150, 190, 120, 160, 60, 220))
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.completeChanged.emit())
        _page(self, "approval").addWidget(self.table)
        self.load()

    def load(self) -> None:
        vault, choice = self.choice.vault, self.choice
        found = [a for a in self.approvals.find() if a.row.form == FORM]
        today = self.approvals.today()
        found.sort(
            key=lambda a: (a.state(today) != "valid", choice.preselect not in a.row.dossiers, -a.row.id)
        )
        choice.readers = {r.id: r.full_name for r in ReaderBook(vault).find()}
        choice.names = texts.dossier_names(vault, (d for a in found for d in a.row.dossiers))
        self.model.readers, self.model.names = choice.readers, choice.names
        self.model.set_rows(found)

    def initializePage(self) -> None:
        self.table.setFocus()

    def isComplete(self) -> bool:
        return self.model.row_at(current_row(self.table)) is not None

    def validatePage(self) -> bool:
        self.choice.approval = self.model.row_at(current_row(self.table))
        return self.choice.approval is not None


class DossierPage(QWizardPage):
    def __init__(self, choice: Choice) -> None:
        super().__init__()
        self.choice = choice
        self.list = QListWidget(self)
        self.list.setObjectName("wizardDossierList")
        self.list.currentRowChanged.connect(lambda _row: self.completeChanged.emit())
        _page(self, "dossier").addWidget(self.list)

    def initializePage(self) -> None:
        approval = self.choice.approval
        keep = self.choice.dossier_id if self.choice.dossier_id is not None else self.choice.preselect
        self.list.clear()
        for dossier_id in approval.row.dossiers if approval is not None else ():
            item = QListWidgetItem(texts.dossier_text(dossier_id, self.choice.names))
            item.setData(ID_ROLE, dossier_id)
            self.list.addItem(item)
            if dossier_id == keep:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)
        self.list.setFocus()

    def isComplete(self) -> bool:
        return self.list.currentItem() is not None

    def validatePage(self) -> bool:
        item = self.list.currentItem()
        self.choice.dossier_id = int(item.data(ID_ROLE)) if item is not None else None
        return item is not None


class SectionsPage(QWizardPage):
    def __init__(self, choice: Choice) -> None:
        super().__init__()
        self.choice = choice
        self.checks = SectionChecks(self, columns=3)
        self.checks.changed.connect(self.completeChanged)
        self._for: int | None = None  # the approval the boxes were made for
        _page(self, "sections").addWidget(self.checks)

    def initializePage(self) -> None:
        approval = self.choice.approval
        if approval is not None and approval.row.id != self._for:
            self._for = approval.row.id
            self.checks.set_sections(approval.row.sections, ticked=True)

    def isComplete(self) -> bool:
        return bool(self.checks.chosen())

    def validatePage(self) -> bool:
        self.choice.sections = self.checks.chosen()
        return bool(self.choice.sections)


class LayoutPage(QWizardPage):
    def __init__(self, choice: Choice) -> None:
        super().__init__()
        self.choice = choice
        self.group = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        layout = _page(self, "layout")
        for layout_name in texts.layouts():
            radio = QRadioButton(texts.layout_label(layout_name), self)
            radio.setObjectName(f"layoutRadio_{layout_name}")
            radio.setChecked(layout_name == choice.layout)
            self.group.addButton(radio)
            self.radios[layout_name] = radio
            layout.addWidget(radio)
        layout.addStretch(1)

    def initializePage(self) -> None:
        radio = self.radios.get(self.choice.layout)
        if radio is not None:
            radio.setFocus()

    def validatePage(self) -> bool:
        self.choice.layout = next((k for k, r in self.radios.items() if r.isChecked()), self.choice.layout)
        return True


class CopiesPage(QWizardPage):
    def __init__(self, choice: Choice) -> None:
        super().__init__()
        self.choice = choice
        self.summary = QLabel(self)
        self.summary.setObjectName("wizardSummary")
        self.summary.setWordWrap(True)
        self.remaining = QLabel(self)
        self.remaining.setObjectName("wizardRemaining")
        self.remaining.setWordWrap(True)
        self.spin_label = QLabel(t("ui.extract.wizard.copies.label"), self)
        self.spin = QSpinBox(self)
        self.spin.setObjectName("copiesSpin")
        self.spin_label.setBuddy(self.spin)
        layout = _page(self, "copies")
        for widget in (self.summary, self.remaining, self.spin_label, self.spin):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.setFinalPage(True)

    def left(self) -> tuple[int, int]:
        """(copies allowed, copies still allowed) for the chosen approval and dossier."""
        approval, dossier_id = self.choice.approval, self.choice.dossier_id
        if approval is None or dossier_id is None:
            return 0, 0
        live = [
            e
            for e in CopyRegister(self.choice.vault).find(approval.row.id, dossier_id)
            if e.row.status != "spoiled"
        ]
        return approval.row.copies, max(approval.row.copies - len(live), 0)

    def initializePage(self) -> None:
        c = self.choice
        if c.approval is None:
            return
        self.summary.setText(t(
            "ui.extract.wizard.summary", reader=c.readers.get(c.approval.row.reader_id, ""),
            approval=texts.approval_label(c.approval), dossier=c.dossier_text(),
            sections=texts.sections_text(c.sections), layout=texts.layout_label(c.layout),
        ))  # fmt: skip
        allowed, left = self.left()
        key = "ui.extract.wizard.remaining" if left else "ui.extract.wizard.none_left"
        self.remaining.setText(t(key, allowed=allowed, issued=allowed - left, left=left))
        self.spin.setRange(1, max(1, min(left, MAX_PER_ACT)))
        self.spin.setValue(1)
        self.spin.setFocus()
        self.spin.selectAll()
