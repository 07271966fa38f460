"""The organisation's public keys from the desktop, on a real vault.

"Khóa công khai của đơn vị…" (Ctrl+Shift+Y, menu Kho) shows the fingerprint, both public keys and
the key text exactly as ``hoso keys show`` computes them (``identity.OrgKey.of_vault``), a QR
code that a real decoder (zxing-cpp) reads back to the key text, a copy button that is allowed
(public keys are not restricted), "Lưu thẻ khóa…" writing the same card as ``keys show --out``,
English labels on demand; Esc and a lock close it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import zxingcpp
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QImage, QPixmap
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMenu, QPlainTextEdit, QPushButton
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from app.packages import identity
from app.stats.service import ORGANISATION_SETTING
from tests.ui.conftest import vault_of
from ui.actions import ActionId
from ui.controller import AppController
from ui.keys_dialog import KeysDialog, qr_image
from ui.prompter import ScriptedPrompter


def decode(image: QImage) -> list[str]:
    """What zxing-cpp reads as QR codes in ``image``."""
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    width, height, stride = gray.width(), gray.height(), gray.bytesPerLine()
    rows = np.frombuffer(bytes(gray.constBits()), dtype=np.uint8).reshape(height, stride)
    found = zxingcpp.read_barcodes(np.ascontiguousarray(rows[:, :width]))
    return [r.text for r in found if r.format == zxingcpp.BarcodeFormat.QRCode]


def open_keys(ctl: AppController, qtbot: QtBot, find: Any) -> KeysDialog:
    ctl.main_window.registry[ActionId.ORG_KEYS].trigger()
    qtbot.waitUntil(lambda: find("orgKeysDialog") is not None)
    dialog: KeysDialog = find("orgKeysDialog")
    return dialog


def test_the_shortcut_opens_it_from_the_vault_menu(opened_ui: AppController, qtbot: QtBot, find: Any) -> None:
    action = opened_ui.main_window.registry[ActionId.ORG_KEYS]
    assert action.text() == "Khóa công khai của đơn vị…"
    assert action.shortcut().toString() == "Ctrl+Shift+Y"
    menu = opened_ui.main_window.findChild(QMenu, "menu_vault")
    assert menu is not None
    assert action in menu.actions()
    shortcuts = [a.shortcut().toString() for a in opened_ui.main_window.findChildren(QAction)]
    assert shortcuts.count("Ctrl+Shift+Y") == 1  # no other action of the window claims it

    main = opened_ui.main_window
    main.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main)
    assert find("orgKeysDialog") is None
    qtbot.keyClick(
        main, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.waitUntil(lambda: find("orgKeysDialog") is not None)
    dialog = find("orgKeysDialog")
    assert dialog.windowTitle() == "Khóa công khai của đơn vị"
    assert opened_ui.commands.keys_dialog is dialog


def test_values_equal_keys_show(opened_ui: AppController, qtbot: QtBot, find: Any) -> None:
    vault = vault_of(opened_ui)
    vault.change_setting(ORGANISATION_SETTING, "Ban Tổ chức Tỉnh ủy")
    key = identity.OrgKey.of_vault(vault)
    shown = key.as_json()
    dialog = open_keys(opened_ui, qtbot, find)

    assert find("orgKeysFingerprint", QLabel).text() == shown["fingerprint"]
    assert len(shown["fingerprint"].split(" ")) == 8
    assert find("orgKeysSigning", QLineEdit).text() == shown["signing"]
    assert find("orgKeysAgreement", QLineEdit).text() == shown["agreement"]
    text_field = find("orgKeysText", QPlainTextEdit)
    assert text_field.toPlainText() == shown["key"] == key.text()
    assert all(f.isReadOnly() for f in (text_field, find("orgKeysSigning"), find("orgKeysAgreement")))
    assert identity.parse(text_field.toPlainText()) == key  # the other side can use it as shown
    heading = find("orgKeysHeading", QLabel).text()
    assert vault.vault_id in heading
    assert "Ban Tổ chức Tỉnh ủy" in heading
    assert dialog.property("restricted") is not True


def test_the_qr_code_decodes_to_the_key_text(opened_ui: AppController, qtbot: QtBot, find: Any) -> None:
    key_text = identity.OrgKey.of_vault(vault_of(opened_ui)).text()
    open_keys(opened_ui, qtbot, find)
    label = find("orgKeysQr", QLabel)
    pixmap: QPixmap = label.pixmap()
    assert pixmap.width() >= 240
    assert pixmap.height() == pixmap.width()
    assert decode(pixmap.toImage()) == [key_text]
    assert decode(label.grab().toImage()) == [key_text]  # as drawn on screen
    image = pixmap.toImage()  # a quiet zone: the outer four modules' worth of pixels are white
    rows = (0, 8, image.height() - 1)
    assert min(image.pixelColor(x, y).lightness() for x in range(image.width()) for y in rows) == 255
    assert decode(qr_image("hoso1 other")) == ["hoso1 other"]  # the drawing is not tied to one text


def test_copy_puts_the_key_text_on_the_clipboard(
    opened_ui: AppController, qtbot: QtBot, find: Any, prompter: ScriptedPrompter
) -> None:
    key_text = identity.OrgKey.of_vault(vault_of(opened_ui)).text()
    dialog = open_keys(opened_ui, qtbot, find)
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("something else")
    qtbot.mouseClick(find("orgKeysCopyButton", QPushButton), Qt.MouseButton.LeftButton)
    assert clipboard.text() == key_text
    assert find("orgKeysStatus", QLabel).text() == "Đã sao chép chuỗi khóa (khóa công khai, không bí mật)."

    clipboard.setText("something else")  # Ctrl+C in the field is not refused either: not restricted
    field = find("orgKeysText", QPlainTextEdit)
    dialog.activateWindow()
    field.setFocus()
    field.selectAll()
    refused: list[bool] = []
    opened_ui.clipboard.refused.connect(lambda: refused.append(True))
    qtbot.keyClick(field, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert refused == []
    assert clipboard.text() == key_text


def test_save_writes_the_key_card(
    opened_ui: AppController, qtbot: QtBot, find: Any, prompter: ScriptedPrompter, tmp_path: Path
) -> None:
    vault = vault_of(opened_ui)
    key = identity.OrgKey.of_vault(vault)
    open_keys(opened_ui, qtbot, find)
    save = find("orgKeysSaveButton", QPushButton)
    assert save.text() == "Lưu thẻ khóa…"

    target = tmp_path / "usb" / "the-card.txt"
    target.parent.mkdir()
    prompter.paths.append(target)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert target.read_text(encoding="utf-8") == identity.card(key, vault.vault_id)
    assert identity.resolve(str(target)) == key  # usable as --sender / --recipient
    assert str(target) in find("orgKeysStatus", QLabel).text()

    missing = tmp_path / "gone" / "card.txt"  # a folder that does not exist: an error, nothing written
    prompter.paths.append(missing)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert not missing.exists()
    (error,) = prompter.texts("error")
    assert "card.txt" in error

    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)  # cancelled: nothing more
    assert len(prompter.texts("error")) == 1


def test_english_labels(opened_ui: AppController, qtbot: QtBot, find: Any) -> None:
    dialog = open_keys(opened_ui, qtbot, find)
    opened_ui.main_window.registry[ActionId.LANGUAGE].trigger()
    assert dialog.windowTitle() == "Organisation public keys"
    assert find("orgKeysCopyButton", QPushButton).text() == "Copy"
    assert find("orgKeysSaveButton", QPushButton).text() == "Save key card…"
    assert opened_ui.main_window.registry[ActionId.ORG_KEYS].text() == "Organisation public keys…"


def test_escape_closes_it(opened_ui: AppController, qtbot: QtBot, find: Any) -> None:
    dialog = open_keys(opened_ui, qtbot, find)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert find("orgKeysDialog") is None


def test_lock_closes_it(
    opened_ui: AppController, qtbot: QtBot, find: Any, prompter: ScriptedPrompter
) -> None:
    dialog = open_keys(opened_ui, qtbot, find)
    prompter.confirms.append(False)  # no checkpoint slip
    opened_ui.main_window.registry[ActionId.LOCK].trigger()
    assert opened_ui.vault is None
    assert find("orgKeysDialog") is None
    qtbot.waitUntil(lambda: not isValid(dialog))
    assert opened_ui.commands.open_org_keys() is None  # nothing to show without a vault
