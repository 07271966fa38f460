"""The unlock dialog: passphrase (never echoed), optional key file, and the Argon2id + open run
off the GUI thread behind a busy dialog.

Errors stay in the dialog as the error's own sentence (wrong passphrase, key file, damaged
vault). When the vault makes the officer wait after repeated failures, the button stays
disabled and the seconds count down against the injectable clock.
Signal: ``unlocked(object)`` with the open :class:`~app.vault.session.Vault`.
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import HosoError, LockedOut
from app.i18n import t
from app.vault.session import Vault
from app.vault.unlock import unlock
from ui import operations
from ui.context import UiContext
from ui.keyfile_field import KeyFileField


class UnlockDialog(QDialog):
    unlocked = Signal(object)

    def __init__(self, ctx: UiContext, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unlockDialog")
        self.ctx = ctx
        self.path = path
        self.operation: operations.Operation | None = None
        self._wait_until: float | None = None

        self.heading = QLabel(self)
        self.heading.setObjectName("unlockHeading")
        self.heading.setWordWrap(True)
        self.path_label = QLabel(str(path), self)
        self.path_label.setObjectName("unlockPathLabel")
        self.path_label.setWordWrap(True)
        self.passphrase = QLineEdit(self)
        self.passphrase.setObjectName("unlockPassphraseEdit")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.keyfile = KeyFileField(ctx.prompter, "unlockKeyfile", self)
        self.error = QLabel(self)
        self.error.setObjectName("unlockError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error.hide()

        self.buttons = QDialogButtonBox(self)
        self.unlock_button = QPushButton(self)
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.setDefault(True)
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("unlockCancelButton")
        self.buttons.addButton(self.unlock_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.cancel_button.clicked.connect(self.reject)

        self.form = QFormLayout()
        self.passphrase_label = QLabel(self)
        self.passphrase_label.setBuddy(self.passphrase)
        self.keyfile_label = QLabel(self)
        self.keyfile_label.setBuddy(self.keyfile.edit)
        self.form.addRow(self.passphrase_label, self.passphrase)
        self.form.addRow(self.keyfile_label, self.keyfile)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.path_label)
        layout.addSpacing(8)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        order: list[QWidget] = [
            self.passphrase,
            self.keyfile.edit,
            self.keyfile.button,
            self.unlock_button,
            self.cancel_button,
        ]
        for first, second in itertools.pairwise(order):
            self.setTabOrder(first, second)
        self.passphrase.setFocus()

        self._countdown = QTimer(self)
        self._countdown.setInterval(ctx.tick_ms)
        self._countdown.timeout.connect(self._tick)
        self.setMinimumWidth(520)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(t("ui.unlock.title", name=self.path.name))
        self.heading.setText(t("ui.unlock.heading"))
        self.passphrase_label.setText(t("ui.unlock.passphrase"))
        self.keyfile_label.setText(t("ui.unlock.keyfile"))
        self.keyfile.retranslate()
        self.unlock_button.setText(t("ui.unlock.button"))
        self.cancel_button.setText(t("ui.common.cancel"))
        if self._wait_until is not None:
            self._tick()

    # -- unlocking -----------------------------------------------------------------------
    def try_unlock(self) -> None:
        if self.operation is not None and self.operation.running:
            return
        if self._wait_until is not None:
            return
        passphrase = self.passphrase.text()
        if not passphrase:
            self._show_error(t("ui.unlock.empty"))
            return
        try:
            keyfile = self.keyfile.read()
        except HosoError as exc:
            self._show_error(exc.message())
            return
        self.error.hide()
        path, clock, extra = self.path, self.ctx.clock, dict(self.ctx.unlock_kwargs)

        def work() -> Vault:
            return unlock(path, passphrase, keyfile=keyfile, clock=clock, **extra)

        self._set_busy(True)
        self.operation = operations.run(
            self, t("ui.unlock.busy"), work, self._done, on_error=self._failed, prompter=self.ctx.prompter
        )

    def _done(self, vault: Any) -> None:
        self._set_busy(False)
        self.passphrase.clear()
        self.keyfile.edit.clear()
        self.unlocked.emit(vault)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, LockedOut):
            self._wait_until = self.ctx.clock.monotonic() + exc.seconds
            self._countdown.start()
            self._tick()
        else:
            self._show_error(operations.error_text(exc))
        self.passphrase.selectAll()
        self.passphrase.setFocus()

    def _tick(self) -> None:
        if self._wait_until is None:
            return
        remaining = math.ceil(self._wait_until - self.ctx.clock.monotonic())
        if remaining <= 0:
            self._wait_until = None
            self._countdown.stop()
            self.error.hide()
            self.unlock_button.setEnabled(True)
            return
        self.unlock_button.setEnabled(False)
        self._show_error(t("error.locked_out", seconds=remaining))

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.passphrase, self.keyfile, self.unlock_button, self.cancel_button):
            widget.setEnabled(not busy)

    def reject(self) -> None:
        if self.operation is not None and self.operation.running:
            return  # the KDF cannot be interrupted; the busy dialog says so
        self._countdown.stop()
        self.passphrase.clear()
        super().reject()
