"""The settings dialog: idle-lock minutes (1–60) and the interface language, saved in the vault
through ``Vault.change_setting`` (each change is an audit entry). The controller applies them.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app import i18n
from app.i18n import t
from ui.idle import MAX_MINUTES, MIN_MINUTES
from ui.language import NAMES


class SettingsDialog(QDialog):
    def __init__(self, minutes: int, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.minutes = QSpinBox(self)
        self.minutes.setObjectName("idleMinutesSpin")
        self.minutes.setRange(MIN_MINUTES, MAX_MINUTES)
        self.minutes.setValue(minutes)
        self.language = QComboBox(self)
        self.language.setObjectName("languageCombo")
        for code in i18n.LANGUAGES:
            self.language.addItem(NAMES[code], code)
        self.language.setCurrentIndex(max(0, self.language.findData(language)))
        self.minutes_label, self.language_label = QLabel(self), QLabel(self)
        self.minutes_label.setBuddy(self.minutes)
        self.language_label.setBuddy(self.language)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.setObjectName("settingsButtons")
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("settingsOkButton")
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("settingsCancelButton")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.minutes_label, self.minutes)
        form.addRow(self.language_label, self.language)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setTabOrder(self.minutes, self.language)
        self.setTabOrder(self.language, self.ok_button)
        self.setTabOrder(self.ok_button, self.cancel_button)
        self.setMinimumWidth(420)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(t("ui.settings.title"))
        self.minutes_label.setText(t("ui.settings.idle_minutes"))
        self.minutes.setSuffix(" " + t("ui.settings.minutes_suffix"))
        self.language_label.setText(t("ui.settings.language"))
        self.ok_button.setText(t("ui.common.ok"))
        self.cancel_button.setText(t("ui.common.cancel"))

    def chosen_minutes(self) -> int:
        return self.minutes.value()

    def chosen_language(self) -> str:
        return str(self.language.currentData())
