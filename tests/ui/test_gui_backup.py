"""Backups from the desktop, on real vaults and real folders.

"Sao lưu kho…" (Ctrl+Shift+K, menu Kho) makes a verified backup in the chosen folder behind a busy
dialog without Cancel, audited as ``vault.backup``, and says where it is; a missing or unwritable
folder shows the error and writes nothing; the reminder is in the status bar at unlock while a
backup is due and goes once one is made; the settings' two spin boxes are audited settings and
rotation and the reminder follow them; a lock during a backup waits for it and closes cleanly.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import struct
import threading
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu, QPushButton, QSpinBox
from pytestqt.qtbot import QtBot

from app.audit import query
from app.audit.actions import Action
from app.clock import ManualClock
from app.i18n import t
from app.vault import backup
from app.vault.session import Vault
from app.vault.unlock import unlock
from tests.conftest import VaultHandle
from tests.ui.conftest import vault_of
from ui.actions import ActionId
from ui.controller import AppController
from ui.prompter import ScriptedPrompter

DAY = 86_400.0
SHORTCUT = "Ctrl+Shift+K"


class GatedClock(ManualClock):
    """A manual clock whose ``now()``, asked from a worker thread, waits while the gate is shut:
    a test holds a backup inside ``make_backup`` (its first step asks the time)."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.gate.set()
        self.held = threading.Event()

    def now(self) -> datetime:
        if threading.current_thread() is not threading.main_thread() and not self.gate.is_set():
            self.held.set()
            self.gate.wait(30)
        return super().now()


@pytest.fixture
def clock() -> GatedClock:
    return GatedClock()


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


FS_IOC_GETFLAGS, FS_IOC_SETFLAGS, FS_IMMUTABLE_FL = 0x80086601, 0x40086602, 0x10


def _immutable(folder: Path, on: bool) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        buf = bytearray(8)
        fcntl.ioctl(fd, FS_IOC_GETFLAGS, buf)
        flags = struct.unpack("i", buf[:4])[0]
        flags = flags | FS_IMMUTABLE_FL if on else flags & ~FS_IMMUTABLE_FL
        fcntl.ioctl(fd, FS_IOC_SETFLAGS, struct.pack("i", flags) + bytes(4))
    finally:
        os.close(fd)


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    """A folder nobody may write into: mode 0555, and for root (who ignores modes) immutable."""
    folder = tmp_path / "write-protected"
    folder.mkdir()
    folder.chmod(0o555)
    if os.geteuid() == 0:
        _immutable(folder, True)
    with pytest.raises(PermissionError):  # the fixture itself must hold
        (folder / "probe").mkdir()
    yield folder
    if os.geteuid() == 0:
        _immutable(folder, False)
    folder.chmod(0o755)


def backup_now(ctl: AppController, qtbot: QtBot, prompter: ScriptedPrompter, folder: Path) -> None:
    prompter.paths.append(folder)
    ctl.main_window.registry[ActionId.BACKUP].trigger()
    qtbot.waitUntil(lambda: not ctl.commands.backup.running(), timeout=30_000)


def backups_in(folder: Path) -> list[Path]:
    return sorted(folder.glob(backup.PREFIX + "*"))


def audited(vault: Vault, action: Action) -> list[query.Entry]:
    return query.entries(vault, query.AuditFilter(action=action.value))


def backup_settings_changes(vault: Vault) -> list[tuple[str, Any, Any]]:
    """The audited changes of the two settings offered in the dialog (a backup itself records
    ``last_backup_at``, also a setting)."""
    ours = (backup.INTERVAL_SETTING, backup.KEEP_SETTING)
    changes = audited(vault, Action.SETTINGS_CHANGE)
    return sorted((e.target, e.details["old"], e.details["new"]) for e in changes if e.target in ours)


def lock(ctl: AppController, prompter: ScriptedPrompter) -> None:
    prompter.confirms.append(False)  # no checkpoint slip
    ctl.main_window.registry[ActionId.LOCK].trigger()
    assert ctl.vault is None


def reminder(find: Callable[..., Any]) -> Any:
    return find("backupReminder", QPushButton)


