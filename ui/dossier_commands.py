"""The dossier menu's commands, wired to the workspace: new, save, close, search, filters,
reveal, history, completeness, the dossier's documents, the dossiers most in need of work, and
import.

Actions that need an open dossier are enabled only while one is open (the documents window: a
saved one); every window opened here is adopted by the main window, so that a lock closes it.
The documents window follows the editor: another dossier opened there is shown in it, closing
the dossier closes it, and a portrait chosen in it is shown by the editor (unless the editor has
a photo change of its own pending).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from app.dossier.portrait import get_portrait
from app.i18n import t
from app.vault.session import Vault
from ui.actions import ActionId, ActionRegistry
from ui.context import UiContext
from ui.main_window import MainWindow
from ui.neediest_window import NeediestWindow
from ui.vault_commands import VaultCommands

if TYPE_CHECKING:
    from ui.documents.documents_window import DocumentsWindow

NEEDS_DOSSIER = (
    ActionId.SAVE_DOSSIER,
    ActionId.CLOSE_DOSSIER,
    ActionId.REVEAL,
    ActionId.HISTORY,
    ActionId.COMPLETENESS,
)
NEEDS_SAVED_DOSSIER = (ActionId.DOCUMENTS,)
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
        self.documents: DocumentsWindow | None = None
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
        registry.on(ActionId.DOCUMENTS, self.open_documents)
        registry.on(ActionId.NEEDIEST, self.open_neediest)
        registry.on(ActionId.IMPORT, self.open_import)
        session.opened.connect(lambda _id: self.update_actions())
        session.opened.connect(lambda _id: self._follow_editor())
        session.saved.connect(lambda _id: self.update_actions())
        session.saved.connect(lambda _id: self._follow_editor())
        self.update_actions()

    def update_actions(self) -> None:
        registry = self.main.registry
        has_vault = self._vault() is not None
        has_dossier = has_vault and self.main.workspace.session.draft is not None
        registry.set_enabled(has_vault, *NEEDS_VAULT)
        registry.set_enabled(has_dossier, *NEEDS_DOSSIER)
        registry.set_enabled(self._saved_dossier() is not None, *NEEDS_SAVED_DOSSIER)

    def _saved_dossier(self) -> int | None:
        """The id of the saved dossier open in the editor, if any."""
        draft = self.main.workspace.session.draft
        return draft.dossier_id if self._vault() is not None and draft is not None else None

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

    def documents_window(self) -> DocumentsWindow | None:
        window = self.documents
        return window if window is not None and isValid(window) and window.isVisible() else None

    def open_documents(self) -> None:
        """The documents of the dossier open in the editor (raised when already open)."""
        # Imported here: the window is only needed once asked for.
        from ui.documents.documents_window import DocumentsWindow

        vault, dossier_id = self._vault(), self._saved_dossier()
        if vault is None or dossier_id is None:
            self.main.status.showMessage(t("ui.documents.none_open"), 5000)
            return
        shown = self.documents_window()
        if shown is not None:
            self._follow_editor()
            shown.raise_()
            shown.activateWindow()
            return
        name = self.main.workspace.session.describe()
        window = DocumentsWindow(self.ctx, vault, dossier_id, name, self.main)
        window.portraitChanged.connect(self._portrait_changed)
        self.documents = window
        self.main.adopt(window)
        window.show()
        window.activateWindow()

    def _follow_editor(self) -> None:
        """The documents window shows the dossier open in the editor; none open closes it."""
        window = self.documents_window()
        if window is None:
            return
        dossier_id = self._saved_dossier()
        if dossier_id is None:
            window.close()
        else:
            window.set_dossier(dossier_id, self.main.workspace.session.describe())

    def _portrait_changed(self, dossier_id: int) -> None:
        """A page became the portrait: the editor shows it, unless it holds a change of its own."""
        vault, editor = self._vault(), self.main.workspace.editor
        if vault is not None and self._saved_dossier() == dossier_id and editor.portrait.pending() is None:
            editor.portrait.set_portrait(get_portrait(vault, dossier_id))

    def open_import(self) -> None:
        if self._vault() is not None:
            self.vault_commands.open_import(lambda ids: self.main.workspace.list.refresh())
