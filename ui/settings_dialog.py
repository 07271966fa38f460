"""The settings dialog, in two tabs: "Chung" (idle-lock minutes 1–60, the interface language, the
secrecy mark of new dossiers, the organisation, the backup reminder after 1–90 days and the 1–100
backups kept) and "Chính sách trường" (the fields not recorded in software).

It only shows and collects choices; :class:`ui.vault_commands.VaultCommands` saves what changed
through the vault (each change an audited setting) and applies it. Sized for a 1366×768 screen.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import i18n
from app.dossier import catalogs
from app.dossier.defaults import FALLBACK_SECRECY, secrecy_codes
from app.i18n import t
from app.vault.backup import DEFAULT_INTERVAL_DAYS, DEFAULT_KEEP
from ui.backup.notice import INTERVAL_RANGE, KEEP_RANGE
from ui.idle import MAX_MINUTES, MIN_MINUTES
from ui.language import NAMES
from ui.policy_tree import PolicyTree


class SettingsDialog(QDialog):
    def __init__(
        self,
        minutes: int,
        language: str,
        parent: QWidget | None = None,
        *,
        secrecy: str = FALLBACK_SECRECY,
        not_kept: frozenset[str] = frozenset(),
        organisation: str = "",
        backup_interval: int = DEFAULT_INTERVAL_DAYS,
        backup_keep: int = DEFAULT_KEEP,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("settingsTabs")
        general = QWidget(self.tabs)
        general.setObjectName("settingsGeneralTab")
        self.minutes = QSpinBox(general)
        self.minutes.setObjectName("idleMinutesSpin")
        self.minutes.setRange(MIN_MINUTES, MAX_MINUTES)
        self.minutes.setValue(minutes)
        self.language = QComboBox(general)
        self.language.setObjectName("languageCombo")
        for code in i18n.LANGUAGES:
            self.language.addItem(NAMES[code], code)
        self.language.setCurrentIndex(max(0, self.language.findData(language)))
        self.secrecy = QComboBox(general)
        self.secrecy.setObjectName("secrecyCombo")
        for code in secrecy_codes():
            self.secrecy.addItem(code, code)
        self.secrecy.setCurrentIndex(max(0, self.secrecy.findData(secrecy)))
        self.minutes_label, self.language_label = QLabel(general), QLabel(general)
        self.secrecy_label = QLabel(general)
        self.minutes_label.setBuddy(self.minutes)
        self.language_label.setBuddy(self.language)
        self.secrecy_label.setBuddy(self.secrecy)
        self.organisation = QLineEdit(general)
        self.organisation.setObjectName("organisationEdit")
        self.organisation.setMaxLength(120)
        self.organisation.setText(organisation)
        self.organisation_label = QLabel(general)
        self.organisation_label.setBuddy(self.organisation)
        self.backup_interval = QSpinBox(general)
        self.backup_interval.setObjectName("backupIntervalSpin")
        self.backup_interval.setRange(*INTERVAL_RANGE)
        self.backup_interval.setValue(backup_interval)
        self.backup_keep = QSpinBox(general)
        self.backup_keep.setObjectName("backupKeepSpin")
        self.backup_keep.setRange(*KEEP_RANGE)
        self.backup_keep.setValue(backup_keep)
        self.backup_interval_label, self.backup_keep_label = QLabel(general), QLabel(general)
        self.backup_interval_label.setBuddy(self.backup_interval)
        self.backup_keep_label.setBuddy(self.backup_keep)
        self.secrecy_note = QLabel(general)
        self.secrecy_note.setObjectName("secrecyNote")
        self.secrecy_note.setWordWrap(True)
        form = QFormLayout(general)
        form.addRow(self.minutes_label, self.minutes)
        form.addRow(self.language_label, self.language)
        form.addRow(self.secrecy_label, self.secrecy)
        form.addRow(self.secrecy_note)
        form.addRow(self.organisation_label, self.organisation)
        form.addRow(self.backup_interval_label, self.backup_interval)
        form.addRow(self.backup_keep_label, self.backup_keep)

        policy = QWidget(self.tabs)
        policy.setObjectName("settingsPolicyTab")
        self.policy_note = QLabel(policy)
        self.policy_note.setObjectName("policyNote")
        self.policy_note.setWordWrap(True)
        self.policy_tree = PolicyTree(not_kept, policy)
        self.policy_count = QLabel(policy)
        self.policy_count.setObjectName("policyCount")
        self.policy_tree.itemChanged.connect(lambda *_: self._show_count())
        column = QVBoxLayout(policy)
        column.addWidget(self.policy_note)
        column.addWidget(self.policy_tree, 1)
        column.addWidget(self.policy_count)
        self.tabs.addTab(general, "")
        self.tabs.addTab(policy, "")

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
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        self.setTabOrder(self.minutes, self.language)
        self.setTabOrder(self.language, self.secrecy)
        self.setTabOrder(self.secrecy, self.organisation)
        self.setTabOrder(self.organisation, self.backup_interval)
        self.setTabOrder(self.backup_interval, self.backup_keep)
        self.setTabOrder(self.backup_keep, self.ok_button)
        self.setTabOrder(self.ok_button, self.cancel_button)
        self.setMinimumWidth(520)
        self.resize(680, 600)  # fits a 1366×768 screen with the taskbar; the tree scrolls
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(t("ui.settings.title"))
        self.tabs.setTabText(0, t("ui.settings.tab.general"))
        self.tabs.setTabText(1, t("ui.settings.tab.policy"))
        self.minutes_label.setText(t("ui.settings.idle_minutes"))
        self.minutes.setSuffix(" " + t("ui.settings.minutes_suffix"))
        self.language_label.setText(t("ui.settings.language"))
        self.secrecy_label.setText(t("ui.settings.secrecy"))
        self.secrecy_note.setText(t("ui.settings.secrecy_note"))
        self.organisation_label.setText(t("ui.settings.organisation"))
        self.organisation.setPlaceholderText(t("ui.settings.organisation_hint"))
        self.backup_interval_label.setText(t("ui.settings.backup_interval"))
        self.backup_keep_label.setText(t("ui.settings.backup_keep"))
        catalog = catalogs.load("secrecy")
        for index in range(self.secrecy.count()):
            self.secrecy.setItemText(index, catalog.label(str(self.secrecy.itemData(index)), i18n.language()))
        self.policy_note.setText(t("ui.settings.policy.note"))
        self.policy_tree.retranslate()
        self._show_count()
        self.ok_button.setText(t("ui.common.ok"))
        self.cancel_button.setText(t("ui.common.cancel"))

    def _show_count(self) -> None:
        self.policy_count.setText(t("ui.settings.policy.count", count=len(self.policy_tree.marked())))

    # -- what was chosen -------------------------------------------------------------------
    def chosen_minutes(self) -> int:
        return self.minutes.value()

    def chosen_language(self) -> str:
        return str(self.language.currentData())

    def chosen_secrecy(self) -> str:
        return str(self.secrecy.currentData())

    def chosen_organisation(self) -> str:
        """The committee named at the head of printed statistics reports."""
        return " ".join(self.organisation.text().split())

    def chosen_backup_interval(self) -> int:
        """After how many days without a backup the officer is reminded."""
        return self.backup_interval.value()

    def chosen_backup_keep(self) -> int:
        """How many backups of the vault a destination keeps."""
        return self.backup_keep.value()

    def chosen_not_kept(self) -> frozenset[str]:
        return self.policy_tree.not_kept()

    def policy_changed(self) -> bool:
        return self.policy_tree.changed()