def test_the_action_makes_a_verified_backup_and_says_where(
    opened_ui: AppController, qtbot: QtBot, prompter: ScriptedPrompter, find: Any, usb: Path,
    vault: VaultHandle, clock: GatedClock, tmp_path: Path,
) -> None:  # fmt: skip
    action = opened_ui.main_window.registry[ActionId.BACKUP]
    assert action.text() == "Sao lưu kho…"
    assert action.shortcut().toString() == SHORTCUT
    menu = opened_ui.main_window.findChild(QMenu, "menu_vault")
    assert menu is not None
    assert action in menu.actions()

    prompter.paths.append(usb)
    action.trigger()
    assert find("busyDialog") is not None  # the busy indicator, without Cancel
    assert find("busyCancelButton") is None
    assert str(usb) in find("busyLabel").text()
    qtbot.waitUntil(lambda: not opened_ui.commands.backup.running(), timeout=30_000)
    assert find("busyDialog") is None

    (folder,) = backups_in(usb)
    manifest = backup.read_manifest(folder)  # every file matches its manifest
    opened = vault_of(opened_ui)
    assert manifest["vault_id"] == opened.vault_id
    digest = hashlib.sha256((folder / "vault.db").read_bytes()).hexdigest()
    assert prompter.texts("error") == []
    (said,) = prompter.texts("inform")
    assert t("ui.backup.done") in said
    assert t("ui.backup.folder", name=folder.name) in said
    assert t("ui.backup.location", parent=str(usb)) in said
    assert t("ui.backup.sha256", prefix=digest[:16]) in said
    assert t("ui.backup.none_rotated", keep=10) in said
    (entry,) = audited(opened, Action.VAULT_BACKUP)
    assert entry.details == {"folder": folder.name, "sha256": digest, "verified": True, "rotated": 0}
    assert opened.setting(backup.LAST_BACKUP) is not None

    # The backup is the vault: restored, it opens with the same passphrase.
    restored = tmp_path / "restored"
    backup.restore_files(folder, restored)
    copy = unlock(restored, vault.passphrase, kdf_floor=vault.kdf_floor, clock=clock)
    try:
        assert copy.vault_id == opened.vault_id
        assert copy.info()["dossiers"] == manifest["counts"]["dossiers"]
        assert copy.verify_audit().ok
    finally:
        copy.close_quietly()

    # Offered again next time: the folder chosen last.
    clock.advance(1)
    backup_now(opened_ui, qtbot, prompter, usb)
    assert len(backups_in(usb)) == 2


@pytest.mark.parametrize("where", ["missing", "read_only"])
def test_a_missing_or_unwritable_folder_shows_the_error_and_writes_nothing(
    where: str, opened_ui: AppController, qtbot: QtBot, prompter: ScriptedPrompter, find: Any,
    tmp_path: Path, request: pytest.FixtureRequest,
) -> None:  # fmt: skip
    folder = tmp_path / "không có" if where == "missing" else request.getfixturevalue("read_only")
    opened = vault_of(opened_ui)
    before = opened.info()["audit_entries"]
    backup_now(opened_ui, qtbot, prompter, folder)
    (said,) = prompter.texts("error")
    if where == "missing":
        assert said == t("backup.no_folder", folder=str(folder))
        assert not folder.exists()
    else:
        reasons = ("Permission denied", "Operation not permitted")  # a user; root on an immutable folder
        assert said.startswith(t("backup.write_failed", folder="", reason="").split("“")[0])
        assert any(r in said for r in reasons)
        assert list(folder.iterdir()) == []
    assert prompter.texts("inform") == []
    assert opened.info()["audit_entries"] == before  # nothing audited, nothing changed
    assert opened.setting(backup.LAST_BACKUP) is None
    assert reminder(find) is not None  # still due


def test_the_reminder_shows_at_unlock_and_goes_after_a_backup(
    opened_ui: AppController, qtbot: QtBot, prompter: ScriptedPrompter, find: Any, usb: Path,
    vault: VaultHandle, clock: GatedClock, unlock_with: Callable[[AppController, str], Vault],
) -> None:  # fmt: skip
    notice = reminder(find)
    assert notice is not None
    assert notice.parent() is opened_ui.main_window.status
    assert notice.text() == "Kho chưa được sao lưu lần nào — Sao lưu ngay (Ctrl+Shift+K)"
    opened_ui.language.set("en")
    assert notice.text() == t("ui.backup.reminder_never", "en", shortcut=SHORTCUT)
    opened_ui.language.set("vi")

    prompter.paths.append(usb)  # the notice itself starts a backup
    qtbot.mouseClick(notice, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not opened_ui.commands.backup.running(), timeout=30_000)
    assert len(backups_in(usb)) == 1
    assert reminder(find) is None

    lock(opened_ui, prompter)
    assert reminder(find) is None
    unlock_with(opened_ui, vault.passphrase)
    assert reminder(find) is None  # a fresh backup: nothing to remind

    lock(opened_ui, prompter)
    clock.advance(8 * DAY)
    unlock_with(opened_ui, vault.passphrase)
    notice = reminder(find)
    assert notice is not None
    assert notice.text() == "Lần sao lưu gần nhất đã quá 7 ngày — Sao lưu ngay (Ctrl+Shift+K)"
    assert len(opened_ui.main_window.status.findChildren(QPushButton, "backupReminder")) == 1
    opened_ui.language.set("en")  # the notices of earlier sessions are gone, not retranslated
    assert notice.text() == "The last backup is more than 7 days old — Back up now (Ctrl+Shift+K)"


