"""An open vault in the main window: idle auto-lock on the injected clock, lock closing every
window of vault data, settings (audited), the language switch, checkpoint slips, quitting."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QPushButton, QSpinBox
from pytestqt.qtbot import QtBot

from app.audit import query
from app.audit.actions import Action
from app.clock import ManualClock
from app.i18n import t
from app.vault.session import Vault
from ui.actions import SPECS, ActionId
from ui.controller import AppController
from ui.prompter import ScriptedPrompter


def _entries(vault_handle: Any, action: Action) -> list[query.Entry]:
    """The entries of one act, read from a fresh session (closed again at once)."""
    v = vault_handle.unlock()
    try:
        return query.entries(v, query.AuditFilter(action=action.value))
    finally:
        v.close_quietly()


def test_every_action_has_a_shortcut_and_a_menu(opened_ui: AppController) -> None:
    registry = opened_ui.main_window.registry
    for action_id in ActionId:
        assert not registry[action_id].shortcut().isEmpty(), action_id
        assert registry[action_id].associatedObjects(), action_id
    assert registry[ActionId.LOCK].shortcut().toString() == "Ctrl+L"
    assert registry[ActionId.AUDIT_LOG].shortcut().toString() == "Ctrl+Shift+A"
    assert registry[ActionId.PRINT_CHECKPOINT].shortcut().toString() == "Ctrl+Shift+P"
    assert registry[ActionId.SETTINGS].shortcut().toString() == "Ctrl+,"
    assert registry[ActionId.QUIT].shortcut().toString() == "Ctrl+Q"
    assert set(SPECS) == set(ActionId)


def test_idle_lock_fires_after_the_timeout_and_not_before(
    qtbot: QtBot, opened_ui: AppController, clock: ManualClock, vault: Any, find: Any
) -> None:
    opened = opened_ui.vault
    assert opened is not None
    assert opened_ui.idle.timeout_seconds == 300
    clock.advance(299)
    opened_ui.idle.check()
    assert opened.is_open
    assert opened_ui.main_window.isVisible()
    with qtbot.waitSignal(opened_ui.vaultLocked, timeout=5_000):
        clock.advance(2)  # the 20 ms test tick notices
    assert not opened.is_open
    assert not opened_ui.main_window.isVisible()
    assert find("unlockDialog") is not None
    assert opened_ui.ctx.prompter.said == []  # an idle lock asks nobody anything
    assert [e.details for e in _entries(vault, Action.LOCK)] == [{"reason": "idle"}]


def test_activity_resets_the_idle_timer(qtbot: QtBot, opened_ui: AppController, clock: ManualClock) -> None:
    clock.advance(200)
    qtbot.keyClick(opened_ui.main_window.home, Qt.Key.Key_Shift)
    clock.advance(200)
    opened_ui.idle.check()
    assert opened_ui.vault is not None  # 400 s since unlock, but only 200 s since the key press
    qtbot.mouseMove(opened_ui.main_window.home)
    qtbot.mouseClick(opened_ui.main_window.home, Qt.MouseButton.LeftButton)
    clock.advance(299)
    opened_ui.idle.check()
    assert opened_ui.vault is not None
    clock.advance(1)
    opened_ui.idle.check()
    assert opened_ui.vault is None


def test_lock_closes_the_audit_viewer(
    opened_ui: AppController, find: Any, prompter: ScriptedPrompter
) -> None:
    opened_ui.main_window.registry[ActionId.AUDIT_LOG].trigger()
    viewer = find("auditViewer")
    assert viewer is not None
    assert viewer.model.rowCount() > 0
    opened_ui.main_window.registry[ActionId.LOCK].trigger()  # the prompter declines the slip
    assert find("auditViewer") is None
    assert find("auditTable") is None
    assert find("unlockDialog") is not None


def test_settings_change_is_audited_and_applied(
    qtbot: QtBot, opened_ui: AppController, find: Any, vault: Any
) -> None:
    opened_ui.main_window.registry[ActionId.SETTINGS].trigger()
    dialog = find("settingsDialog")
    assert find("idleMinutesSpin", QSpinBox).value() == 5
    find("idleMinutesSpin", QSpinBox).setValue(7)
    combo = find("languageCombo", QComboBox)
    combo.setCurrentIndex(combo.findData("en"))
    qtbot.mouseClick(
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok),
        Qt.MouseButton.LeftButton,
    )
    open_vault = opened_ui.vault
    assert open_vault is not None
    assert open_vault.setting("idle_lock_minutes") == "7"
    assert opened_ui.idle.timeout_seconds == 7 * 60
    assert opened_ui.language.current() == "en"
    changes = query.entries(open_vault, query.AuditFilter(action=Action.SETTINGS_CHANGE.value))
    assert {(e.target, e.details["new"]) for e in changes} == {("idle_lock_minutes", "7"), ("language", "en")}
    assert find("lockStateLabel").text() == "Unlocked"


def test_language_switch_changes_visible_texts(
    opened_ui: AppController, find: Any, settings_file: Any, vault: Any, unlock_with: Callable[..., Vault]
) -> None:
    registry = opened_ui.main_window.registry
    assert registry[ActionId.LOCK].text() == "Khóa kho"
    assert find("lockStateLabel").text() == "Đã mở khóa"
    registry[ActionId.LANGUAGE].trigger()
    assert registry[ActionId.LOCK].text() == "Lock vault"
    assert registry[ActionId.LANGUAGE].text() == "Language: switch to Tiếng Việt"
    assert find("lockStateLabel").text() == "Unlocked"
    assert find("homeHeading").text() == "Vault open"
    assert opened_ui.main_window.menuBar().actions()[0].text() == "&Vault"
    assert "language=en" in settings_file.read_text()
    registry[ActionId.LOCK].trigger()
    assert find("unlockButton", QPushButton).text() == "Unlock"
    # The vault remembers the language chosen in it (an audited setting).
    opened_ui.language.set("vi")
    unlock_with(opened_ui, vault.passphrase)
    assert opened_ui.language.current() == "en"
    assert find("lockStateLabel").text() == "Unlocked"


def test_lock_by_hand_offers_todays_checkpoint(
    qtbot: QtBot, opened_ui: AppController, prompter: ScriptedPrompter, find: Any, vault: Any
) -> None:
    prompter.confirms.append(True)
    with qtbot.waitSignal(opened_ui.vaultLocked, timeout=30_000):
        opened_ui.main_window.registry[ActionId.LOCK].trigger()
    qtbot.waitUntil(lambda: find("pdfPreview") is not None)
    preview = find("pdfPreview")
    assert preview.page_count() == 1
    assert preview.windowTitle() == t("ui.checkpoint.title")
    assert not find("pdfSaveButton").isVisible() if find("pdfSaveButton") else True
    preview.close()
    assert len(_entries(vault, Action.AUDIT_CHECKPOINT)) == 1
    assert [e.details for e in _entries(vault, Action.LOCK)] == [{"reason": "user"}]


def test_print_checkpoint_action(qtbot: QtBot, opened_ui: AppController, find: Any) -> None:
    opened_ui.main_window.registry[ActionId.PRINT_CHECKPOINT].trigger()
    qtbot.waitUntil(lambda: find("pdfPreview") is not None, timeout=30_000)
    assert opened_ui.vault is not None
    acts = [e.action for e in query.entries(opened_ui.vault, query.AuditFilter())]
    assert acts[0] == Action.AUDIT_CHECKPOINT
    opened_ui.main_window.registry[ActionId.LOCK].trigger()
    assert find("pdfPreview") is None  # adopted by the main window: closed at lock


def test_quit_offers_the_checkpoint_then_locks(
    qtbot: QtBot, opened_ui: AppController, prompter: ScriptedPrompter, vault: Any
) -> None:
    opened = opened_ui.vault
    assert opened is not None
    with qtbot.waitSignal(opened_ui.quitRequested, timeout=5_000):
        opened_ui.main_window.registry[ActionId.QUIT].trigger()
    assert prompter.texts("confirm") == [t("ui.checkpoint.offer_exit")]
    assert not opened.is_open
    assert not opened_ui.main_window.isVisible()
    assert [e.details for e in _entries(vault, Action.LOCK)] == [{"reason": "exit"}]


def test_closing_the_main_window_is_quitting(qtbot: QtBot, opened_ui: AppController) -> None:
    with qtbot.waitSignal(opened_ui.quitRequested, timeout=5_000):
        opened_ui.main_window.close()
    assert opened_ui.vault is None
