"""The "Sao lưu kho…" command (Ctrl+Shift+K, menu Kho) and the backup reminder of a vault session.

:meth:`BackupCommand.start` asks the prompter for the destination folder (removable media; the
folder chosen last in this run is offered again — the preferences keep nothing of a vault), then
runs :func:`app.vault.backup.make_backup` with the vault's ``backup_keep`` off the GUI thread behind
the busy dialog of :mod:`ui.operations`. The dialog has no Cancel: ``VACUUM INTO`` and the check of
the copy that follows cannot be interrupted through the app layer, and a backup cancelled after it
was made and audited would only mislead. It then says where the backup is, the first 16 hex digits
of its SHA-256, that it was verified and how many older backups were rotated out — or the error
(``make_backup`` deletes a half-made folder; nothing is audited then).

A lock (by hand, when idle, or at quit) closes the adopted :class:`~ui.backup.notice.BackupNotice`
first, and that waits (up to :data:`WAIT_SECONDS`) for a running backup; its result is then told
after the lock instead of being lost.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from app.i18n import t
from app.vault import backup
from app.vault.session import Vault
from ui import operations
from ui.actions import SPECS, ActionId
from ui.backup.notice import BackupNotice, backup_due, interval_days, keep_count
from ui.context import UiContext
from ui.main_window import MainWindow

WAIT_SECONDS = 900.0  # a lock waits this long for a running backup (a slow USB stick, a big vault)
SHA_SHOWN = 16  # hex digits of the SHA-256 shown, as in ``hoso backup``


def done_text(made: backup.Backup, keep: int, *, before_lock: bool = False) -> str:
    """What the officer is told about a finished backup."""
    if not made.verified:
        return t("ui.backup.unverified", folder=str(made.folder))
    lines = [
        t("ui.backup.done_before_lock" if before_lock else "ui.backup.done"),
        "",
        t("ui.backup.folder", name=made.folder.name),
        t("ui.backup.location", parent=str(made.folder.parent)),
        t("ui.backup.sha256", prefix=made.sha256[:SHA_SHOWN]),
    ]
    if made.removed:
        lines.append(t("ui.backup.rotated", n=len(made.removed), keep=keep))
    else:
        lines.append(t("ui.backup.none_rotated", keep=keep))
    lines += ["", t("ui.backup.opens_with")]
    return "\n".join(lines)


class BackupCommand:
    def __init__(self, ctx: UiContext, main: MainWindow, vault: Callable[[], Vault | None]) -> None:
        self.ctx = ctx
        self.main = main
        self._vault = vault
        self.operation: operations.Operation | None = None
        self._ended: threading.Event | None = None
        self.notice: BackupNotice | None = None
        self.last_folder: Path | None = None  # this run only

    def running(self) -> bool:
        return self.operation is not None and self.operation.running

    # -- the reminder ----------------------------------------------------------------------
    def vault_opened(self, vault: Vault) -> None:
        """After unlock: a new notice in the status bar, shown when a backup is due."""
        notice = BackupNotice(SPECS[ActionId.BACKUP].shortcut, self.wait, self.main.status)
        notice.clicked.connect(lambda _checked=False: self.start())
        self.main.status.addPermanentWidget(notice)
        self.main.adopt(notice)
        self.ctx.language.changed.connect(notice.retranslate)
        self.notice = notice
        self.refresh(vault)

    def refresh(self, vault: Vault | None = None) -> None:
        """Show or hide the reminder for the vault's settings and last backup."""
        vault = vault or self._vault()
        notice = self.notice
        if vault is None or not vault.is_open or notice is None or not isValid(notice):
            return
        never = not vault.setting(backup.LAST_BACKUP)
        notice.show_state(backup_due(vault), never=never, days=interval_days(vault))

    # -- the backup ----------------------------------------------------------------------
    def start(self) -> None:
        vault = self._vault()
        if vault is None or self.running():
            return
        start = str(self.last_folder or Path.home())
        folder = self.ctx.prompter.choose_folder(self.main, t("ui.backup.choose_folder"), start)
        if folder is None:
            return
        self.last_folder = folder
        keep = keep_count(vault)
        ended = threading.Event()

        def work() -> backup.Backup:
            try:
                return backup.make_backup(vault, folder, keep=keep)
            finally:
                ended.set()

        self._ended = ended
        self.operation = operations.run(
            self.main,
            t("ui.backup.running", folder=str(folder)),
            work,
            lambda made: self._succeeded(made, keep),
            prompter=self.ctx.prompter,
            on_error=lambda exc: self._failed(exc, folder),
            on_discard=lambda made: self._finished_at_lock(made, keep),
        )

    def wait(self) -> None:
        """The vault is locking: wait until a running backup has left it."""
        if self.operation is not None and self._ended is not None:
            self.operation.cancel_and_wait(self._ended, WAIT_SECONDS)

    def _parent(self) -> QWidget | None:
        return self.main if self.main.isVisible() else None

    def _succeeded(self, made: backup.Backup, keep: int) -> None:
        self.refresh()
        tell = self.ctx.prompter.inform if made.verified else self.ctx.prompter.error
        tell(self._parent(), t("ui.backup.title"), done_text(made, keep))

    def _failed(self, exc: BaseException, folder: Path) -> None:
        if isinstance(exc, OSError):  # the destination refused even the backup's folder
            text = t("ui.backup.os_error", folder=str(folder), reason=exc.strerror or type(exc).__name__)
        else:
            text = operations.error_text(exc)
        self.ctx.prompter.error(self._parent(), t("ui.backup.title"), text)

    def _finished_at_lock(self, made: object, keep: int) -> None:
        """A lock waited for the backup: say where it is once the lock is done."""
        if isinstance(made, backup.Backup):
            text = done_text(made, keep, before_lock=True)
            QTimer.singleShot(0, lambda: self.ctx.prompter.inform(None, t("ui.backup.title"), text))
