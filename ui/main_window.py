"""The main window: composes the menus (from the action registry), the workspace (the list of
dossiers and the editor) and the status bar, and keeps track of the windows that show vault data
so that a lock closes them all.

It does no domain work: the controller connects the actions and hands it an open vault.
Signal: ``closeRequested()`` when the officer closes the window (the controller decides).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow, QWidget
from shiboken6 import isValid

from app.i18n import t
from app.vault.session import Vault
from ui.actions import ActionRegistry
from ui.context import UiContext
from ui.status_bar import VaultStatusBar
from ui.workspace import DossierWorkspace


class MainWindow(QMainWindow):
    closeRequested = Signal()

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.registry = ActionRegistry(self)
        self.registry.build_menus(self.menuBar())
        self.workspace = DossierWorkspace(ctx, self)
        self.home = self.workspace.home
        self.setCentralWidget(self.workspace)
        self.status = VaultStatusBar(self)
        self.setStatusBar(self.status)
        self._vault_windows: list[QWidget] = []
        self._vault_name: str | None = None
        self.closing_for_good = False
        self.resize(1280, 800)
        self.retranslate()

    # -- vault ---------------------------------------------------------------------------
    def show_vault(self, vault: Vault) -> None:
        self._vault_name = vault.path.name
        self.workspace.show_vault(vault)
        self.status.show_open(self._vault_name)
        self.retranslate()

    def adopt(self, window: QWidget) -> None:
        """Remember a window that shows vault data; :meth:`release_vault` closes it."""
        self._vault_windows = [w for w in self._vault_windows if isValid(w)]
        self._vault_windows.append(window)

    def vault_windows(self) -> list[QWidget]:
        return [w for w in self._vault_windows if isValid(w) and w.isVisible()]

    def release_vault(self) -> None:
        """Close every window showing vault data and clear this one (at lock)."""
        for window in self._vault_windows:
            if isValid(window):
                window.close()
                window.deleteLater()
        self._vault_windows = []
        self.workspace.clear()
        self.status.show_locked()
        self._vault_name = None
        self.retranslate()

    # -- Qt ------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.registry.retranslate()
        self.workspace.retranslate()
        self.status.retranslate()
        if self._vault_name:
            self.setWindowTitle(t("ui.main.title_vault", name=self._vault_name))
        else:
            self.setWindowTitle(t("ui.app.title"))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.closing_for_good:
            event.accept()
            return
        event.ignore()
        self.closeRequested.emit()
