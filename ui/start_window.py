"""The start window, shown while no vault is open: create a new vault, open one (or the last one
used), choose the interface language.

Signals: ``createRequested()``, ``openRequested(object)`` with a folder or None (ask for one),
``languageRequested(str)``, ``quitRequested()``.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app import i18n
from app.i18n import t
from ui.language import NAMES


class StartWindow(QWidget):
    createRequested = Signal()
    openRequested = Signal(object)
    languageRequested = Signal(str)
    quitRequested = Signal()

    def __init__(self, recent: Path | None = None) -> None:
        super().__init__()
        self.setObjectName("startWindow")
        self._recent = recent
        self.title = QLabel(self)
        self.title.setObjectName("startTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = QLabel(self)
        self.subtitle.setObjectName("startSubtitle")
        self.subtitle.setWordWrap(True)

        self.create_button = self._button("createVaultButton", QKeySequence.StandardKey.New)
        self.create_button.clicked.connect(self.createRequested)
        self.open_button = self._button("openVaultButton", QKeySequence.StandardKey.Open)
        self.open_button.clicked.connect(lambda: self.openRequested.emit(None))
        self.recent_button = self._button("recentVaultButton", "Ctrl+R")
        self.recent_button.clicked.connect(lambda: self.openRequested.emit(self._recent))
        self.recent_button.setVisible(recent is not None)
        self.quit_button = self._button("startQuitButton", "Ctrl+Q")
        self.quit_button.clicked.connect(self.quitRequested)

        self.language_label = QLabel(self)
        self.language_combo = QComboBox(self)
        self.language_combo.setObjectName("startLanguageCombo")
        for code in i18n.LANGUAGES:
            self.language_combo.addItem(NAMES[code], code)
        self.language_combo.setCurrentIndex(i18n.LANGUAGES.index(i18n.language()))
        self.language_combo.activated.connect(
            lambda index: self.languageRequested.emit(self.language_combo.itemData(index))
        )
        self.language_label.setBuddy(self.language_combo)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 32, 40, 28)
        layout.setSpacing(12)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addSpacing(16)
        for button in (self.create_button, self.open_button, self.recent_button):
            layout.addWidget(button)
        layout.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.language_label)
        row.addWidget(self.language_combo)
        row.addStretch(1)
        row.addWidget(self.quit_button)
        layout.addLayout(row)
        order = [
            self.create_button,
            self.open_button,
            self.recent_button,
            self.language_combo,
            self.quit_button,
        ]
        for first, second in itertools.pairwise(order):
            self.setTabOrder(first, second)
        self.setMinimumWidth(560)
        self.retranslate()

    def _button(self, name: str, shortcut: QKeySequence.StandardKey | str) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.setShortcut(QKeySequence(shortcut))
        button.setMinimumHeight(40)
        return button

    def set_recent(self, recent: Path | None) -> None:
        self._recent = recent
        self.recent_button.setVisible(recent is not None)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(t("ui.app.title"))
        self.title.setText(t("ui.start.title"))
        self.subtitle.setText(t("ui.start.subtitle"))
        self.create_button.setText(t("ui.start.create") + "   (Ctrl+N)")
        self.open_button.setText(t("ui.start.open") + "   (Ctrl+O)")
        if self._recent is not None:
            shown = self.fontMetrics().elidedText(str(self._recent), Qt.TextElideMode.ElideMiddle, 340)
            self.recent_button.setText(t("ui.start.recent", path=shown) + "   (Ctrl+R)")
            self.recent_button.setToolTip(str(self._recent))
        self.quit_button.setText(t("ui.action.quit"))
        self.language_label.setText(t("ui.start.language"))
        index = i18n.LANGUAGES.index(i18n.language())
        if self.language_combo.currentIndex() != index:
            self.language_combo.setCurrentIndex(index)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.quitRequested.emit()
        event.accept()
