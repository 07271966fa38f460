"""Wizard page 2: the passphrase, typed twice, with a strength hint and the 12-character rule,
and an optional key file. Committing this page creates the vault (off the GUI thread); there is
no way back afterwards."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QProgressBar, QWizard, QWizardPage

from app.errors import HosoError
from app.i18n import t
from app.vault.create import MIN_PASSPHRASE_CHARS
from ui.context import UiContext
from ui.create_wizard import strength
from ui.keyfile_field import KeyFileField

#: Called when the officer commits: True when the vault exists already (go on), False when its
#: creation has just started (the wizard moves on by itself when it is done).
Commit = Callable[[str, bytes | None], bool]

STRENGTH_COLOURS = ("#b00020", "#d35400", "#b7950b", "#2e7d32", "#1b5e20")


class PassphrasePage(QWizardPage):
    def __init__(self, ctx: UiContext, commit: Commit) -> None:
        super().__init__()
        self.setObjectName("passphrasePage")
        self._commit = commit
        self.setCommitPage(True)
        self.creating = False
        self.first = QLineEdit(self)
        self.first.setObjectName("newPassphraseEdit")
        self.second = QLineEdit(self)
        self.second.setObjectName("repeatPassphraseEdit")
        for edit in (self.first, self.second):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.textChanged.connect(self._changed)
        self.bar = QProgressBar(self)
        self.bar.setObjectName("strengthBar")
        self.bar.setRange(0, len(strength.LEVEL_KEYS) - 1)
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(10)
        self.hint = QLabel(self)
        self.hint.setObjectName("strengthLabel")
        self.rule = QLabel(self)
        self.rule.setObjectName("passphraseRule")
        self.rule.setWordWrap(True)
        self.keyfile = KeyFileField(ctx.prompter, "createKeyfile", self)
        self.error = QLabel(self)
        self.error.setObjectName("createError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error.hide()
        self.first_label, self.second_label, self.keyfile_label = QLabel(self), QLabel(self), QLabel(self)
        self.first_label.setBuddy(self.first)
        self.second_label.setBuddy(self.second)
        self.keyfile_label.setBuddy(self.keyfile.edit)
        form = QFormLayout(self)
        form.addRow("", self.rule)
        form.addRow(self.first_label, self.first)
        form.addRow("", self.bar)
        form.addRow("", self.hint)
        form.addRow(self.second_label, self.second)
        form.addRow(self.keyfile_label, self.keyfile)
        form.addRow("", self.error)
        self.setTabOrder(self.first, self.second)
        self.setTabOrder(self.second, self.keyfile.edit)
        self.setTabOrder(self.keyfile.edit, self.keyfile.button)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(t("ui.create.passphrase.title"))
        self.setSubTitle(t("ui.create.passphrase.subtitle"))
        self.setButtonText(QWizard.WizardButton.CommitButton, t("ui.create.commit"))
        self.rule.setText(t("ui.create.passphrase.rule", min=MIN_PASSPHRASE_CHARS))
        self.first_label.setText(t("ui.create.passphrase.first"))
        self.second_label.setText(t("ui.create.passphrase.second"))
        self.keyfile_label.setText(t("ui.create.passphrase.keyfile"))
        self.keyfile.retranslate()
        self._changed()

    def _changed(self) -> None:
        level = strength.level(self.first.text())
        self.bar.setValue(level)
        colour = STRENGTH_COLOURS[level]
        self.bar.setStyleSheet(f"QProgressBar::chunk {{ background: {colour}; }}")
        self.hint.setText(t("ui.create.strength." + strength.LEVEL_KEYS[level]) if self.first.text() else "")
        if self.second.text() and self.second.text() != self.first.text():
            self.show_error(t("error.passphrases_differ"))
        else:
            self.error.hide()
        self.completeChanged.emit()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def isComplete(self) -> bool:
        first = self.first.text()
        return (
            not self.creating and len(first.strip()) >= MIN_PASSPHRASE_CHARS and first == self.second.text()
        )

    def set_creating(self, creating: bool) -> None:
        self.creating = creating
        for widget in (self.first, self.second, self.keyfile):
            widget.setEnabled(not creating)
        self.completeChanged.emit()

    def validatePage(self) -> bool:
        try:
            keyfile = self.keyfile.read()
        except HosoError as exc:
            self.show_error(exc.message())
            return False
        self.error.hide()
        return self._commit(self.first.text(), keyfile)

    def forget(self) -> None:
        for edit in (self.first, self.second):
            edit.clear()
