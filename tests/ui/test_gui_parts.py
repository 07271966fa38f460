"""Smaller parts on their own: the operation helper, the prompter, preferences, the strength
hint, the start window's choices, the wizard's folder check and early close, key files, the
entry point."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLineEdit, QPushButton, QWidget, QWizard
from pytestqt.qtbot import QtBot

from app.errors import InvalidInput
from app.i18n import t
from app.vault.keyfile import MAX_KEYFILE_BYTES, read_keyfile
from app.vault.session import Vault
from ui import operations
from ui.__main__ import parse_args
from ui.controller import AppController
from ui.create_wizard import strength
from ui.create_wizard.wizard import PAGE_FOLDER, PAGE_PASSPHRASE, CreateWizard
from ui.preferences import Preferences
from ui.prompter import ScriptedPrompter

PROJECT = Path(__file__).resolve().parents[2]


def test_operation_runs_off_the_gui_thread_and_reports_on_it(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[Any] = []
    gui = threading.get_ident()
    op = operations.Operation(parent, "…", lambda: threading.get_ident())
    op.succeeded.connect(lambda worker: seen.append((worker, threading.get_ident())))
    with qtbot.waitSignal(op.finished, timeout=10_000):
        op.start()
        assert parent.findChild(QWidget, "busyDialog").isVisible()
    assert seen[0][0] != gui
    assert seen[0][1] == gui
    assert (
        parent.findChild(QWidget, "busyDialog") is None
        or not parent.findChild(QWidget, "busyDialog").isVisible()
    )


def test_operation_errors_are_shown_in_one_place(qtbot: QtBot) -> None:
    prompter = ScriptedPrompter()

    def fail() -> None:
        raise InvalidInput("error.passphrase_too_short", min=12)

    op = operations.Operation(None, "…", fail, prompter=prompter)
    with qtbot.waitSignal(op.failed, timeout=10_000) as blocker:
        op.start()
    assert isinstance(blocker.args[0], InvalidInput)
    assert prompter.texts("error") == [t("error.passphrase_too_short", min=12)]
    assert operations.error_text(KeyError("x")) == t("ui.error.unexpected", kind="KeyError")


def test_a_cancelled_operation_hands_its_late_result_over(qtbot: QtBot) -> None:
    gate = threading.Event()
    discarded: list[Any] = []
    succeeded: list[Any] = []
    op = operations.Operation(
        None, "…", lambda: gate.wait(10) and "late", cancellable=True, on_discard=discarded.append
    )
    op.succeeded.connect(succeeded.append)
    op.start()
    with qtbot.waitSignal(op.finished):
        op.cancel()
    gate.set()
    qtbot.waitUntil(lambda: discarded == ["late"])
    assert succeeded == []


def test_preferences_keep_only_language_and_last_vault(tmp_path: Path) -> None:
    prefs = Preferences(QSettings(str(tmp_path / "p.ini"), QSettings.Format.IniFormat))
    assert prefs.language() is None
    assert prefs.last_vault() is None
    prefs.set_language("en")
    prefs.set_last_vault(tmp_path / "kho")
    assert prefs.language() == "en"
    assert prefs.last_vault() == tmp_path / "kho"
    assert sorted(prefs.keys()) == ["language", "last_vault"]


def test_strength_hint_levels() -> None:
    assert strength.level("ngắn") == 0
    assert strength.level("aaaaaaaaaaaaaaaa") == 1
    assert strength.level("abcdefghijkl") < strength.level("Một câu mật khẩu dài 2026!")
    assert strength.level("Một câu mật khẩu đủ dài để nhớ, năm 2026!") == 4


def test_start_window_opens_the_recent_vault(
    qtbot: QtBot, controller: AppController, vault: Any, find: Any, prefs: Preferences
) -> None:
    prefs.set_last_vault(vault.path)
    controller.start()
    recent = find("recentVaultButton", QPushButton)
    assert recent.toolTip() == str(vault.path)
    assert recent.text().endswith(f"{vault.path.name}   (Ctrl+R)")
    qtbot.mouseClick(recent, Qt.MouseButton.LeftButton)
    assert find("unlockDialog") is not None
    assert find("startWindow") is None
    qtbot.mouseClick(find("unlockCancelButton", QPushButton), Qt.MouseButton.LeftButton)
    assert find("startWindow") is not None


def test_open_asks_for_a_folder(
    qtbot: QtBot, controller: AppController, vault: Any, find: Any, prompter: ScriptedPrompter
) -> None:
    controller.start()
    prompter.paths.append(None)
    qtbot.mouseClick(find("openVaultButton", QPushButton), Qt.MouseButton.LeftButton)
    assert find("unlockDialog") is None
    prompter.paths.append(vault.path)
    qtbot.mouseClick(find("openVaultButton", QPushButton), Qt.MouseButton.LeftButton)
    assert find("unlockPathLabel").text() == str(vault.path)


def test_start_window_language_choice(controller: AppController, find: Any, prefs: Preferences) -> None:
    controller.start()
    combo = find("startLanguageCombo")
    combo.activated.emit(combo.findData("en"))
    assert find("createVaultButton", QPushButton).text().startswith("Create a new vault")
    assert prefs.language() == "en"


def test_wizard_refuses_a_folder_that_is_in_use(
    controller: AppController, find: Any, vault: Any, tmp_path: Path
) -> None:
    controller.start()
    controller.open_create_wizard()
    wizard: CreateWizard = find("createWizard")
    find("vaultParentEdit", QLineEdit).setText(str(vault.path.parent))
    find("vaultNameEdit", QLineEdit).setText(vault.path.name)
    wizard.next()
    assert wizard.currentId() == PAGE_FOLDER
    assert find("folderError").text() == t("error.vault_exists", path=vault.path)
    find("vaultNameEdit", QLineEdit).setText("")
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_closing_the_wizard_after_creation_asks_first(
    qtbot: QtBot,
    controller: AppController,
    find: Any,
    tmp_path: Path,
    prompter: ScriptedPrompter,
    vault: Any,
) -> None:
    controller.start()
    controller.open_create_wizard()
    wizard: CreateWizard = find("createWizard")
    find("vaultParentEdit", QLineEdit).setText(str(tmp_path))
    find("vaultNameEdit", QLineEdit).setText("kho-có-tệp-khóa")
    wizard.next()
    assert wizard.currentId() == PAGE_PASSPHRASE
    keyfile = tmp_path / "khoa.bin"
    keyfile.write_bytes(os.urandom(64))
    for name in ("newPassphraseEdit", "repeatPassphraseEdit"):
        find(name, QLineEdit).setText(vault.passphrase)
    find("createKeyfileEdit", QLineEdit).setText(str(keyfile))
    with qtbot.waitSignal(wizard.currentIdChanged, timeout=30_000):
        wizard.next()
    prompter.confirms.extend([False, True])
    wizard.reject()
    assert wizard.isVisible()
    with qtbot.waitSignal(wizard.vaultCreated) as created:
        wizard.reject()
    assert created.args[0] == tmp_path / "kho-có-tệp-khóa"
    assert prompter.texts("confirm") == [t("ui.create.close_early")] * 2
    # The vault wants its key file: without it the dialog says so, with it the vault opens.
    find("unlockPassphraseEdit", QLineEdit).setText(vault.passphrase)
    qtbot.mouseClick(find("unlockButton", QPushButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: find("unlockError") is not None, timeout=30_000)
    assert find("unlockError").text() == t("error.keyfile_required")
    find("unlockKeyfileEdit", QLineEdit).setText(str(keyfile))
    with qtbot.waitSignal(controller.vaultOpened, timeout=30_000) as opened:
        qtbot.mouseClick(find("unlockButton", QPushButton), Qt.MouseButton.LeftButton)
    assert isinstance(opened.args[0], Vault)


def test_key_file_reading(tmp_path: Path) -> None:
    big = tmp_path / "big"
    big.write_bytes(b"x" * (MAX_KEYFILE_BYTES + 1))
    with pytest.raises(InvalidInput):
        read_keyfile(big)
    with pytest.raises(InvalidInput):
        read_keyfile(tmp_path / "missing")


def test_audit_warning_is_shown_loudly_after_unlock(
    qtbot: QtBot,
    controller: AppController,
    vault: Any,
    prompter: ScriptedPrompter,
    unlock_with: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from app.audit import verify

    original = Vault.check_audit_on_unlock

    def tampered(self: Vault) -> verify.Report:
        original(self)
        self.audit_warning = verify.Report(3, False, 0, verify.Problem(2, "audit.bad.content"))
        return self.audit_warning

    monkeypatch.setattr(Vault, "check_audit_on_unlock", tampered)
    controller.start(vault.path)
    unlock_with(controller, vault.passphrase)
    reason = t("audit.bad.content", seq=2)
    assert prompter.texts("error") == [t("audit.warning_on_unlock", reason=reason)]


def test_entry_point_arguments() -> None:
    args = parse_args(["/tmp/kho", "--lang", "en"])
    assert args.vault == "/tmp/kho"
    assert args.lang == "en"
    assert parse_args([]).vault is None
    with pytest.raises(SystemExit):
        parse_args(["--lang", "fr"])


def test_python_m_ui_installs_the_guard_first(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(HOME=str(tmp_path), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-m", "ui", "--help"],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "--lang" in done.stdout
