"""The whole life of a vault through the real windows: create with the wizard, unlock, lock,
unlock again — and what the recovery-code page, the unlock dialog and QSettings must do."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLineEdit, QPushButton, QWizard
from pytestqt.qtbot import QtBot

from app.audit import query
from app.audit.actions import Action
from app.i18n import t
from app.vault.session import Vault
from ui.actions import ActionId
from ui.controller import AppController
from ui.create_wizard.wizard import PAGE_AUDIT_KEY, PAGE_PASSPHRASE, PAGE_RECOVERY, CreateWizard
from ui.preferences import LANGUAGE_KEY, LAST_VAULT_KEY
from ui.prompter import ScriptedPrompter

NEW_PASSPHRASE = "Một câu mật khẩu đủ dài cho kho mới 2026"


def _next_enabled(wizard: CreateWizard) -> bool:
    return wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def _click(qtbot: QtBot, button: QPushButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _create_through_wizard(qtbot: QtBot, controller: AppController, find: Any, folder: Path) -> CreateWizard:
    controller.start()
    _click(qtbot, find("createVaultButton", QPushButton))
    wizard: CreateWizard = find("createWizard")
    assert wizard is not None
    find("vaultParentEdit", QLineEdit).setText(str(folder.parent))
    find("vaultNameEdit", QLineEdit).setText(folder.name)
    wizard.next()
    assert wizard.currentId() == PAGE_PASSPHRASE
    commit = wizard.button(QWizard.WizardButton.CommitButton)
    find("newPassphraseEdit", QLineEdit).setText("ngắn quá")
    assert not commit.isEnabled()
    find("newPassphraseEdit", QLineEdit).setText(NEW_PASSPHRASE)
    find("repeatPassphraseEdit", QLineEdit).setText(NEW_PASSPHRASE + "x")
    assert not commit.isEnabled()
    assert find("createError").text() == t("error.passphrases_differ")
    find("repeatPassphraseEdit", QLineEdit).setText(NEW_PASSPHRASE)
    assert commit.isEnabled()
    _click(qtbot, commit)
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_RECOVERY, timeout=30_000)
    return wizard


def test_create_unlock_lock_unlock(
    qtbot: QtBot,
    controller: AppController,
    prompter: ScriptedPrompter,
    tmp_path: Path,
    find: Any,
    unlock_with: Callable[[AppController, str], Vault],
    settings_file: Path,
) -> None:
    folder = tmp_path / "kho-mới"
    wizard = _create_through_wizard(qtbot, controller, find, folder)
    assert (folder / "vault.db").is_file()
    assert (folder / "header.json").is_file()

    # The recovery code: shown once, "Next" blocked until a random full group is retyped and ticked.
    assert wizard.created is not None
    code = wizard.created.recovery_code
    assert find("recoveryCodeLabel").text() == code
    assert (
        not wizard.button(QWizard.WizardButton.BackButton).isVisible()
        or not wizard.button(QWizard.WizardButton.BackButton).isEnabled()
    )
    retype, written = find("recoveryRetypeEdit", QLineEdit), find("recoveryWrittenCheck", QCheckBox)
    assert not _next_enabled(wizard)
    written.setChecked(True)
    assert not _next_enabled(wizard)
    retype.setText("ZZZZ")
    assert not _next_enabled(wizard)
    assert wizard.recovery_page.asked_group < len(code.split("-")) - 1  # never the short check group
    retype.setText(code.rsplit("-", 1)[1])
    assert not _next_enabled(wizard)
    retype.setText(code.split("-")[wizard.recovery_page.asked_group].lower())
    assert _next_enabled(wizard)
    written.setChecked(False)
    assert not _next_enabled(wizard)
    written.setChecked(True)
    wizard.next()

    # The audit key K(0), its printable slip previewed from memory, and the confirmation.
    assert wizard.currentId() == PAGE_AUDIT_KEY
    key = wizard.created.audit_key
    assert find("auditKeyLabel").text().replace("\n", "") == key
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish.isEnabled()
    _click(qtbot, find("printAuditKeyButton", QPushButton))
    qtbot.waitUntil(lambda: find("pdfPreview") is not None, timeout=30_000)
    assert find("pdfPreview").page_count() == 1
    find("pdfPreview").close()
    find("auditKeyHandedCheck", QCheckBox).setChecked(True)
    assert finish.isEnabled()
    _click(qtbot, finish)

    # The secrets are gone from the wizard; the unlock dialog of the new vault comes up.
    assert wizard.created is None
    assert find("recoveryCodeLabel") is None
    vault = unlock_with(controller, NEW_PASSPHRASE)
    assert vault.path == folder
    assert vault.is_open
    assert find("mainWindow") is controller.main_window
    assert find("lockStateLabel").text() == t("ui.status.unlocked")
    assert folder.name in find("vaultNameLabel").text()

    # Lock (declining the checkpoint slip): keys dropped, main window gone, unlock dialog up.
    prompter.confirms.append(False)
    controller.main_window.registry[ActionId.LOCK].trigger()
    assert not vault.is_open
    assert controller.vault is None
    assert not controller.main_window.isVisible()
    assert find("unlockDialog") is not None
    assert prompter.texts("confirm") == [t("ui.checkpoint.offer_lock")]

    again = unlock_with(controller, NEW_PASSPHRASE)
    acts = [e.action for e in query.entries(again, query.AuditFilter())]
    assert acts[::-1] == [Action.VAULT_CREATE, Action.UNLOCK, Action.LOCK, Action.UNLOCK]

    # QSettings holds the language and the last vault, nothing else; no secret in the file.
    assert sorted(controller.ctx.preferences.keys()) == sorted([LANGUAGE_KEY, LAST_VAULT_KEY])
    text = settings_file.read_text(encoding="utf-8")
    assert code not in text
    assert key not in text
    assert NEW_PASSPHRASE not in text


def test_wrong_passphrase_shows_the_error_and_keeps_the_dialog(
    qtbot: QtBot, controller: AppController, vault: Any, find: Any
) -> None:
    controller.start(vault.path)
    dialog = find("unlockDialog")
    find("unlockPassphraseEdit", QLineEdit).setText("không phải mật khẩu này")
    _click(qtbot, find("unlockButton", QPushButton))
    qtbot.waitUntil(lambda: find("unlockError") is not None, timeout=30_000)
    assert find("unlockError").text() == t("error.wrong_passphrase")
    assert find("unlockDialog") is dialog
    assert controller.vault is None
    assert find("unlockButton", QPushButton).isEnabled()


def test_locked_out_counts_down_on_the_injected_clock(
    qtbot: QtBot, controller: AppController, vault: Any, find: Any, clock: Any
) -> None:
    controller.start(vault.path)
    dialog = controller.unlock_dialog
    assert dialog is not None
    button = find("unlockButton", QPushButton)
    # Three free failures; the fourth try is refused: the vault makes the officer wait 2 s.
    for _ in range(4):
        find("unlockPassphraseEdit", QLineEdit).setText("sai rồi")
        _click(qtbot, button)
        qtbot.waitUntil(lambda: dialog.operation is not None and not dialog.operation.running, timeout=30_000)
    assert not button.isEnabled()
    assert find("unlockError").text() == t("error.locked_out", seconds=2)
    clock.advance(1)
    qtbot.waitUntil(lambda: find("unlockError").text() == t("error.locked_out", seconds=1))
    assert not button.isEnabled()
    clock.advance(1)
    qtbot.waitUntil(button.isEnabled)
    assert find("unlockError") is None
