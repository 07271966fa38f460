"""Issue 7 in the desktop app: the trace window, on a real vault with real copies issued through
the app layer (``tests.tracing.corpus``). Opened by its shortcut; files dropped or added
through the file-dialog seam; a rendered page and the untouched PDF named with their copies; a
forged token shown as forged, counted and marked; a file that cannot be read named, nothing
traced; a trace cancelled or interrupted by a lock stopped (and audited by the service once);
the window closed at lock; nothing reaches the clipboard.

The file-dialog seam (``FileQueue.choose_files``) stands in for QFileDialog only."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import segno
from PIL import Image
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QMenu, QPushButton
from pytestqt.qtbot import QtBot

from app.audit import query
from app.audit.actions import Action
from app.errors import InvalidInput, NotFound
from app.extract import tokens
from app.extract.serials import grouped
from app.extract.service import IssuedCopy
from app.i18n import t
from app.vault.session import Vault
from crypto import signing
from tests.conftest import VaultHandle
from tests.tracing.corpus import issue, render
from tests.ui.conftest import start_unlocked, vault_of
from ui.actions import SPECS, ActionId, MenuId
from ui.controller import AppController
from ui.prompter import ScriptedPrompter
from ui.trace.models import FORGED_COLOR

READER = "Phạm Thị Ngọc Ánh"


@pytest.fixture
def copies(vault: VaultHandle) -> list[IssuedCopy]:
    """Two copies of one dossier (layout tt06), issued before the app opens the vault."""
    opened = vault.unlock()
    try:
        return issue(opened, 1, 2, layouts=("tt06",), reader=READER)
    finally:
        opened.lock()


@pytest.fixture
def app_open(
    copies: list[IssuedCopy],
    vault: VaultHandle,
    controller: AppController,
    unlock_with: Callable[[AppController, str], Vault],
) -> AppController:
    return start_unlocked(controller, vault, unlock_with)


def traces(vault: Vault) -> list[query.Entry]:
    return query.entries(vault, query.AuditFilter(action=Action.COPY_TRACE.value))


def open_window(ctl: AppController, find: Any) -> Any:
    ctl.main_window.registry[ActionId.TRACE].trigger()
    window = find("traceWindow")
    assert window is not None
    return window


def run_trace(qtbot: QtBot, window: Any, find: Any) -> None:
    qtbot.mouseClick(find("traceRunButton", QPushButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.running(), timeout=30_000)


def png(image: Image.Image, path: Path) -> Path:
    image.save(path, format="PNG")
    return path


def forged_qr(vault: Vault, serial: str, path: Path) -> Path:
    """A QR holding a token for ``serial`` signed by a key that is not the vault's."""
    token = tokens.qr_token(signing.new_signing_key(), vault.vault_id, serial, 1)
    buffer = io.BytesIO()
    segno.make_qr(token, error="m").save(buffer, kind="png", scale=8, border=4)
    path.write_bytes(buffer.getvalue())
    return path


def slow_tiff(path: Path, frames: int = 8) -> Path:
    """Pages of noise: nothing to find, about half a second each to look through."""
    pages = [Image.effect_noise((1200, 1600), 60).convert("L") for _ in range(frames)]
    pages[0].save(path, format="TIFF", save_all=True, append_images=pages[1:])
    return path


