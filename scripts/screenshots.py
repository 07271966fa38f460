"""Screenshots of the real windows, rendered offscreen on a throwaway vault.

    .venv/bin/python scripts/screenshots.py [--lang vi|en] [--out docs/screenshots]

The vault is created through the wizard with a fast KDF passed through the controller's
``create_kwargs`` / ``unlock_kwargs`` seam (a shipped build has no such switch), in a temporary
folder that is removed afterwards, on a manual clock so the dates are stable. Dialogs are drawn
centred on a 1366×768 "screen"; the main window and the audit viewer fill it; the main window is
also drawn at 1920×1080.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtCore import QMessageLogContext, QSettings, QSize, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from app.clock import ManualClock
from app.dossier import editing
from app.dossier.service import DossierService
from app.dossier.synthetic import generate
from app.errors import HosoError
from app.vault.unlock import unlock
from crypto.kdf import KdfParams
from ui.actions import ActionId
from ui.controller import AppController
from ui.create_wizard.wizard import PAGE_PASSPHRASE, PAGE_RECOVERY, CreateWizard
from ui.fonts import apply_default_font
from ui.preferences import Preferences
from ui.prompter import ScriptedPrompter

FAST_KDF = KdfParams(memory_kib=8 * 1024, iterations=1, lanes=1)
PASSPHRASE = "Hồ sơ cán bộ tỉnh ủy — mật khẩu thử 2026"
SMALL, LARGE = QSize(1366, 768), QSize(1920, 1080)
DESKTOP = QColor("#5b6b7a")
DOSSIERS = 300


def quiet_offscreen(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Drop the offscreen platform's size-hint complaint; print everything else."""
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


