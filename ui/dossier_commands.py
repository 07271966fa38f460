"""The dossier menu's commands, wired to the workspace: new, save, close, search, filters,
reveal, history, completeness, the dossiers most in need of work, and import.

Actions that need an open dossier are enabled only while one is open; every window opened here
is adopted by the main window, so that a lock closes it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from app.vault.session import Vault
from ui.actions import ActionId, ActionRegistry
from ui.context import UiContext
from ui.main_window import MainWindow
from ui.neediest_window import NeediestWindow
from ui.vault_commands import VaultCommands

NEEDS_DOSSIER = (
    ActionId.SAVE_DOSSIER,
    ActionId.CLOSE_DOSSIER,
    ActionId.REVEAL,
    ActionId.HISTORY,
    ActionId.COMPLETENESS,
)
NEEDS_VAULT = (
    ActionId.NEW_DOSSIER,
    ActionId.FIND,
    ActionId.FILTERS,
    ActionId.NEEDIEST,
    ActionId.IMPORT,
)


class DossierCommands:
    def __init__(
        self,
        ctx: UiContext,
        main: MainWindow,
        vault_commands: VaultCommands,
        vault: Callable[[], Vault | None],
    ) -> None:
        self.ctx = ctx
        self.main = main
        self.vault_commands = vault_commands
        self._vault = vault
        self.neediest: NeediestWindow | None = None
        workspace = main.workspace
        session = workspace.session
        registry: ActionRegistry = main.registry
        registry.on(ActionId.NEW_DOSSIER, session.new)
        registry.on(ActionId.SAVE_DOSSIER, session.save)
        registry.on(ActionId.CLOSE_DOSSIER, session.close)
        registry.on(ActionId.FIND, workspace.list.focus_search)
        registry.on(ActionId.FILTERS, workspace.list.toggle_filters)
        registry.on(ActionId.REVEAL, session.reveal_fields)
        registry.on(ActionId.HISTORY, self.toggle_history)
        registry.on(ActionId.COMPLETENESS, self.toggle_completeness)
        registry.on(ActionId.NEEDIEST, self.open_neediest)
        registry.on(ActionId.IMPORT, self.open_import)
        session.opened.connect(lambda _id: self.update_actions())
        self.update_actions()

    def update_actions(self) -> None:
        registry = self.main.registry
        has_vault = self._vault() is not None
        has_dossier = has_vault and self.main.workspace.session.draft is not None
        registry.set_enabled(has_vault, *NEEDS_VAULT)
        registry.set_enabled(has_dossier, *NEEDS_DOSSIER)

    def toggle_history(self) -> None:
        self._toggle(self.main.workspace.editor.history, self.main.workspace.session.show_history)

    def toggle_completeness(self) -> None:
        self._toggle(self.main.workspace.editor.completeness, self.main.workspace.session.show_completeness)

    def _toggle(self, panel: QWidget, show: Callable[[], None]) -> None:
        """Hide ``panel`` when it is the side panel showing, otherwise fill it and show it."""
        editor = self.main.workspace.editor
        if editor.side.isVisible() and editor.side.currentWidget() is panel:
            editor.side.hide()
        else:
            show()

    def open_neediest(self) -> None:
        vault = self._vault()
        if vault is None:
            return
        if self.neediest is not None and isValid(self.neediest) and self.neediest.isVisible():
            self.neediest.raise_()
            self.neediest.activateWindow()
            return
        self.neediest = NeediestWindow(self.ctx, vault, self.main)
        self.neediest.dossierRequested.connect(self.main.workspace.open)
        self.main.adopt(self.neediest)
        self.neediest.show()

    def open_import(self) -> None:
        if self._vault() is not None:
            self.vault_commands.open_import(lambda ids: self.main.workspace.list.refresh())
