"""The main window's status bar: whether the vault is open and which vault it is."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from app.i18n import t


class VaultStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusBar")
        self.lock_label = QLabel(self)
        self.lock_label.setObjectName("lockStateLabel")
        self.vault_label = QLabel(self)
        self.vault_label.setObjectName("vaultNameLabel")
        self.addWidget(self.lock_label)
        self.addPermanentWidget(self.vault_label)
        self._name: str | None = None
        self.retranslate()

    def show_open(self, vault_name: str) -> None:
        self._name = vault_name
        self.retranslate()

    def show_locked(self) -> None:
        self._name = None
        self.retranslate()

    def retranslate(self) -> None:
        if self._name is None:
            self.lock_label.setText(t("ui.status.locked"))
            self.vault_label.setText("")
        else:
            self.lock_label.setText(t("ui.status.unlocked"))
            self.vault_label.setText(t("ui.status.vault", name=self._name))
