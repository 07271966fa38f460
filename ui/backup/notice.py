"""The backup reminder in the status bar, and the two backup settings as the interface reads them.

After each unlock a :class:`BackupNotice` goes into the main window's status bar: a flat button,
visible only while a backup is due (:func:`app.vault.backup.due`: never backed up, or the last
backup older than ``backup_interval_days``), saying so with the shortcut; clicking it is "Sao lưu
kho…". It is hidden again once a backup is made. The main window adopts it (it shows vault state),
so a lock closes it; its closing first runs ``on_close``, through which the backup command waits
for a running backup, so the vault is never locked under ``VACUUM INTO``.

:func:`interval_days` and :func:`keep_count` read the vault's settings as numbers within
:data:`INTERVAL_RANGE` and :data:`KEEP_RANGE` (the defaults of :mod:`app.vault.backup` when absent
or damaged); the settings dialog offers the same ranges.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QPushButton, QStyle, QWidget

from app.i18n import t
from app.vault import backup
from app.vault.session import Vault

INTERVAL_RANGE = (1, 90)  # days
KEEP_RANGE = (1, 100)  # backups of one vault kept in a destination


def _number(value: str | None, default: int, bounds: tuple[int, int]) -> int:
    try:
        number = int(value) if value is not None else default
    except ValueError:
        return default
    return max(bounds[0], min(bounds[1], number))


def interval_days(vault: Vault) -> int:
    """After how many days without a backup the officer is reminded."""
    return _number(vault.setting(backup.INTERVAL_SETTING), backup.DEFAULT_INTERVAL_DAYS, INTERVAL_RANGE)


def keep_count(vault: Vault) -> int:
    """How many backups of this vault a destination keeps (older ones are rotated out)."""
    return _number(vault.setting(backup.KEEP_SETTING), backup.DEFAULT_KEEP, KEEP_RANGE)


def backup_due(vault: Vault) -> bool:
    """:func:`app.vault.backup.due`; a damaged setting counts as due (better one reminder too many)."""
    try:
        return backup.due(vault)
    except ValueError:
        return True


class BackupNotice(QPushButton):
    """The status-bar reminder of one vault session (see the module docstring)."""

    def __init__(self, shortcut: str, on_close: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupReminder")
        self.setFlat(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the shortcut is the keyboard way
        self.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
        self.setIconSize(QSize(16, 16))
        self._shortcut = shortcut
        self._on_close = on_close
        self._never = True
        self._days = backup.DEFAULT_INTERVAL_DAYS
        self.hide()  # explicitly: a status bar would otherwise show it when it is added

    def show_state(self, due: bool, *, never: bool, days: int) -> None:
        """Shown while a backup is ``due``: ``never`` made, or the last older than ``days``."""
        self._never, self._days = never, days
        self.retranslate()
        self.setVisible(due)

    def retranslate(self) -> None:
        key = "ui.backup.reminder_never" if self._never else "ui.backup.reminder"
        self.setText(t(key, days=self._days, shortcut=self._shortcut))
        self.setToolTip(t("ui.action.backup"))

    def closeEvent(self, event: QCloseEvent) -> None:
        """A lock closes the notice: a running backup is waited for first."""
        self._on_close()
        super().closeEvent(event)
