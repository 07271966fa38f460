"""Every command of the main window, declared once: an id, a text key, a shortcut and a menu.

:class:`ActionRegistry` creates one ``QAction`` per :class:`ActionId` (object name
``action_<id>``), retranslates them, and lays out the menus; the main window and the controller
only look actions up by id. Shortcuts are application-wide so that they work from the audit
viewer's own window too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenuBar, QWidget

from app import i18n
from app.i18n import t
from ui.language import NAMES


class MenuId(Enum):
    VAULT = "vault"
    AUDIT = "audit"


class ActionId(Enum):
    LOCK = "lock"
    AUDIT_LOG = "audit_log"
    PRINT_CHECKPOINT = "print_checkpoint"
    SETTINGS = "settings"
    LANGUAGE = "language"
    QUIT = "quit"


@dataclass(frozen=True, slots=True)
class ActionSpec:
    text_key: str
    shortcut: str
    menu: MenuId
    separator_before: bool = False


SPECS: dict[ActionId, ActionSpec] = {
    ActionId.LOCK: ActionSpec("ui.action.lock", "Ctrl+L", MenuId.VAULT),
    ActionId.SETTINGS: ActionSpec("ui.action.settings", "Ctrl+,", MenuId.VAULT),
    ActionId.LANGUAGE: ActionSpec("ui.action.language", "Ctrl+Shift+L", MenuId.VAULT),
    ActionId.QUIT: ActionSpec("ui.action.quit", "Ctrl+Q", MenuId.VAULT, separator_before=True),
    ActionId.AUDIT_LOG: ActionSpec("ui.action.audit_log", "Ctrl+Shift+A", MenuId.AUDIT),
    ActionId.PRINT_CHECKPOINT: ActionSpec("ui.action.print_checkpoint", "Ctrl+Shift+P", MenuId.AUDIT),
}

MENU_KEYS = {MenuId.VAULT: "ui.menu.vault", MenuId.AUDIT: "ui.menu.audit"}


class ActionRegistry(QObject):
    """The QActions of one window, created from :data:`SPECS`."""

    def __init__(self, owner: QWidget) -> None:
        super().__init__(owner)
        self._owner = owner
        self._actions: dict[ActionId, QAction] = {}
        for action_id, spec in SPECS.items():
            action = QAction(owner)
            action.setObjectName(f"action_{action_id.value}")
            action.setShortcut(QKeySequence(spec.shortcut))
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            owner.addAction(action)
            self._actions[action_id] = action
        self._menus: dict[MenuId, QAction] = {}
        self.retranslate()

    def __getitem__(self, action_id: ActionId) -> QAction:
        return self._actions[action_id]

    def on(self, action_id: ActionId, slot: Callable[[], None]) -> None:
        """Run ``slot`` (with no arguments) when the action fires."""
        self._actions[action_id].triggered.connect(lambda _checked=False: slot())

    def set_enabled(self, enabled: bool, *ids: ActionId) -> None:
        for action_id in ids or tuple(self._actions):
            self._actions[action_id].setEnabled(enabled)

    def build_menus(self, bar: QMenuBar) -> None:
        for menu_id in MenuId:
            menu = bar.addMenu("")
            menu.setObjectName(f"menu_{menu_id.value}")
            self._menus[menu_id] = menu.menuAction()
            for action_id, spec in SPECS.items():
                if spec.menu is menu_id:
                    if spec.separator_before:
                        menu.addSeparator()
                    menu.addAction(self._actions[action_id])
        self.retranslate()

    def retranslate(self) -> None:
        other = "en" if i18n.language() == "vi" else "vi"
        for action_id, spec in SPECS.items():
            action = self._actions[action_id]
            action.setText(t(spec.text_key, language=NAMES[other]))
            action.setToolTip(f"{action.text().replace('&', '')} ({spec.shortcut})")
        for menu_id, menu_action in self._menus.items():
            menu_action.setText(t(MENU_KEYS[menu_id]))
