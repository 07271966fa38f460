"""Backups from the desktop: the "Sao lưu kho…" command and the reminder in the status bar.
See :mod:`ui.backup.command` and :mod:`ui.backup.notice`; the backup itself is
:mod:`app.vault.backup`."""

from ui.backup.command import BackupCommand
from ui.backup.notice import BackupNotice

__all__ = ["BackupCommand", "BackupNotice"]
