"""The dialog "Khóa công khai của đơn vị" (menu Kho, Ctrl+Shift+Y): this vault's organisation
public keys, as ``hoso keys show`` prints them, for handing to another authority.

It shows the vault (organisation name and id), the fingerprint large in monospace (to compare
aloud or on paper), the Ed25519 signing and X25519 receiving keys in hex, the ``hoso1…`` key text
with a copy button, and a QR code of the key text drawn by ``segno`` straight into a ``QImage`` in
memory (no file). "Lưu thẻ khóa…" writes the same key card as ``hoso keys show --out``
(:func:`app.packages.identity.card`) where the officer chooses, through the prompter.

Public keys are not secret: nothing here is marked ``restricted``, so copying is allowed (the
clipboard guard still clears what HoSo copied after its delay and at lock).
"""

from __future__ import annotations

from pathlib import Path

import segno
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPixmap, QTextOption
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.atomic_file import write_atomic
from app.i18n import t
from app.packages import identity
from app.stats.service import ORGANISATION_SETTING
from app.vault.session import Vault
from ui.context import UiContext
from ui.fonts import code_font

#: Quiet zone of the QR code, in modules (the standard's minimum).
QR_BORDER = 4
#: The drawn code (quiet zone included) is at least this many pixels wide.
QR_MIN_PIXELS = 280


def qr_image(payload: str, min_pixels: int = QR_MIN_PIXELS, border: int = QR_BORDER) -> QImage:
    """``payload`` as a black-on-white QR code (error level M) with a ``border``-module quiet
    zone, each module a whole number of pixels, at least ``min_pixels`` wide; drawn in memory."""
    qr = segno.make_qr(payload, error="m", boost_error=False)
    matrix = [list(row) for row in qr.matrix]
    cells = len(matrix) + 2 * border
    scale = max(1, -(-min_pixels // cells))
    image = QImage(cells * scale, cells * scale, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        for r, row in enumerate(matrix):
            for c, dark in enumerate(row):
                if dark:
                    x, y = (border + c) * scale, (border + r) * scale
                    painter.fillRect(x, y, scale, scale, QColor("black"))
    finally:
        painter.end()
    return image


def _read_only_line(name: str, text: str) -> QLineEdit:
    edit = QLineEdit(text)
    edit.setObjectName(name)
    edit.setReadOnly(True)
    edit.setFont(code_font(10))
    edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance(text) + 16)
    edit.setCursorPosition(0)
    return edit


class KeysDialog(QDialog):
    """The organisation's public keys of ``vault``; not modal, closed at lock."""

    def __init__(self, ctx: UiContext, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("orgKeysDialog")
        self.ctx = ctx
        self.key = identity.OrgKey.of_vault(vault)
        self.vault_id = vault.vault_id
        self.organisation = vault.setting(ORGANISATION_SETTING) or ""

        self.heading = QLabel()
        self.heading.setObjectName("orgKeysHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint_caption = QLabel()
        self.fingerprint = QLabel(self.key.fingerprint)
        self.fingerprint.setObjectName("orgKeysFingerprint")
        self.fingerprint.setFont(code_font(18))
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.signing = _read_only_line("orgKeysSigning", self.key.signing.hex())
        self.agreement = _read_only_line("orgKeysAgreement", self.key.agreement.hex())
        self.signing_caption = QLabel()
        self.agreement_caption = QLabel()
        form = QFormLayout()
        form.addRow(self.signing_caption, self.signing)
        form.addRow(self.agreement_caption, self.agreement)

        self.text_caption = QLabel()
        self.text_caption.setWordWrap(True)
        self.key_text = QPlainTextEdit(self.key.text())
        self.key_text.setObjectName("orgKeysText")
        self.key_text.setReadOnly(True)
        self.key_text.setFont(code_font(11))
        self.key_text.setWordWrapMode(QTextOption.WrapMode.WrapAnywhere)
        self.key_text.setFixedHeight(self.key_text.fontMetrics().lineSpacing() * 3 + 16)
        self.copy_button = QPushButton()
        self.copy_button.setObjectName("orgKeysCopyButton")
        self.copy_button.clicked.connect(self.copy_key_text)
        self.save_button = QPushButton()
        self.save_button.setObjectName("orgKeysSaveButton")
        self.save_button.clicked.connect(self.save_card)
        self.status = QLabel()
        self.status.setObjectName("orgKeysStatus")
        self.status.setWordWrap(True)

        self.qr = QLabel()
        self.qr.setObjectName("orgKeysQr")
        self.qr.setPixmap(QPixmap.fromImage(qr_image(self.key.text())))
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr_caption = QLabel()
        self.qr_caption.setWordWrap(True)
        self.qr_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr_caption.setMaximumWidth(self.qr.pixmap().width())

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setObjectName("orgKeysCloseButton")
        buttons.rejected.connect(self.reject)

        actions = QHBoxLayout()
        actions.addWidget(self.copy_button)
        actions.addWidget(self.save_button)
        actions.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.heading)
        left.addWidget(self.fingerprint_caption)
        left.addWidget(self.fingerprint)
        left.addSpacing(8)
        left.addLayout(form)
        left.addSpacing(8)
        left.addWidget(self.text_caption)
        left.addWidget(self.key_text)
        left.addLayout(actions)
        left.addWidget(self.status)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.qr)
        right.addWidget(self.qr_caption)
        right.addStretch(1)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addSpacing(12)
        body.addLayout(right)
        outer = QVBoxLayout(self)
        outer.addLayout(body)
        outer.addWidget(buttons)
        self.copy_button.setFocus()  # not a key field: its text would show selected
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(t("ui.keys.title"))
        if self.organisation:
            heading = t("ui.keys.heading_named", name=self.organisation, vault_id=self.vault_id)
        else:
            heading = t("ui.keys.heading", vault_id=self.vault_id)
        self.heading.setText(heading)
        self.fingerprint_caption.setText(t("ui.keys.fingerprint"))
        self.signing_caption.setText(t("ui.keys.signing"))
        self.agreement_caption.setText(t("ui.keys.agreement"))
        self.text_caption.setText(t("ui.keys.text"))
        self.copy_button.setText(t("ui.keys.copy"))
        self.save_button.setText(t("ui.keys.save"))
        self.qr_caption.setText(t("ui.keys.qr_caption"))
        self.close_button.setText(t("ui.keys.close"))
        self.status.clear()

    def copy_key_text(self) -> None:
        """Put the key text on the clipboard (public: allowed; the guard clears it later)."""
        QGuiApplication.clipboard().setText(self.key.text())
        self.status.setText(t("ui.keys.copied"))

    def save_card(self) -> Path | None:
        """Write the key card (as ``hoso keys show --out``) where the officer chooses."""
        suggested = f"hoso-key-{self.vault_id[:8]}.txt"
        path = self.ctx.prompter.choose_save_path(
            self, t("ui.keys.save_title"), suggested, t("ui.keys.filter")
        )
        if path is None:
            return None
        try:
            write_atomic(path, identity.card(self.key, self.vault_id).encode("utf-8"))
        except OSError as exc:
            reason = exc.strerror or ""
            self.ctx.prompter.error(
                self, t("ui.keys.title"), t("ui.keys.save_failed", file=path.name, reason=reason)
            )
            return None
        self.status.setText(t("ui.keys.saved", file=str(path)))
        return path