def test_the_shortcut_opens_the_window_in_the_extracts_menu(
    app_open: AppController, qtbot: QtBot, find: Any
) -> None:
    registry = app_open.main_window.registry
    assert registry[ActionId.TRACE].shortcut().toString() == "Ctrl+Shift+T"
    shortcuts = [registry[a].shortcut().toString() for a in ActionId]
    assert len(set(shortcuts)) == len(shortcuts)
    assert SPECS[ActionId.TRACE].menu is MenuId.EXTRACTS
    menu = app_open.main_window.menuBar().findChild(QMenu, "menu_extracts")
    assert "action_trace" in [a.objectName() for a in menu.actions()]
    assert registry[ActionId.TRACE].text() == t("ui.action.trace")
    app_open.main_window.activateWindow()
    qtbot.keyClick(
        app_open.main_window,
        Qt.Key.Key_T,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    window = find("traceWindow")
    assert window is not None
    assert window.windowTitle() == t("ui.trace.title")
    assert not find("traceRunButton").isEnabled()  # nothing queued yet


def test_a_rendered_page_and_the_untouched_pdf_name_their_copies(
    app_open: AppController, qtbot: QtBot, find: Any, copies: list[IssuedCopy], tmp_path: Path
) -> None:
    first, second = copies
    scan = png(render(second.pdf, 0, 200), tmp_path / "scan.png")
    leak = tmp_path / "leak.pdf"
    leak.write_bytes(first.pdf)
    window = open_window(app_open, find)
    window.queue.choose_files = lambda: [scan, leak]
    qtbot.mouseClick(find("traceAddButton", QPushButton), Qt.MouseButton.LeftButton)
    assert [p.name for p in window.queue.paths()] == ["scan.png", "leak.pdf"]
    run_trace(qtbot, window, find)

    shown = [window.model.shown(n) for n in range(window.model.rowCount())]
    assert [(r["file"], r["serial"], r["copy"], r["layer"], r["authentic"]) for r in shown] == [
        ("scan.png", grouped(second.serial), "2/2", t("trace.layer.qr"), t("ui.trace.yes")),
        ("leak.pdf", grouped(first.serial), "1/2", t("trace.layer.file"), t("ui.trace.yes")),
    ]
    assert {r["verdict"] for r in shown} == {t("ui.trace.verdict.match")}
    assert {r["reader"] for r in shown} == {READER}
    assert {r["decision"] for r in shown} == {"7-QĐ/TU"}
    assert [r["page"] for r in shown] == ["1", t("ui.trace.whole_file")]
    assert shown[0]["issued"].count("/") == 2  # dd/mm/yyyy HH:MM
    assert shown[0]["dossier"].endswith("(#1)")
    summary = t("ui.trace.summary", matched=2, copies=2, forged=0, other=0)
    assert find("traceSummary").text() == summary
    assert grouped(second.serial) in find("traceDetail").text()  # the first row is selected
    vault = vault_of(app_open)
    (entry,) = traces(vault)  # audited once, by the service
    assert sorted(entry.details["matched"]) == sorted([first.serial, second.serial])
    assert "scan.png" not in json.dumps(entry.details)

    # Nothing reaches the clipboard from the results.
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("trước")
    table = find("traceTable")
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert clipboard.text() == "trước"


def test_a_forged_token_is_shown_forged_and_counted(
    app_open: AppController, qtbot: QtBot, find: Any, copies: list[IssuedCopy], tmp_path: Path
) -> None:
    vault = vault_of(app_open)
    qr = forged_qr(vault, copies[0].serial, tmp_path / "forged.png")
    window = open_window(app_open, find)
    window.queue.add_paths([qr])
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Enter traces
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=30_000)
    row = window.model.shown(0)
    assert row["verdict"] == t("ui.trace.verdict.forged")
    assert row["serial"] == grouped(copies[0].serial)
    assert (row["authentic"], row["copy"], row["reader"]) == (t("ui.trace.no"), "", "")
    assert window.model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) == FORGED_COLOR
    verdict = window.model.index(0, window.model.COLUMNS.index("verdict"))
    assert not verdict.data(Qt.ItemDataRole.DecorationRole).isNull()
    summary = find("traceSummary")
    assert summary.text() == t("ui.trace.summary", matched=0, copies=0, forged=1, other=0)
    assert FORGED_COLOR.name() in summary.styleSheet()
    assert t("trace.reason.forged") in find("traceDetail").text()
    (entry,) = traces(vault)
    assert entry.details["forged"] == [copies[0].serial]
    assert entry.details["matched"] == []


