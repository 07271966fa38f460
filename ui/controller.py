"""The application controller: which window is up and the life of the open vault — start window,
create wizard, unlock, main window, lock (on demand and when idle), and quit.

It owns the seams (:class:`~ui.context.UiContext`): tests build it with a scripted prompter, a
manual clock, an INI preferences file and ``create_kwargs`` / ``unlock_kwargs`` holding the fast
KDF parameters. Locking drops the vault (``Vault.lock`` closes the database and wipes the keys),
closes every window showing vault data and puts the unlock dialog up. A lock by hand and quitting
first offer today's checkpoint slip; an idle lock does not ask (nobody is there to answer).
Signals: ``vaultOpened(object)``, ``vaultLocked()``, ``quitRequested()``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from shiboken6 import isValid

from app.clock import Clock, SystemClock
from app.errors import HosoError
from app.i18n import t
from app.vault.session import Vault
from ui.actions import ActionId
from ui.clipboard import ClipboardGuard
from ui.context import UiContext
from ui.create_wizard import CreateWizard
from ui.dossier_commands import DossierCommands
from ui.extract import ExtractCommands
from ui.idle import SETTING_KEY, IdleWatcher, minutes_from_setting
from ui.language import LanguageHub
from ui.main_window import MainWindow
from ui.preferences import Preferences
from ui.prompter import Prompter, QtPrompter
from ui.start_window import StartWindow
from ui.unlock_dialog import UnlockDialog
from ui.vault_commands import VaultCommands


class AppController(QObject):
    vaultOpened = Signal(object)
    vaultLocked = Signal()
    quitRequested = Signal()

    def __init__(
        self,
        *,
        prompter: Prompter | None = None,
        preferences: Preferences | None = None,
        clock: Clock | None = None,
        create_kwargs: dict[str, Any] | None = None,
        unlock_kwargs: dict[str, Any] | None = None,
        lang: str | None = None,
        tick_ms: int = 1000,
    ) -> None:
        super().__init__()
        prefs = preferences or Preferences.system()
        self.ctx = UiContext(
            prompter=prompter or QtPrompter(),
            preferences=prefs,
            language=LanguageHub(prefs, lang),
            clock=clock or SystemClock(),
            create_kwargs=dict(create_kwargs or {}),
            unlock_kwargs=dict(unlock_kwargs or {}),
            tick_ms=tick_ms,
        )
        self.vault: Vault | None = None
        self.vault_path: Path | None = None
        self.wizard: CreateWizard | None = None
        self.unlock_dialog: UnlockDialog | None = None
        self.start_window = StartWindow(prefs.last_vault())
        self.main_window = MainWindow(self.ctx)
        self.idle = IdleWatcher(self.ctx.clock, tick_ms, self)
        self.commands = VaultCommands(self.ctx, self.main_window, self.idle, lambda: self.vault)
        self.dossiers = DossierCommands(self.ctx, self.main_window, self.commands, lambda: self.vault)
        self.extracts = ExtractCommands(self.ctx, self.main_window, lambda: self.vault)
        self.clipboard = ClipboardGuard(self.ctx.clock, tick_ms, self)
        self.clipboard.refused.connect(self._copy_refused)
        self.discarded_at_idle_lock: str | None = None

        self.start_window.createRequested.connect(self.open_create_wizard)
        self.start_window.openRequested.connect(self.open_vault)
        self.start_window.languageRequested.connect(self.commands.set_language)
        self.start_window.quitRequested.connect(self.quit)
        self.main_window.closeRequested.connect(self.quit)
        registry = self.main_window.registry
        registry.on(ActionId.LOCK, self.lock)
        registry.on(ActionId.AUDIT_LOG, self.commands.open_audit_viewer)
        registry.on(ActionId.PRINT_CHECKPOINT, self.commands.print_checkpoint)
        registry.on(ActionId.SETTINGS, self.commands.open_settings)
        registry.on(ActionId.LANGUAGE, self.commands.toggle_language)
        registry.on(ActionId.QUIT, self.quit)
        self.idle.idle.connect(self.lock_idle)
        self.ctx.language.changed.connect(self.retranslate)

    @property
    def language(self) -> LanguageHub:
        return self.ctx.language

    def start(self, vault_path: Path | None = None) -> None:
        """Show the unlock dialog of ``vault_path``, or the start window."""
        if vault_path is not None:
            self.show_unlock(vault_path)
        else:
            self.show_start()

    def retranslate(self) -> None:
        self.start_window.retranslate()
        self.main_window.retranslate()
        if self.unlock_dialog is not None and isValid(self.unlock_dialog):
            self.unlock_dialog.retranslate()

    # -- no vault open ---------------------------------------------------------------------
    def show_start(self) -> None:
        self.start_window.set_recent(self.ctx.preferences.last_vault())
        self.start_window.show()
        self.start_window.activateWindow()

    def open_create_wizard(self) -> None:
        if self.wizard is not None and isValid(self.wizard) and self.wizard.isVisible():
            self.wizard.raise_()
            return
        self.wizard = CreateWizard(self.ctx)
        self.wizard.vaultCreated.connect(self._created)
        self.wizard.show()

    def _created(self, path: Path) -> None:
        self.ctx.preferences.set_last_vault(path)
        self.show_unlock(path)

    def open_vault(self, path: Path | None) -> None:
        if path is None:
            start = str(self.ctx.preferences.last_vault() or Path.home())
            path = self.ctx.prompter.choose_folder(self.start_window, t("ui.start.open"), start)
        if path is not None:
            self.show_unlock(path)

    def show_unlock(self, path: Path) -> None:
        if self.unlock_dialog is not None and isValid(self.unlock_dialog):
            self.unlock_dialog.blockSignals(True)  # replaced, not cancelled
            self.unlock_dialog.close()
            self.unlock_dialog.deleteLater()
        self.vault_path = path
        dialog = UnlockDialog(self.ctx, path)
        dialog.unlocked.connect(self._unlocked)
        dialog.rejected.connect(self._unlock_cancelled)
        dialog.finished.connect(dialog.deleteLater)
        self.unlock_dialog = dialog
        self.start_window.hide()
        dialog.show()
        dialog.activateWindow()

    def _unlock_cancelled(self) -> None:
        self.unlock_dialog = None
        if self.vault is None:
            self.show_start()

    # -- a vault open ------------------------------------------------------------------------
    def _unlocked(self, vault: Vault) -> None:
        self.unlock_dialog = None
        self.vault = vault
        self.ctx.preferences.set_last_vault(vault.path)
        self.commands.apply_vault_language(vault)
        self.main_window.show_vault(vault)
        self.main_window.show()
        self.main_window.activateWindow()
        self.idle.start(minutes_from_setting(vault.setting(SETTING_KEY)))
        self.clipboard.start()
        self.dossiers.update_actions()
        self.extracts.update_actions()
        self.main_window.workspace.list.focus_search()
        self.vaultOpened.emit(vault)
        if vault.audit_warning is not None and vault.audit_warning.problem is not None:
            problem = vault.audit_warning.problem
            reason = t(problem.reason_key, seq=problem.seq, **problem.params)
            self.ctx.prompter.error(
                self.main_window, t("ui.audit.warning_title"), t("audit.warning_on_unlock", reason=reason)
            )
        if vault.recovery_code_needed:
            self.ctx.prompter.inform(self.main_window, t("ui.app.title"), t("vault.recovery_needed"))
        if self.discarded_at_idle_lock is not None:
            name, self.discarded_at_idle_lock = self.discarded_at_idle_lock, None
            text = t("ui.editor.discarded_at_lock", name=name)
            self.ctx.prompter.inform(self.main_window, t("ui.app.title"), text)

    def _copy_refused(self) -> None:
        self.main_window.status.showMessage(t("ui.clipboard.refused"), 5000)

    def lock(self) -> None:
        """Lock by hand: settle unsaved changes, then offer today's checkpoint."""
        if self.vault is None or not self.main_window.workspace.session.may_leave():
            return
        wants_slip = self.ctx.prompter.confirm(
            self.main_window, t("ui.lock.title"), t("ui.checkpoint.offer_lock")
        )
        if self.vault is None:
            return  # locked while the question was up (idle)
        if wants_slip:
            self.commands.build_checkpoint(lambda data: self._drop_vault("user", data))
        else:
            self._drop_vault("user", None)

    def lock_idle(self) -> None:
        """Lock when idle: nobody is there to answer, so unsaved changes are dropped (and the
        officer is told after the next unlock)."""
        if self.vault is not None:
            session = self.main_window.workspace.session
            if session.dirty:
                self.discarded_at_idle_lock = session.describe()
            self._drop_vault("idle", None)

    def _close_vault(self, reason: str) -> HosoError | None:
        """Stop the idle watch and the clipboard guard, close every window showing vault data
        (first: that stops their background work), then lock; the error a lock met, if any."""
        vault, self.vault = self.vault, None
        self.idle.stop()
        self.clipboard.stop()
        self.main_window.release_vault()
        if vault is None:
            return None
        try:
            vault.lock(reason)
        except HosoError as exc:
            vault.close_quietly()
            return exc
        return None

    def _drop_vault(self, reason: str, slip: bytes | None) -> None:
        self.main_window.hide()
        problem = self._close_vault(reason)
        if problem is not None:
            self.ctx.prompter.error(None, t("ui.error.title"), problem.message())
        self.dossiers.update_actions()
        self.extracts.update_actions()
        self.vaultLocked.emit()
        if self.vault_path is not None:
            self.show_unlock(self.vault_path)
        self.commands.show_checkpoint(slip, self.unlock_dialog)

    # -- leaving -------------------------------------------------------------------------------
    def quit(self) -> None:
        """Leave HoSo: with a vault open, settle unsaved changes and offer today's checkpoint,
        then lock and close."""
        if self.vault is not None and not self.main_window.workspace.session.may_leave():
            return
        if self.vault is not None and self.ctx.prompter.confirm(
            self.main_window, t("ui.quit.title"), t("ui.checkpoint.offer_exit")
        ):
            self.commands.build_checkpoint(self._finish_quit)
        else:
            self._finish_quit(None)

    def _finish_quit(self, slip: bytes | None) -> None:
        self._close_vault("exit")  # leaving anyway: a failed lock record is not worth a question
        self.main_window.closing_for_good = True
        self.main_window.close()
        self.start_window.hide()
        for window in (self.wizard, self.unlock_dialog):
            if window is not None and isValid(window):
                window.hide()
        preview = self.commands.show_checkpoint(slip, None)
        if preview is not None:
            preview.finished.connect(self.quitRequested)
        else:
            self.quitRequested.emit()