def test_the_settings_save_audited_and_rotation_and_reminder_follow_them(
    opened_ui: AppController, qtbot: QtBot, prompter: ScriptedPrompter, find: Any, usb: Path,
    vault: VaultHandle, clock: GatedClock, unlock_with: Callable[[AppController, str], Vault],
) -> None:  # fmt: skip
    opened = vault_of(opened_ui)
    opened_ui.main_window.registry[ActionId.SETTINGS].trigger()
    interval, keep = find("backupIntervalSpin", QSpinBox), find("backupKeepSpin", QSpinBox)
    assert (interval.value(), keep.value()) == (7, 10)
    assert (interval.minimum(), interval.maximum(), keep.minimum(), keep.maximum()) == (1, 90, 1, 100)
    assert find("settingsDialog").findChild(QPushButton, "settingsOkButton") is not None
    interval.setValue(30)
    keep.setValue(2)
    qtbot.mouseClick(find("settingsOkButton", QPushButton), Qt.MouseButton.LeftButton)
    assert backup_settings_changes(opened) == [
        (backup.INTERVAL_SETTING, None, "30"),
        (backup.KEEP_SETTING, None, "2"),
    ]
    assert reminder(find) is not None  # still never backed up

    for _ in range(3):
        clock.advance(1)  # backup folders are named to the second
        backup_now(opened_ui, qtbot, prompter, usb)
    kept = backups_in(usb)
    assert len(kept) == 2
    assert t("ui.backup.rotated", n=1, keep=2) in prompter.texts("inform")[-1]
    assert [e.details["rotated"] for e in audited(opened, Action.VAULT_BACKUP)] == [1, 0, 0]  # newest first
    last = audited(opened, Action.VAULT_BACKUP)[0]
    assert last.details["folder"] == kept[-1].name

    # Opened again, the dialog shows what was saved; OK without a change saves nothing.
    opened_ui.main_window.registry[ActionId.SETTINGS].trigger()
    assert (find("backupIntervalSpin").value(), find("backupKeepSpin").value()) == (30, 2)
    qtbot.mouseClick(find("settingsOkButton", QPushButton), Qt.MouseButton.LeftButton)
    assert len(backup_settings_changes(opened)) == 2

    # 10 days later no reminder (the interval is 30); 31 days later, one naming 30 days.
    lock(opened_ui, prompter)
    clock.advance(10 * DAY)
    unlock_with(opened_ui, vault.passphrase)
    assert reminder(find) is None
    lock(opened_ui, prompter)
    clock.advance(21 * DAY)
    unlock_with(opened_ui, vault.passphrase)
    assert reminder(find).text() == t("ui.backup.reminder", days=30, shortcut=SHORTCUT)


def test_a_lock_during_a_backup_waits_for_it_and_closes_cleanly(
    opened_ui: AppController, qtbot: QtBot, prompter: ScriptedPrompter, find: Any, usb: Path,
    vault: VaultHandle, clock: GatedClock,
) -> None:  # fmt: skip
    opened = vault_of(opened_ui)
    clock.gate.clear()  # the backup will stop at its first step until the gate opens
    prompter.paths.append(usb)
    opened_ui.main_window.registry[ActionId.BACKUP].trigger()
    assert clock.held.wait(10)  # the worker is inside make_backup
    assert backups_in(usb) == []
    opener = threading.Timer(0.3, clock.gate.set)
    opener.start()
    lock(opened_ui, prompter)  # waits for the backup, then locks
    opener.join()
    assert not opened.is_open
    assert not opened_ui.commands.backup.running()
    for name in ("busyDialog", "backupReminder", "mainWindow"):
        assert find(name) is None, name
    assert find("unlockDialog") is not None

    (folder,) = backups_in(usb)
    backup.read_manifest(folder)  # complete and matching: the lock did not cut it short
    qtbot.waitUntil(lambda: prompter.texts("inform") != [])  # told after the lock
    (said,) = prompter.texts("inform")
    assert said.startswith(t("ui.backup.done_before_lock"))
    assert t("ui.backup.folder", name=folder.name) in said
    assert t("ui.backup.location", parent=str(usb)) in said
    assert prompter.texts("error") == []

    again = vault.unlock()
    try:
        newest = query.entries(again, query.AuditFilter(), limit=4)[1:]  # before this unlock
        assert [(e.action, e.target) for e in newest] == [  # the lock came after the whole backup
            (Action.LOCK.value, opened.vault_id),
            (Action.SETTINGS_CHANGE.value, backup.LAST_BACKUP),
            (Action.VAULT_BACKUP.value, folder.name),
        ]
        assert again.setting(backup.LAST_BACKUP) is not None
    finally:
        again.close_quietly()
