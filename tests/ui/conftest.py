"""Fixtures of the GUI tests: a controller wired with every seam (scripted prompter, the manual
clock, an INI preferences file in the test's folder, the fast KDF through ``create_kwargs`` and
``unlock_kwargs``), and a helper that unlocks a vault through the real dialog.

The fast KDF parameters come from the shared ``vault`` fixture (``VaultHandle.kdf_floor`` is the
``WEAK`` set of ``tests/conftest.py``), so nothing here imports ``crypto``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt, QThreadPool
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from app import i18n
from app.clock import ManualClock
from app.vault.session import Vault
from ui.controller import AppController
from ui.preferences import Preferences
from ui.prompter import ScriptedPrompter

#: Qt's offscreen platform warns whenever a top-level window gets size constraints (every
#: dialog with a layout); a desktop platform does not. Nothing else may warn.
OFFSCREEN_NOISE = r"^This plugin does not support propagateSizeHints\(\)$"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture(autouse=True)
def _language_and_threads() -> Iterator[None]:
    i18n.set_language("vi")
    yield
    QThreadPool.globalInstance().waitForDone(30_000)
    i18n.set_language("vi")


@pytest.fixture
def settings_file(tmp_path: Path) -> Path:
    return tmp_path / "settings" / "hoso.ini"


@pytest.fixture
def prefs(settings_file: Path) -> Preferences:
    return Preferences(QSettings(str(settings_file), QSettings.Format.IniFormat))


@pytest.fixture
def prompter() -> ScriptedPrompter:
    return ScriptedPrompter()


@pytest.fixture
def kdf_kwargs(vault: Any) -> dict[str, dict[str, Any]]:
    """``create_kwargs`` and ``unlock_kwargs`` holding the fast test KDF."""
    return {"create_kwargs": {"kdf_params": vault.kdf_floor}, "unlock_kwargs": {"kdf_floor": vault.kdf_floor}}


@pytest.fixture
def controller(
    qtbot: QtBot,
    prompter: ScriptedPrompter,
    prefs: Preferences,
    clock: ManualClock,
    kdf_kwargs: dict[str, dict[str, Any]],
) -> Iterator[AppController]:
    ctl = AppController(
        prompter=prompter, preferences=prefs, clock=clock, lang="vi", tick_ms=20, **kdf_kwargs
    )
    yield ctl
    ctl.idle.stop()
    if ctl.vault is not None:
        ctl.vault.close_quietly()
    for widget in QApplication.topLevelWidgets():
        widget.hide()
    ctl.main_window.closing_for_good = True
    for widget in (ctl.main_window, ctl.start_window):
        widget.close()
        widget.deleteLater()
    if ctl.wizard is not None:
        ctl.wizard.deleteLater()
    QApplication.processEvents()


def find_widget(objectname: str, kind: type[QWidget] = QWidget) -> Any:
    """The visible top-level window, or widget inside one, named ``objectname``."""
    for top in QApplication.topLevelWidgets():
        if not top.isVisible():
            continue
        if top.objectName() == objectname and isinstance(top, kind):
            return top
        child = top.findChild(kind, objectname)
        if child is not None and child.isVisible():
            return child
    return None


@pytest.fixture
def find() -> Callable[..., Any]:
    """``find(objectname, kind=QWidget)``: a visible window or widget by object name, or None."""
    return find_widget


@pytest.fixture
def unlock_with(qtbot: QtBot) -> Callable[[AppController, str], Vault]:
    """Type ``passphrase`` in the controller's unlock dialog, press Unlock, wait for the vault."""

    def run(ctl: AppController, passphrase: str) -> Vault:
        qtbot.waitUntil(lambda: find_widget("unlockDialog") is not None)
        edit = find_widget("unlockPassphraseEdit", QLineEdit)
        edit.setText(passphrase)
        with qtbot.waitSignal(ctl.vaultOpened, timeout=30_000) as blocker:
            qtbot.mouseClick(find_widget("unlockButton", QPushButton), Qt.MouseButton.LeftButton)
        vault: Vault = blocker.args[0]
        return vault

    return run


def start_unlocked(
    controller: AppController, handle: Any, unlock_with: Callable[[AppController, str], Vault]
) -> AppController:
    """``controller`` started on the vault of ``handle`` and unlocked through the dialog."""
    controller.start(handle.path)
    unlock_with(controller, handle.passphrase)
    return controller


def vault_of(ctl: AppController) -> Vault:
    """The controller's open vault (the test fails when none is open)."""
    assert ctl.vault is not None
    return ctl.vault


@pytest.fixture
def opened_ui(
    controller: AppController, vault: Any, unlock_with: Callable[[AppController, str], Vault]
) -> AppController:
    """The controller with the shared test vault unlocked through the dialog."""
    return start_unlocked(controller, vault, unlock_with)
