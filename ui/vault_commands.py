"""The commands of an open vault, behind the main window's actions: the audit viewer, the
settings dialog, the import dialog, the organisation's public keys, today's checkpoint slip, the
language switch and backups.

Every window opened here is adopted by the main window, so a lock closes it. Settings go to the
vault through ``Vault.change_setting`` (audited), only those the officer changed: idle minutes,
language (also kept in the preferences), the default secrecy mark of new dossiers, the
organisation, the backup reminder interval and the number of backups kept, and the field policy
(``DossierService.set_policy``).

"Sao lưu kho…" (Ctrl+Shift+K) is :class:`ui.backup.BackupCommand`, wired here; its reminder is
put in the status bar right after unlock, from :meth:`VaultCommands.apply_vault_language` (the
controller's one call here at unlock).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from app.dossier.defaults import default_secrecy, set_default_secrecy
from app.dossier.service import DossierService
from app.errors import HosoError
from app.i18n import t
from app.stats.service import ORGANISATION_SETTING
from app.vault import backup
from app.vault.session import Vault
from ui import operations
from ui.actions import ActionId
from ui.audit_viewer import AuditViewer
from ui.backup import BackupCommand
from ui.backup.notice import interval_days, keep_count
from ui.checkpoint import checkpoint_work
from ui.context import UiContext
from ui.idle import SETTING_KEY, IdleWatcher, minutes_from_setting
from ui.import_dialog import ImportDialog
from ui.keys_dialog import KeysDialog
from ui.main_window import MainWindow
from ui.pdf_preview import PdfPreviewDialog
from ui.settings_dialog import SettingsDialog

LANGUAGE_SETTING = "language"


class VaultCommands:
    def __init__(
        self, ctx: UiContext, main: MainWindow, idle: IdleWatcher, vault: Callable[[], Vault | None]
    ):
        self.ctx = ctx
        self.main = main
        self.idle = idle
        self._vault = vault
        self.audit_viewer: AuditViewer | None = None
        self.settings_dialog: SettingsDialog | None = None
        self.import_dialog: ImportDialog | None = None
        self.keys_dialog: KeysDialog | None = None
        self.backup = BackupCommand(ctx, main, vault)
        main.registry.on(ActionId.BACKUP, self.backup.start)
        main.registry.on(ActionId.ORG_KEYS, self.open_org_keys)

    # -- audit viewer --------------------------------------------------------------------
    def open_audit_viewer(self) -> None:
        vault = self._vault()
        if vault is None:
            return
        if self.audit_viewer is not None and isValid(self.audit_viewer) and self.audit_viewer.isVisible():
            self.audit_viewer.raise_()
            self.audit_viewer.activateWindow()
            return
        self.audit_viewer = AuditViewer(self.ctx, vault, self.main)
        self.main.adopt(self.audit_viewer)
        self.audit_viewer.show()

    # -- organisation keys ---------------------------------------------------------------
    def open_org_keys(self) -> KeysDialog | None:
        """Show this vault's organisation public keys (or raise the window already open)."""
        vault = self._vault()
        if vault is None:
            return None
        if self.keys_dialog is not None and isValid(self.keys_dialog) and self.keys_dialog.isVisible():
            self.keys_dialog.raise_()
            self.keys_dialog.activateWindow()
            return self.keys_dialog
        dialog = KeysDialog(self.ctx, vault, self.main)
        self.ctx.language.changed.connect(dialog.retranslate)
        self.keys_dialog = dialog
        self.main.adopt(dialog)
        dialog.show()
        return dialog

    # -- settings ------------------------------------------------------------------------
    def open_settings(self) -> None:
        vault = self._vault()
        if vault is None:
            return
        try:
            not_kept = DossierService(vault).policy().not_kept
        except (HosoError, ValueError, TypeError):  # a damaged policy setting: shown empty, replaced on save
            not_kept = frozenset()
        dialog = SettingsDialog(
            minutes_from_setting(vault.setting(SETTING_KEY)),
            self.ctx.language.current(),
            self.main,
            secrecy=default_secrecy(vault),
            not_kept=not_kept,
            organisation=vault.setting(ORGANISATION_SETTING) or "",
            backup_interval=interval_days(vault),
            backup_keep=keep_count(vault),
        )
        dialog.accepted.connect(lambda: self._save_settings(dialog))
        self.ctx.language.changed.connect(dialog.retranslate)
        self.settings_dialog = dialog
        self.main.adopt(dialog)
        dialog.open()

    def _save_settings(self, dialog: SettingsDialog) -> None:
        """Save what the officer changed, each an audited setting change; stop at the first error."""
        vault = self._vault()
        if vault is None:
            return
        minutes = dialog.chosen_minutes()
        try:
            if minutes != minutes_from_setting(vault.setting(SETTING_KEY)):
                vault.change_setting(SETTING_KEY, str(minutes))
            if dialog.chosen_secrecy() != default_secrecy(vault):
                set_default_secrecy(vault, dialog.chosen_secrecy())
            if dialog.chosen_organisation() != (vault.setting(ORGANISATION_SETTING) or ""):
                vault.change_setting(ORGANISATION_SETTING, dialog.chosen_organisation())
            if dialog.chosen_backup_interval() != interval_days(vault):
                vault.change_setting(backup.INTERVAL_SETTING, str(dialog.chosen_backup_interval()))
            if dialog.chosen_backup_keep() != keep_count(vault):
                vault.change_setting(backup.KEEP_SETTING, str(dialog.chosen_backup_keep()))
            if dialog.policy_changed():
                DossierService(vault).set_policy(dialog.chosen_not_kept())
        except HosoError as exc:
            self.ctx.prompter.error(self.main, t("ui.error.title"), exc.message())
            return
        finally:
            self.backup.refresh(vault)  # the interval may have changed
        self.idle.set_minutes(minutes)
        if dialog.chosen_language() != self.ctx.language.current():
            self.set_language(dialog.chosen_language())

    # -- import --------------------------------------------------------------------------
    def open_import(self, on_imported: Callable[[list[int]], None]) -> ImportDialog | None:
        """Open the import dialog (or raise the one open); ``on_imported`` gets the ids written."""
        vault = self._vault()
        if vault is None:
            return None
        if self.import_dialog is not None and isValid(self.import_dialog) and self.import_dialog.isVisible():
            self.import_dialog.raise_()
            self.import_dialog.activateWindow()
            return self.import_dialog
        dialog = ImportDialog(self.ctx, vault, self.main)
        dialog.imported.connect(on_imported)
        self.import_dialog = dialog
        self.main.adopt(dialog)
        dialog.open()
        return dialog

    # -- language ------------------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        """Switch the interface language; with a vault open, also record it there (audited)."""
        vault = self._vault()
        if vault is not None and vault.is_open:
            try:
                vault.change_setting(LANGUAGE_SETTING, lang)
            except HosoError as exc:
                self.ctx.prompter.error(self.main, t("ui.error.title"), exc.message())
        self.ctx.language.set(lang)

    def toggle_language(self) -> None:
        self.set_language(self.ctx.language.other())

    def apply_vault_language(self, vault: Vault) -> None:
        """After unlock: the language last chosen in this vault, if any; then the backup reminder
        (in that language)."""
        lang = vault.setting(LANGUAGE_SETTING)
        if lang in ("vi", "en") and lang != self.ctx.language.current():
            self.ctx.language.set(lang)
        self.backup.vault_opened(vault)

    # -- checkpoint ------------------------------------------------------------------------
    def build_checkpoint(self, then: Callable[[bytes | None], object]) -> None:
        """Sign and lay out today's checkpoint off the GUI thread; ``then`` gets the PDF, or None
        after a failure (already shown)."""
        vault = self._vault()
        if vault is None:
            then(None)
            return

        def failed(exc: BaseException) -> None:
            self.ctx.prompter.error(self.main, t("ui.error.title"), operations.error_text(exc))
            then(None)

        try:
            work = checkpoint_work(vault)
        except HosoError as exc:
            failed(exc)
            return
        parent = self.main if self.main.isVisible() else None
        operations.run(parent, t("ui.pdf.building"), work, lambda data: then(data), on_error=failed)

    def print_checkpoint(self) -> None:
        self.build_checkpoint(lambda data: self.show_checkpoint(data, self.main, adopt=True))

    def show_checkpoint(
        self, data: Any, parent: QWidget | None, adopt: bool = False
    ) -> PdfPreviewDialog | None:
        if not data:
            return None
        preview = PdfPreviewDialog(parent, t("ui.checkpoint.title"), data, self.ctx.prompter)
        if adopt:
            self.main.adopt(preview)
        preview.show()
        return preview
