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
    DOSSIER = "dossier"
    EXTRACTS = "extracts"
    STATISTICS = "statistics"
    AUDIT = "audit"


class ActionId(Enum):
    LOCK = "lock"
    BACKUP = "backup"
    ORG_KEYS = "org_keys"
    AUDIT_LOG = "audit_log"
    PRINT_CHECKPOINT = "print_checkpoint"
    SETTINGS = "settings"
    LANGUAGE = "language"
    QUIT = "quit"
    NEW_DOSSIER = "new_dossier"
    SAVE_DOSSIER = "save_dossier"
    CLOSE_DOSSIER = "close_dossier"
    FIND = "find"
    FILTERS = "filters"
    REVEAL = "reveal"
    HISTORY = "history"
    COMPLETENESS = "completeness"
    DOCUMENTS = "documents"
    NEEDIEST = "neediest"
    IMPORT = "import"
    READERS = "readers"
    PRINT_EXTRACT = "print_extract"
    COPY_REGISTER = "copy_register"
    READING_REGISTER = "reading_register"
    TRACE = "trace"
    STATISTICS = "statistics"


@dataclass(frozen=True, slots=True)
class ActionSpec:
    text_key: str
    shortcut: str
    menu: MenuId
    separator_before: bool = False


SPECS: dict[ActionId, ActionSpec] = {
    ActionId.LOCK: ActionSpec("ui.action.lock", "Ctrl+L", MenuId.VAULT),
    ActionId.BACKUP: ActionSpec("ui.action.backup", "Ctrl+Shift+K", MenuId.VAULT),
    ActionId.ORG_KEYS: ActionSpec("ui.action.org_keys", "Ctrl+Shift+Y", MenuId.VAULT),
    ActionId.SETTINGS: ActionSpec("ui.action.settings", "Ctrl+,", MenuId.VAULT),
    ActionId.LANGUAGE: ActionSpec("ui.action.language", "Ctrl+Shift+L", MenuId.VAULT),
    ActionId.QUIT: ActionSpec("ui.action.quit", "Ctrl+Q", MenuId.VAULT, separator_before=True),
    ActionId.NEW_DOSSIER: ActionSpec("ui.action.new_dossier", "Ctrl+N", MenuId.DOSSIER),
    ActionId.SAVE_DOSSIER: ActionSpec("ui.action.save_dossier", "Ctrl+S", MenuId.DOSSIER),
    ActionId.CLOSE_DOSSIER: ActionSpec("ui.action.close_dossier", "Ctrl+W", MenuId.DOSSIER),
    ActionId.FIND: ActionSpec("ui.action.find", "Ctrl+F", MenuId.DOSSIER, separator_before=True),
    ActionId.FILTERS: ActionSpec("ui.action.filters", "Ctrl+Shift+F", MenuId.DOSSIER),
    ActionId.REVEAL: ActionSpec("ui.action.reveal", "Ctrl+R", MenuId.DOSSIER, separator_before=True),
    ActionId.HISTORY: ActionSpec("ui.action.history", "Ctrl+H", MenuId.DOSSIER),
    ActionId.COMPLETENESS: ActionSpec("ui.action.completeness", "Ctrl+Shift+C", MenuId.DOSSIER),
    ActionId.DOCUMENTS: ActionSpec("ui.action.documents", "Ctrl+Shift+O", MenuId.DOSSIER),
    ActionId.NEEDIEST: ActionSpec("ui.action.neediest", "Ctrl+Shift+N", MenuId.DOSSIER),
    ActionId.IMPORT: ActionSpec("ui.action.import", "Ctrl+I", MenuId.DOSSIER, separator_before=True),
    ActionId.READERS: ActionSpec("ui.action.readers", "Ctrl+Shift+R", MenuId.EXTRACTS),
    ActionId.PRINT_EXTRACT: ActionSpec("ui.action.print_extract", "Ctrl+P", MenuId.EXTRACTS),
    ActionId.COPY_REGISTER: ActionSpec("ui.action.copy_register", "Ctrl+Shift+B", MenuId.EXTRACTS, True),
    ActionId.READING_REGISTER: ActionSpec("ui.action.reading_register", "Ctrl+Shift+D", MenuId.EXTRACTS),
    ActionId.TRACE: ActionSpec("ui.action.trace", "Ctrl+Shift+T", MenuId.EXTRACTS, separator_before=True),
    ActionId.STATISTICS: ActionSpec("ui.action.statistics", "Ctrl+Shift+G", MenuId.STATISTICS),
    ActionId.AUDIT_LOG: ActionSpec("ui.action.audit_log", "Ctrl+Shift+A", MenuId.AUDIT),
    ActionId.PRINT_CHECKPOINT: ActionSpec("ui.action.print_checkpoint", "Ctrl+Shift+P", MenuId.AUDIT),
}

MENU_KEYS = {
    MenuId.VAULT: "ui.menu.vault",
    MenuId.DOSSIER: "ui.menu.dossier",
    MenuId.EXTRACTS: "ui.menu.extracts",
    MenuId.STATISTICS: "ui.menu.statistics",
    MenuId.AUDIT: "ui.menu.audit",
}


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

    def on(self, action_id: ActionId, slot: Callable[[], object]) -> None:
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
