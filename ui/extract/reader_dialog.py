"""Registering a reader (người nghiên cứu, khai thác hồ sơ): name, unit, title, the identity
document number (typed masked: it is a restricted value, sealed by ``ReaderBook.add``) and notes.

"Đăng ký" writes the reader (audited) and closes with ``reader_id`` set; a refusal (a missing
name, a text too long) is shown through the prompter and the dialog stays, nothing written.
Inner widgets: ``readerNameEdit``, ``readerUnitEdit``, ``readerTitleEdit``, ``readerIdDocEdit``,
``readerNotesEdit``, ``readerOkButton``, ``readerCancelButton``.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.errors import HosoError
from app.extract.readers import ReaderBook
from app.i18n import t
from app.vault.session import Vault
from ui.extract.widgets import dialog_buttons, line, notes_edit
from ui.prompter import Prompter


class ReaderDialog(QDialog):
    def __init__(self, vault: Vault, prompter: Prompter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readerDialog")
        self.setWindowTitle(t("ui.extract.reader_add_title"))
        self.vault = vault
        self.prompter = prompter
        self.reader_id: int | None = None
        self.name = line(self, "readerNameEdit")
        self.unit = line(self, "readerUnitEdit")
        self.title = line(self, "readerTitleEdit")
        self.id_document = line(self, "readerIdDocEdit")
        self.id_document.setEchoMode(QLineEdit.EchoMode.Password)
        self.id_document.setMaxLength(40)
        self.notes = notes_edit(self, "readerNotesEdit")
        form = QFormLayout()
        for key, widget in (
            ("full_name", self.name), ("unit", self.unit), ("title", self.title),
            ("id_document", self.id_document), ("notes", self.notes),
        ):  # fmt: skip
            label = QLabel(t(f"ui.extract.reader.{key}"), self)
            label.setBuddy(widget)
            form.addRow(label, widget)
        hint = QLabel(t("ui.extract.reader.id_document_hint"), self)
        hint.setWordWrap(True)
        self.buttons = dialog_buttons(self, "reader")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(t("ui.extract.reader.register"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self.resize(560, 0)
        self.name.setFocus()

    def accept(self) -> None:
        try:
            self.reader_id = ReaderBook(self.vault).add(
                self.name.text(),
                self.unit.text(),
                self.title.text(),
                self.id_document.text(),
                self.notes.toPlainText(),
            )
        except HosoError as exc:
            self.prompter.error(self, t("ui.error.title"), exc.message())
            return
        self.id_document.clear()
        super().accept()

    def done(self, result: int) -> None:
        self.id_document.clear()
        super().done(result)