def wait_until(condition: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get there in time")
        QApplication.processEvents()
        time.sleep(0.01)
    QApplication.processEvents()


def settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


def on_screen(window: QWidget, path: Path, screen: QSize = SMALL) -> None:
    """A dialog drawn centred on an empty desktop of ``screen`` size."""
    settle()
    shot = window.grab()
    canvas = QPixmap(screen)
    canvas.fill(DESKTOP)
    painter = QPainter(canvas)
    x, y = (screen.width() - shot.width()) // 2, (screen.height() - shot.height()) // 2
    painter.fillRect(x - 1, y - 1, shot.width() + 2, shot.height() + 2, QColor("#2b2b2b"))
    painter.drawPixmap(x, y, shot)
    painter.end()
    canvas.save(str(path))
    print(path)


def full_screen(window: QWidget, path: Path, screen: QSize = SMALL) -> None:
    window.resize(screen)
    settle()
    window.grab().save(str(path))
    print(path)


def child(name: str) -> QWidget:
    for top in QApplication.topLevelWidgets():
        if top.isVisible() and top.objectName() == name:
            return top
        found = top.findChild(QWidget, name)
        if found is not None and top.isVisible():
            return found
    raise LookupError(name)


def require(condition: bool, what: str) -> None:
    if not condition:
        raise RuntimeError(f"not as expected: {what}")


def dossiers(ctl: AppController, clock: ManualClock, out: Path, extra: bool) -> None:
    """The list, a search with filters, the editor (a form page, a table page with the history),
    at both screen sizes."""
    main = ctl.main_window
    workspace = main.workspace
    full_screen(main, out / "06-main-1920x1080.png", LARGE)
    main.resize(SMALL)
    workspace.list.findChild(QLineEdit, "searchEdit").setText("nguyễn thị")
    workspace.list.apply_search()
    workspace.list.toggle_filters()
    full_screen(main, out / "07-search-filters-1366x768.png")
    workspace.list.toggle_filters()
    dossier_id = workspace.list.current_id() or workspace.list.model.id_at(0)
    session = workspace.session
    assert session.service is not None  # noqa: S101 - for the type checker only
    draft = editing.open_draft(session.service, dossier_id)
    draft.edit("position.current_post", "Phó Trưởng ban Tổ chức Tỉnh ủy")
    clock.advance(3600)
    editing.commit(session.service, draft, basis="Quyết định số 1520-QĐ/TU ngày 20/11/2026")
    ctl.idle.touch()  # the clock moved an hour: the officer is still here
    workspace.open(dossier_id)
    full_screen(main, out / "08-editor-1366x768.png")
    main.resize(LARGE)
    workspace.editor.go_to("training")
    session.show_history()
    full_screen(main, out / "09-editor-table-history-1920x1080.png", LARGE)
    workspace.editor.go_to("identity.full_name")
    full_screen(main, out / "10-editor-1920x1080.png", LARGE)
    main.resize(SMALL)
    if extra:
        workspace.editor.go_to("family")
        session.show_completeness()
        full_screen(main, out / "extra-editor-family-completeness.png")


def run(out: Path, lang: str, work: Path, extra: bool) -> None:
    qInstallMessageHandler(quiet_offscreen)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    require(isinstance(app, QApplication), "a QApplication")
    assert isinstance(app, QApplication)  # noqa: S101 - for the type checker only
    apply_default_font(app)
    clock = ManualClock(datetime(2026, 11, 21, 1, 30, tzinfo=UTC))
    prefs = Preferences(QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat))
    ctl = AppController(
        prompter=ScriptedPrompter(),
        preferences=prefs,
        clock=clock,
        create_kwargs={"kdf_params": FAST_KDF},
        unlock_kwargs={"kdf_floor": FAST_KDF},
        lang=lang,
    )
    vault_dir = work / "kho-ho-so"

    # The wizard, up to the recovery code.
    ctl.start()
    ctl.open_create_wizard()
    wizard = ctl.wizard
    if not isinstance(wizard, CreateWizard):
        raise RuntimeError("the create wizard did not open")
    wizard.folder_page.parent_edit.setText(str(work))
    wizard.folder_page.name_edit.setText(vault_dir.name)
    wizard.next()
    require(wizard.currentId() == PAGE_PASSPHRASE, "the passphrase page")
    wizard.passphrase_page.first.setText(PASSPHRASE)
    wizard.passphrase_page.second.setText(PASSPHRASE)
    if extra:
        on_screen(wizard, out / "extra-create-passphrase.png")
    wizard.next()
    wait_until(lambda: wizard.currentId() == PAGE_RECOVERY)
    on_screen(wizard, out / "02-create-recovery-code.png")
    code = wizard.recovery_page._code
    wizard.recovery_page.retype.setText(code.split("-")[wizard.recovery_page.asked_group])
    wizard.recovery_page.written.setChecked(True)
    wizard.next()
    if extra:
        on_screen(wizard, out / "extra-create-audit-key.png")
    wizard.audit_key_page.handed.setChecked(True)
    wizard.accept()

    # Some history for the audit log: a wrong passphrase, then the real one.
    clock.advance(95)
    with contextlib.suppress(HosoError):
        unlock(vault_dir, "một mật khẩu sai", kdf_floor=FAST_KDF, clock=clock)
    clock.advance(40)
    dialog = child("unlockDialog")
    on_screen(dialog, out / "03-unlock.png")
    edit = child("unlockPassphraseEdit")
    require(isinstance(edit, QLineEdit), "the passphrase field")
    edit.setProperty("text", PASSPHRASE)
    opened: list[object] = []
    ctl.vaultOpened.connect(opened.append)
    child("unlockButton").click()
    wait_until(lambda: bool(opened))
    vault = ctl.vault
    if vault is None:
        raise RuntimeError("the vault did not open")
    clock.advance(600)
    vault.change_setting("idle_lock_minutes", "10")
    clock.advance(1800)
    vault.checkpoint()
    clock.advance(5)
    service = DossierService(vault)
    service.save_many(list(generate(DOSSIERS, seed=2026)), source="screenshots")
    clock.advance(60)
    ctl.idle.touch()  # the manual clock moved 40 minutes: the officer is still here
    ctl.main_window.show_vault(vault)
    full_screen(ctl.main_window, out / "04-main-1366x768.png")
    dossiers(ctl, clock, out, extra)
    ctl.main_window.resize(SMALL)

    ctl.main_window.registry[ActionId.AUDIT_LOG].trigger()
    full_screen(child("auditViewer"), out / "05-audit-viewer.png")
    if extra:
        child("auditViewer").close()
        ctl.main_window.registry[ActionId.SETTINGS].trigger()
        on_screen(child("settingsDialog"), out / "extra-settings.png")
        child("settingsDialog").close()
        ctl.commands.print_checkpoint()
        wait_until(lambda: any(w.objectName() == "pdfPreview" and w.isVisible() for w in app.allWidgets()))
        preview = child("pdfPreview")
        preview.resize(700, 740)
        wait_until(lambda: preview.page_count() > 0)
        time.sleep(0.5)  # QPdfView renders pages on its own thread
        on_screen(preview, out / "extra-checkpoint-preview.png")

    # Lock, leave the unlock dialog: the start window offers the vault just used.
    ctl.main_window.registry[ActionId.LOCK].trigger()
    child("unlockCancelButton").click()
    on_screen(child("startWindow"), out / "01-start.png")
    for window in QApplication.topLevelWidgets():
        window.hide()
    ctl.main_window.closing_for_good = True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=("vi", "en"), default="vi")
    default_out = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
    parser.add_argument("--out", type=Path, default=default_out)
    parser.add_argument("--extra", action="store_true", help="also the other pages and dialogs")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="hoso-shots-") as work:
        run(args.out, args.lang, Path(work), args.extra)
    return 0


if __name__ == "__main__":
    sys.exit(main())
