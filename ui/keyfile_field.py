"""The optional key-file field (a path and a "Chọn…" button) and reading the file it names.

A key file is a second factor on removable media (DESIGN §3): its bytes are read only when the
officer creates or unlocks a vault, bounded in size, and handed straight to the app layer.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QWidget

from app.i18n import t
from app.vault.keyfile import read_keyfile
from ui.prompter import Prompter


class KeyFileField(QWidget):
    def __init__(self, prompter: Prompter, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._prompter = prompter
        self.edit = QLineEdit(self)
        self.edit.setObjectName(f"{name}Edit")
        self.button = QPushButton(self)
        self.button.setObjectName(f"{name}Button")
        self.button.clicked.connect(self._browse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.edit)
        self.retranslate()

    def retranslate(self) -> None:
        self.edit.setPlaceholderText(t("ui.keyfile.placeholder"))
        self.button.setText(t("ui.keyfile.browse"))

    def _browse(self) -> None:
        path = self._prompter.choose_open_path(self, t("ui.keyfile.choose_title"), t("ui.keyfile.filter"))
        if path is not None:
            self.edit.setText(str(path))

    def path(self) -> Path | None:
        text = self.edit.text().strip()
        return Path(text) if text else None

    def read(self) -> bytes | None:
        """The key file's bytes, None when no key file is named; InvalidInput when unreadable."""
        path = self.path()
        return None if path is None else read_keyfile(path)
