"""Wizard page 1: where the new vault goes — a parent folder and the vault folder's name, which
must not exist yet (or be empty)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWizardPage

from app.i18n import t
from ui.context import UiContext

DEFAULT_NAME = "kho-ho-so"


class FolderPage(QWizardPage):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.setObjectName("folderPage")
        self._ctx = ctx
        self.parent_edit = QLineEdit(str(Path.home()), self)
        self.parent_edit.setObjectName("vaultParentEdit")
        self.browse = QPushButton(self)
        self.browse.setObjectName("vaultParentButton")
        self.browse.clicked.connect(self._browse)
        self.name_edit = QLineEdit(DEFAULT_NAME, self)
        self.name_edit.setObjectName("vaultNameEdit")
        self.path_label = QLabel(self)
        self.path_label.setObjectName("vaultPathLabel")
        self.path_label.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setObjectName("folderError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()

        row = QHBoxLayout()
        row.addWidget(self.parent_edit, 1)
        row.addWidget(self.browse)
        self.parent_label, self.name_label = QLabel(self), QLabel(self)
        self.parent_label.setBuddy(self.parent_edit)
        self.name_label.setBuddy(self.name_edit)
        form = QFormLayout(self)
        form.addRow(self.parent_label, row)
        form.addRow(self.name_label, self.name_edit)
        form.addRow("", self.path_label)
        form.addRow("", self.error)
        self.setTabOrder(self.parent_edit, self.browse)
        self.setTabOrder(self.browse, self.name_edit)
        for edit in (self.parent_edit, self.name_edit):
            edit.textChanged.connect(self._changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(t("ui.create.folder.title"))
        self.setSubTitle(t("ui.create.folder.subtitle"))
        self.parent_label.setText(t("ui.create.folder.parent"))
        self.name_label.setText(t("ui.create.folder.name"))
        self.browse.setText(t("ui.keyfile.browse"))
        self._changed()

    def path(self) -> Path:
        return Path(self.parent_edit.text().strip()).expanduser() / self.name_edit.text().strip()

    def _browse(self) -> None:
        chosen = self._ctx.prompter.choose_folder(self, t("ui.create.folder.choose"), self.parent_edit.text())
        if chosen is not None:
            self.parent_edit.setText(str(chosen))

    def _changed(self) -> None:
        self.error.hide()
        self.path_label.setText(t("ui.create.folder.result", path=self.path()) if self.isComplete() else "")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        name = self.name_edit.text().strip()
        return (
            bool(self.parent_edit.text().strip())
            and bool(name)
            and "/" not in name
            and name not in {".", ".."}
        )

    def validatePage(self) -> bool:
        path = self.path()
        if path.exists() and (not path.is_dir() or any(path.iterdir())):
            self.error.setText(t("error.vault_exists", path=path))
            self.error.show()
            return False
        return True