def test_a_file_that_cannot_be_read_is_named_and_nothing_is_traced(
    app_open: AppController, qtbot: QtBot, find: Any, prompter: ScriptedPrompter, copies: list[IssuedCopy],
    tmp_path: Path,
) -> None:  # fmt: skip
    vault = vault_of(app_open)
    good = tmp_path / "leak.pdf"
    good.write_bytes(copies[0].pdf)
    window = open_window(app_open, find)
    window.queue.add_paths([good, tmp_path / "absent.png"])
    run_trace(qtbot, window, find)
    assert prompter.texts("error") == [NotFound("trace.missing", file="absent.png").message()]
    assert window.model.rowCount() == 0
    assert find("traceSummary").text() == ""
    assert traces(vault) == []  # nothing ran, so nothing was audited

    # A folder is not a file. Delete takes the selected file off the queue.
    folder = tmp_path / "scans"
    folder.mkdir()
    files = find("traceFileList")
    files.setCurrentRow(1)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    files.setFocus()
    qtbot.keyClick(files, Qt.Key.Key_Delete)
    window.queue.add_paths([folder])
    assert [p.name for p in window.queue.paths()] == ["leak.pdf", "scans"]
    run_trace(qtbot, window, find)
    assert prompter.texts("error")[-1] == InvalidInput("trace.not_a_file", file="scans").message()
    assert traces(vault) == []

    # A damaged image is read as bytes, traced and said unreadable, with its message.
    whole = io.BytesIO()
    Image.new("L", (400, 400), 128).save(whole, format="PNG")
    broken = tmp_path / "broken.png"
    broken.write_bytes(whole.getvalue()[: len(whole.getvalue()) // 2])
    qtbot.mouseClick(find("traceClearButton", QPushButton), Qt.MouseButton.LeftButton)
    assert window.queue.paths() == []
    window.queue.add_paths([broken])
    run_trace(qtbot, window, find)
    assert window.model.shown(0)["verdict"] == t("ui.trace.verdict.unreadable")
    assert InvalidInput("trace.bad_image", file="broken.png").message() in find("traceDetail").text()
    assert len(prompter.texts("error")) == 2
    assert len(traces(vault)) == 1


def drag(kind: type[QDropEvent], window: Any, mime: QMimeData) -> bool:
    """Send a drag-enter or drop event carrying ``mime`` to ``window``; whether it was accepted."""
    event = kind(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, event)
    return event.isAccepted()


def test_dropped_files_are_queued(app_open: AppController, find: Any, tmp_path: Path) -> None:
    window = open_window(app_open, find)
    one, two = tmp_path / "a.png", tmp_path / "b.pdf"
    mime = QMimeData()
    mime.setUrls(
        [QUrl.fromLocalFile(str(one)), QUrl("https://example.org/c.png"), QUrl.fromLocalFile(str(two))]
    )
    assert drag(QDragEnterEvent, window, mime)
    assert drag(QDropEvent, window, mime)
    assert window.queue.paths() == [one, two]  # the web address is not a file
    window.queue.add_paths([two, one])
    assert window.queue.paths() == [one, two]  # each once
    assert find("traceRunButton").isEnabled()
    nothing = QMimeData()
    nothing.setText("không phải tệp")
    assert not drag(QDragEnterEvent, window, nothing)


def test_cancel_stops_the_trace_and_the_run_is_audited_once(
    app_open: AppController, qtbot: QtBot, find: Any, tmp_path: Path
) -> None:
    window = open_window(app_open, find)
    window.queue.add_paths([slow_tiff(tmp_path / "noise.tif")])
    qtbot.mouseClick(find("traceRunButton", QPushButton), Qt.MouseButton.LeftButton)
    assert window.running()
    qtbot.waitUntil(lambda: find("busyCancelButton") is not None)
    qtbot.mouseClick(find("busyCancelButton", QPushButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.running(), timeout=30_000)
    assert find("traceSummary").text() == t("trace.cancelled")
    assert window.model.rowCount() == 0
    (entry,) = traces(vault_of(app_open))
    assert entry.details["cancelled"] is True
    assert find("traceRunButton").isEnabled()  # the inspector may try again


def test_the_window_closes_at_lock_and_a_running_trace_stops_first(
    app_open: AppController, qtbot: QtBot, find: Any, prompter: ScriptedPrompter, vault: VaultHandle,
    tmp_path: Path,
) -> None:  # fmt: skip
    window = open_window(app_open, find)
    window.queue.add_paths([slow_tiff(tmp_path / "noise.tif")])
    qtbot.mouseClick(find("traceRunButton", QPushButton), Qt.MouseButton.LeftButton)
    assert window.running()
    opened = vault_of(app_open)
    prompter.confirms.append(False)  # no checkpoint slip
    app_open.main_window.registry[ActionId.LOCK].trigger()
    assert app_open.vault is None
    assert not opened.is_open
    assert find("traceWindow") is None
    assert find("busyDialog") is None
    assert not app_open.main_window.registry[ActionId.TRACE].isEnabled()
    again = vault.unlock()
    try:
        (entry,) = traces(again)  # the service audited the run it was asked to stop
        assert entry.details["cancelled"] is True
    finally:
        again.lock()
