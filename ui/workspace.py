"""The main window's work area once a vault is open: the list of dossiers on the left, and on
the right either the vault's summary (no dossier open) or the dossier editor.

It composes the panes and keeps them in step (a save refreshes the list, opening from the list
opens in the editor); the commands behind the menus live in :mod:`ui.dossier_commands`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QStackedWidget, QWidget

from app.vault.session import Vault
from ui.context import UiContext
from ui.dossier_list import DossierListPane
from ui.editor.session import EditorSession
from ui.editor.view import DossierEditor
from ui.home_pane import HomePane


class DossierWorkspace(QSplitter):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setObjectName("workspace")
        self.list = DossierListPane(self)
        self.right = QStackedWidget(self)
        self.right.setObjectName("workspaceRight")
        self.home = HomePane(self.right)
        self.editor = DossierEditor(ctx, self.right)
        self.right.addWidget(self.home)
        self.right.addWidget(self.editor)
        self.addWidget(self.list)
        self.addWidget(self.right)
        self.setStretchFactor(1, 1)
        self.setSizes([430, 900])
        self.setChildrenCollapsible(False)
        self.session = EditorSession(ctx, self.editor, self)
        self.list.dossierActivated.connect(self.open)
        self.session.saved.connect(lambda dossier_id: self.list.refresh(keep_id=dossier_id))
        self.session.opened.connect(self._opened)

    def show_vault(self, vault: Vault) -> None:
        self.home.show_info(vault.info())
        self.list.set_vault(vault)
        self.session.attach(vault)
        self.right.setCurrentWidget(self.home)

    def clear(self) -> None:
        """At lock: nothing of the vault stays on screen or in the models."""
        self.session.detach()
        self.list.clear()
        self.home.clear()
        self.right.setCurrentWidget(self.home)

    def open(self, dossier_id: int) -> None:
        if self.session.open(dossier_id):
            self.list.select_id(dossier_id)

    def _opened(self, dossier_id: object) -> None:
        if self.session.draft is None:
            self.right.setCurrentWidget(self.home)
        else:
            self.right.setCurrentWidget(self.editor)

    def retranslate(self) -> None:
        self.list.retranslate()
        self.home.retranslate()
        self.editor.retranslate()
