"""Issue 9 in the desktop app: the documents window of the dossier open in the editor, on a real
vault with real images drawn by Pillow (an A4 page at 150 dpi with text, a three-page TIFF).

Opened by its shortcut (disabled with no saved dossier open); a document filed with scans shows
its row and thumbnails; the page view zooms, fits and turns; the pages of a document are audited
as viewed once per document and window; a duplicate page and a bad entry are refused with their
message and nothing saved; a removal asks for its reason and leaves a tombstone shown only on
request; a page becomes the portrait (turned as shown), a page too big for a portrait is refused
with the portrait's message; the window follows the editor and a lock closes it; no temporary
file is written anywhere. The file-dialog seam (``DocumentsWindow.choose_files``) stands in for
QFileDialog only."""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw, ImageFont
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel, QMenu, QPushButton
from pytestqt.qtbot import QtBot

from app.audit import query
from app.audit.actions import Action
from app.documents.service import DocumentService
from app.dossier.portrait import get_portrait
from app.dossier.service import DossierService
from app.dossier.synthetic import generate
from app.i18n import t
from app.vault.session import Vault
from tests.conftest import VaultHandle
from tests.ui.conftest import start_unlocked, vault_of
from ui.actions import SPECS, ActionId, MenuId
from ui.controller import AppController
from ui.documents.documents_window import DocumentsWindow
from ui.documents.entry_dialog import EntryDialog
from ui.prompter import ScriptedPrompter

A4 = (1240, 1754)  # A4 at 150 dpi


def page(path: Path, text: str, size: tuple[int, int] = A4, fmt: str = "PNG") -> Path:
    """A white page with a heading and a few lines of text, like a scanned decision."""
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    big, small = ImageFont.load_default(size=56), ImageFont.load_default(size=30)
    draw.text((120, 140), "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", fill="black", font=small)
    draw.text((120, 260), text, fill="black", font=big)
    for n in range(12):
        draw.text(
            (120, 420 + 70 * n), f"Điều {n + 1}. Nội dung dòng {n + 1} của văn bản.", fill="black", font=small
        )
    draw.rectangle((100, 100, size[0] - 100, size[1] - 100), outline="black", width=3)
    image.save(path, format=fmt)
    return path


def tiff3(path: Path) -> Path:
    """A three-page TIFF, each page different."""
    pages = []
    for n in range(3):
        image = Image.new("L", (826, 1169), 255)
        draw = ImageDraw.Draw(image)
        draw.text((80, 100), f"Trang {n + 1} / 3", fill=0, font=ImageFont.load_default(size=48))
        draw.line((80, 200 + 40 * n, 700, 200 + 40 * n), fill=0, width=5)
        pages.append(image)
    pages[0].save(path, format="TIFF", save_all=True, append_images=pages[1:])
    return path


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A temporary directory of this test's own, for Python and Qt alike: it must stay empty."""
    folder = tmp_path / "tmpdir"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def dossier(vault: VaultHandle) -> tuple[int, str]:
    """One synthetic dossier (id, name), saved before the app opens the vault."""
    opened = vault.unlock()
    try:
        doc = next(iter(generate(1, seed=91)))
        saved = DossierService(opened).save_many([doc], source="test")[0]
        return saved.id, str(doc["identity"]["full_name"])
    finally:
        opened.lock()


@pytest.fixture
def app_open(
    dossier: tuple[int, str],
    vault: VaultHandle,
    controller: AppController,
    unlock_with: Callable[[AppController, str], Vault],
) -> AppController:
    ctl = start_unlocked(controller, vault, unlock_with)
    ctl.main_window.workspace.open(dossier[0])
    return ctl


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "scans"
    folder.mkdir()
    return {
        "decision": page(folder / "quyet-dinh.png", "QUYẾT ĐỊNH Số 125-QĐ/TU"),
        "review": page(folder / "tu-kiem-diem.jpg", "BẢN TỰ KIỂM ĐIỂM NĂM 2024", fmt="JPEG"),
        "tiff": tiff3(folder / "ba-trang.tif"),
    }


def open_window(ctl: AppController, qtbot: QtBot, find: Any) -> DocumentsWindow:
    ctl.main_window.activateWindow()
    qtbot.waitUntil(ctl.main_window.isActiveWindow)
    qtbot.keyClick(
        ctl.main_window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    window = find("documentsWindow")
    assert isinstance(window, DocumentsWindow)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def entry_dialog(qtbot: QtBot, window: DocumentsWindow) -> EntryDialog:
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = window.entry
    assert isinstance(dialog, EntryDialog)
    assert dialog.isVisible()
    return dialog


def fill(dialog: EntryDialog, kind: str, **fields: Any) -> None:
    dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
    for name, value in fields.items():
        widget = getattr(dialog, name)
        if name in ("year", "paper"):
            widget.setValue(value)
        elif name == "secrecy":
            widget.setCurrentIndex(widget.findData(value))
        else:
            widget.setText(value)


def save(qtbot: QtBot, window: DocumentsWindow, dialog: EntryDialog) -> None:
    ok = dialog.findChild(QPushButton, "documentEntryOkButton")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.job.running(), timeout=60_000)


def file_document(qtbot: QtBot, window: DocumentsWindow, kind: str, paths: list[Path], **fields: Any) -> None:
    dialog = entry_dialog(qtbot, window)
    fill(dialog, kind, **fields)
    window.choose_files = lambda parent: list(paths)  # type: ignore[method-assign]
    qtbot.mouseClick(dialog.findChild(QPushButton, "documentChooseButton"), Qt.MouseButton.LeftButton)
    save(qtbot, window, dialog)
    qtbot.waitUntil(lambda: window.entry is None)
    qtbot.waitUntil(window.isActiveWindow)


def audit(vault: Vault, action: Action) -> list[query.Entry]:
    return query.entries(vault, query.AuditFilter(action=action.value))


def rows(window: DocumentsWindow) -> list[dict[str, str]]:
    return [window.model.shown(n) for n in range(window.model.rowCount())]


def row(window: DocumentsWindow, title: str) -> dict[str, str]:
    return next(r for r in rows(window) if r["title"] == title)


def select(window: DocumentsWindow, title: str) -> None:
    number = next(n for n, r in enumerate(rows(window)) if r["title"] == title)
    window.table.setCurrentIndex(window.model.index(number, 0))


# -- opening ---------------------------------------------------------------------------------------
def test_the_shortcut_opens_the_window_for_the_dossier_in_the_editor(
    app_open: AppController, qtbot: QtBot, find: Any, dossier: tuple[int, str], private_tmp: Path
) -> None:
    registry = app_open.main_window.registry
    assert registry[ActionId.DOCUMENTS].shortcut().toString() == "Ctrl+Shift+O"
    shortcuts = [registry[a].shortcut().toString() for a in ActionId]
    assert len(set(shortcuts)) == len(shortcuts)
    assert SPECS[ActionId.DOCUMENTS].menu is MenuId.DOSSIER
    menu = app_open.main_window.menuBar().findChild(QMenu, "menu_dossier")
    assert "action_documents" in [a.objectName() for a in menu.actions()]
    assert registry[ActionId.DOCUMENTS].isEnabled()

    window = open_window(app_open, qtbot, find)
    assert (
        window.windowTitle()
        == t("ui.documents.title", name=dossier[1])
        == f"Tài liệu trong hồ sơ — {dossier[1]}"
    )
    assert window.property("restricted") is True
    assert window.dossier_id == dossier[0]
    assert rows(window) == []
    assert window.pages.note == t("ui.documents.no_document")
    missing = window.findChild(QLabel, "documentsMissing").text()
    assert missing.startswith("Các năm 20")  # from recruitment (2010 at the earliest) to 2025
    assert missing.endswith("–2025 còn thiếu: Phiếu bổ sung lý lịch, Bản tự kiểm điểm")

    # Closing the dossier in the editor closes the window and disables the command.
    app_open.main_window.workspace.session.close()
    assert find("documentsWindow") is None
    assert not registry[ActionId.DOCUMENTS].isEnabled()
    app_open.main_window.workspace.session.new()  # a new dossier is not saved: no documents yet
    assert not registry[ActionId.DOCUMENTS].isEnabled()
    app_open.main_window.workspace.session.close()
    assert list(private_tmp.iterdir()) == []


# -- filing ----------------------------------------------------------------------------------------
def test_a_document_filed_with_scans_shows_its_row_and_thumbnails(
    app_open: AppController, qtbot: QtBot, find: Any, files: dict[str, Path], private_tmp: Path
) -> None:
    vault = vault_of(app_open)
    draft_before = app_open.main_window.workspace.session.draft
    window = open_window(app_open, qtbot, find)
    file_document(qtbot, window, "qd_bo_nhiem", [files["decision"], files["tiff"]],
                  title="Bổ nhiệm Phó Trưởng ban", number="125-QĐ/TU", issued="15/3/2024",
                  issuer="Ban Thường vụ Tỉnh ủy", secrecy="mat", paper=2)  # fmt: skip
    assert app_open.main_window.workspace.session.draft is draft_before  # Ctrl+N made no new dossier
    assert rows(window) == [{
        "kind": "Quyết định bổ nhiệm", "year": "", "title": "Bổ nhiệm Phó Trưởng ban", "number": "125-QĐ/TU",
        "date": "15/03/2024", "issuer": "Ban Thường vụ Tỉnh ủy", "secrecy": "Mật", "paper": "2", "scans": "4",
        "removed": "",
    }]  # fmt: skip
    assert window.status.text() == t(
        "ui.documents.added", name="Quyết định bổ nhiệm — 125-QĐ/TU — Bổ nhiệm Phó Trưởng ban", n=4
    )
    thumbs = window.pages.thumbs
    assert thumbs.pages.rowCount() == 4
    assert [thumbs.pages.item(n).text() for n in range(4)] == ["Trang 1", "Trang 2", "Trang 3", "Trang 4"]
    assert all(not thumbs.pages.item(n).icon().isNull() for n in range(4))
    assert window.pages.viewer.image_size() == A4  # the first page shown
    assert (
        window.findChild(QLabel, "documentsPageInfo").text().startswith("Trang 1/4\n1240×1754 px\nThu phóng ")
    )
    [added] = audit(vault, Action.DOCUMENT_ADD)
    assert added.details["scans"] == 4
    assert added.details["kind"] == "qd_bo_nhiem"
    assert len(audit(vault, Action.SCAN_VIEW)) == 1

    # More pages to the same document (Ctrl+O).
    window.choose_files = lambda parent: [files["review"]]  # type: ignore[method-assign]
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.job.running(), timeout=60_000)
    assert rows(window)[0]["scans"] == "5"
    assert thumbs.current_number() == 5  # the new page is shown
    assert window.status.text() == t("ui.documents.scans_added", n=1)
    assert len(audit(vault, Action.SCAN_VIEW)) == 1  # the same document, the same window
    assert list(private_tmp.iterdir()) == []


def test_the_page_view_zooms_fits_turns_and_pages(
    app_open: AppController, qtbot: QtBot, find: Any, files: dict[str, Path]
) -> None:
    window = open_window(app_open, qtbot, find)
    file_document(qtbot, window, "khac", [files["decision"], files["tiff"]], title="Hồ sơ gốc")
    viewer = window.pages.viewer
    window.resize(1800, 700)  # a view wider than tall: the page fits its height
    qtbot.wait(20)
    window.table.setFocus()
    fitted = viewer.transform().m11()
    assert 0 < fitted < 1  # a whole A4 page in the view
    assert viewer.mapFromScene(0, A4[1]).y() <= viewer.viewport().height()

    def press(k: Qt.Key, mods: Any = Qt.KeyboardModifier.ControlModifier) -> None:
        qtbot.keyClick(window.table, k, mods)

    press(Qt.Key.Key_Plus)
    assert viewer.transform().m11() == pytest.approx(fitted * 1.25)
    assert viewer.mode == "free"
    press(Qt.Key.Key_Minus)
    press(Qt.Key.Key_Minus)
    assert viewer.transform().m11() == pytest.approx(fitted / 1.25)
    press(Qt.Key.Key_1)
    assert viewer.transform().m11() == pytest.approx(1.0)
    assert viewer.horizontalScrollBar().maximum() > 0  # larger than the view: it scrolls
    press(Qt.Key.Key_2)
    width_scale = viewer.transform().m11()
    assert width_scale > fitted
    assert viewer.viewport().width() - 40 <= A4[0] * width_scale <= viewer.viewport().width()  # the width
    assert A4[1] * width_scale > viewer.viewport().height()  # now taller than the view: it scrolls
    press(Qt.Key.Key_0)
    assert viewer.transform().m11() == pytest.approx(fitted)

    press(Qt.Key.Key_BracketRight)  # a quarter turn clockwise
    turned = viewer.transform()
    assert viewer.rotation == 90
    assert turned.m11() == pytest.approx(0, abs=1e-9)
    assert turned.m12() > 0
    corner = viewer.mapFromScene(A4[0], A4[1])  # the whole turned page is in view
    assert 0 <= corner.x() <= viewer.viewport().width()
    assert 0 <= corner.y() <= viewer.viewport().height()
    assert viewer.shown_image().size().toTuple() == (A4[1], A4[0])
    press(Qt.Key.Key_BracketLeft)
    press(Qt.Key.Key_BracketLeft)
    assert viewer.rotation == 270
    press(Qt.Key.Key_BracketRight)
    assert viewer.rotation == 0
    assert viewer.transform().m11() == pytest.approx(fitted)

    thumbs = window.pages.thumbs
    press(Qt.Key.Key_PageDown, Qt.KeyboardModifier.NoModifier)
    assert thumbs.current_number() == 2
    assert viewer.image_size() == (826, 1169)
    for _ in range(5):
        press(Qt.Key.Key_PageDown, Qt.KeyboardModifier.NoModifier)
    assert thumbs.current_number() == 4
    press(Qt.Key.Key_PageUp, Qt.KeyboardModifier.NoModifier)
    assert thumbs.current_number() == 3
    assert window.findChild(QLabel, "documentsPageInfo").text().startswith("Trang 3/4\n826×1169 px\n")


def test_the_pages_of_a_document_are_audited_once_per_document_and_window(
    app_open: AppController, qtbot: QtBot, find: Any, files: dict[str, Path]
) -> None:
    vault = vault_of(app_open)
    window = open_window(app_open, qtbot, find)
    file_document(qtbot, window, "qd_bo_nhiem", [files["decision"]], title="A")
    file_document(qtbot, window, "qd_nang_luong", [files["tiff"]], title="B")
    file_document(qtbot, window, "giay_khai_sinh", [], title="C")  # no pages: nothing is shown
    ids = {r.document.title: r.document.id for r in window.model.rows()}
    for title in ("A", "B", "C", "A", "B", "C"):
        select(window, title)
    viewed = [e.target for e in reversed(audit(vault, Action.SCAN_VIEW))]
    assert viewed == [str(ids["A"]), str(ids["B"])]
    assert window.pages.note == t("ui.documents.no_pages")

    window.close()
    window = open_window(app_open, qtbot, find)  # a new window shows them anew
    select(window, "B")
    viewed = [e.target for e in reversed(audit(vault, Action.SCAN_VIEW))]
    assert viewed == [str(ids["A"]), str(ids["B"]), str(ids["B"])]  # row 0 (C) has no pages


# -- refusals --------------------------------------------------------------------------------------
def test_a_duplicate_scan_is_refused_with_its_message(
    app_open: AppController, qtbot: QtBot, find: Any, files: dict[str, Path], prompter: ScriptedPrompter
) -> None:
    vault = vault_of(app_open)
    window = open_window(app_open, qtbot, find)
    file_document(qtbot, window, "qd_bo_nhiem", [files["decision"]], title="Bản chính")
    file_document(qtbot, window, "khac", [], title="Bản sao")
    select(window, "Bản sao")
    window.choose_files = lambda parent: [files["decision"]]  # type: ignore[method-assign]
    window.filer.add_scans()
    qtbot.waitUntil(lambda: not window.job.running(), timeout=60_000)
    first = next(r.document.id for r in window.model.rows() if r.document.title == "Bản chính")
    expected = t("documents.duplicate", file="quyet-dinh.png", page=1, document=first, position=1)
    assert prompter.texts("error") == [expected]
    assert [r["scans"] for r in rows(window)] == ["0", "1"]  # by kind: "khac" first
    assert audit(vault, Action.SCAN_ADD) == []

    # The same page twice in a new entry: refused on the dialog, nothing saved.
    dialog = entry_dialog(qtbot, window)
    fill(dialog, "khac", title="Bản thứ ba")
    window.choose_files = lambda parent: [files["decision"]]  # type: ignore[method-assign]
    dialog.choose()
    save(qtbot, window, dialog)
    assert dialog.isVisible()
    assert dialog.findChild(QLabel, "documentEntryError").text() == expected
    assert len(rows(window)) == 2
    assert len(audit(vault, Action.DOCUMENT_ADD)) == 2
    dialog.reject()


def test_a_bad_entry_shows_its_error_on_the_dialog_and_saves_nothing(
    app_open: AppController, qtbot: QtBot, find: Any, files: dict[str, Path], dossier: tuple[int, str]
) -> None:
    vault = vault_of(app_open)
    window = open_window(app_open, qtbot, find)
    dialog = entry_dialog(qtbot, window)
    error = dialog.findChild(QLabel, "documentEntryError")
    fill(dialog, "khac", title="Giấy tờ")
    assert not dialog.year.isEnabled()
    fill(dialog, "ban_tu_kiem_diem", title="Tự kiểm điểm")  # yearly, and no year given
    assert dialog.year.isEnabled()
    assert dialog.year.year() is None
    save(qtbot, window, dialog)
    assert error.text() == "Bản tự kiểm điểm là tài liệu lập hằng năm: hãy ghi năm."
    assert dialog.isVisible()
    assert dialog.focusWidget() is dialog.year
    fill(dialog, "ban_tu_kiem_diem", year=2024, issued="31/02/2024")
    save(qtbot, window, dialog)
    assert (
        error.text()
        == "“31/02/2024” ở trường “Ngày ban hành” không phải là ngày hợp lệ (hoặc là ngày chưa tới)."
    )
    assert dialog.focusWidget() is dialog.issued
    fill(dialog, "ban_tu_kiem_diem", issued="", received="02/01/2027")  # after today (01/01/2026)
    save(qtbot, window, dialog)
    assert "Ngày nhận" in error.text()
    assert DocumentService(vault).documents(dossier[0], removed=True) == []
    assert audit(vault, Action.DOCUMENT_ADD) == []

    fill(dialog, "ban_tu_kiem_diem", received="01/01/2026")
    save(qtbot, window, dialog)
    qtbot.waitUntil(lambda: window.entry is None)
    assert [(r["kind"], r["year"], r["scans"]) for r in rows(window)] == [("Bản tự kiểm điểm", "2024", "0")]
    assert "Năm 2024 còn thiếu: Phiếu bổ sung lý lịch" in window.missing.text()
    assert "Năm 2024 còn thiếu: Phiếu bổ sung lý lịch, Bản tự kiểm điểm" not in window.missing.text()


# -- removing --------------------------------------------------------------------------------------
def test_removal_asks_a_reason_and_leaves_a_tombstone_shown_on_request(
    app_open: AppController, qtbot: QtBot, find: Any, files: dict[str, Path], prompter: ScriptedPrompter
) -> None:
    vault = vault_of(app_open)
    window = open_window(app_open, qtbot, find)
    file_document(qtbot, window, "qd_bo_nhiem", [files["tiff"]], title="Giữ lại")
    file_document(qtbot, window, "khac", [files["decision"]], title="Nhầm hồ sơ")

    # A page: Ctrl+Delete, with its reason (Shift+Delete is Cut: the clipboard guard takes it).
    select(window, "Giữ lại")
    window.pages.thumbs.step(1)
    prompter.texts_typed.append("Trang trắng, quét thừa")
    qtbot.keyClick(window.table, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert row(window, "Giữ lại")["scans"] == "2"
    assert window.pages.thumbs.pages.rowCount() == 2
    assert window.pages.thumbs.current_number() == 2
    [scan_removed] = audit(vault, Action.SCAN_REMOVE)
    assert scan_removed.details["reason"] == "Trang trắng, quét thừa"

    # A document: Delete; cancelling the reason changes nothing, a blank one is refused.
    select(window, "Nhầm hồ sơ")
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    assert len(rows(window)) == 2
    prompter.texts_typed.append("   ")
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    assert prompter.texts("error") == [t("documents.bad.reason", limit=300)]
    prompter.texts_typed.append("Tài liệu của người khác, lưu nhầm")
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    assert [r["title"] for r in rows(window)] == ["Giữ lại"]
    assert window.status.text().startswith("Đã gỡ “Tài liệu khác — Nhầm hồ sơ”")
    assert window.table.isColumnHidden(1)

    window.findChild(type(window.show_removed), "documentsShowRemoved").setChecked(True)
    assert [r["title"] for r in rows(window)] == ["Nhầm hồ sơ", "Giữ lại"]  # by kind: "khac" first
    assert not window.table.isColumnHidden(1)
    gone = 0
    removed = row(window, "Nhầm hồ sơ")["removed"]
    assert removed.endswith(f", {vault.actor}: Tài liệu của người khác, lưu nhầm")
    grey = window.model.data(window.model.index(gone, 3), Qt.ItemDataRole.ForegroundRole)
    assert grey == QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    assert "Lý do: Tài liệu của người khác, lưu nhầm" in window.model.data(
        window.model.index(gone, 0), Qt.ItemDataRole.ToolTipRole
    )
    window.table.setCurrentIndex(window.model.index(gone, 0))
    assert window.pages.thumbs.pages.rowCount() == 0
    assert not window.pages.viewer.has_image()
    assert window.pages.note.startswith("Đã gỡ lúc ")
    assert window.pages.note.endswith(
        "Lý do: Tài liệu của người khác, lưu nhầm\n\n" + t("ui.documents.removed_document")
    )
    assert not window.remove_button.isEnabled()
    window.show_removed.setChecked(False)
    assert [r["title"] for r in rows(window)] == ["Giữ lại"]
    assert len(audit(vault, Action.DOCUMENT_REMOVE)) == 1


# -- the portrait ----------------------------------------------------------------------------------
def test_a_page_becomes_the_portrait_as_shown(
    app_open: AppController,
    qtbot: QtBot,
    find: Any,
    files: dict[str, Path],
    prompter: ScriptedPrompter,
    dossier: tuple[int, str],
    tmp_path: Path,
) -> None:
    vault = vault_of(app_open)
    window = open_window(app_open, qtbot, find)
    file_document(qtbot, window, "khac", [files["decision"]], title="Ảnh")
    button = window.findChild(QPushButton, "documentsPortraitButton")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # the officer says no
    assert get_portrait(vault, dossier[0]) is None
    prompter.confirms.append(True)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    stored = get_portrait(vault, dossier[0])
    assert stored is not None
    width, height = Image.open(io.BytesIO(stored)).size
    assert height == 800
    assert abs(width - 800 * A4[0] / A4[1]) <= 1
    assert window.status.text() == t("ui.documents.portrait_done")
    assert app_open.main_window.workspace.editor.portrait.shown() == stored
    [set_entry] = audit(vault, Action.DOSSIER_PORTRAIT_SET)
    assert set_entry.details["source"] == "documents"

    window.pages.viewer.rotate_right()  # as shown: turned a quarter
    prompter.confirms.append(True)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    turned = get_portrait(vault, dossier[0])
    assert turned is not None
    width, height = Image.open(io.BytesIO(turned)).size
    assert width == 600
    assert abs(height - 600 * A4[0] / A4[1]) <= 1

    # A page larger than a portrait may be: the portrait's own refusal is shown.
    huge = Image.new("L", (8000, 6000), 255)
    ImageDraw.Draw(huge).rectangle((500, 500, 7500, 5500), outline=0, width=20)
    huge.save(tmp_path / "a0.png")
    file_document(qtbot, window, "khac", [tmp_path / "a0.png"], title="Bản vẽ")
    select(window, "Bản vẽ")
    prompter.confirms.append(True)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert prompter.texts("error") == [t("portrait.too_many_pixels", max_mpx=40)]
    assert get_portrait(vault, dossier[0]) == turned


# -- closing ---------------------------------------------------------------------------------------
def test_the_window_follows_the_editor_and_a_lock_closes_it(
    app_open: AppController, qtbot: QtBot, find: Any, files: dict[str, Path], private_tmp: Path
) -> None:
    vault = vault_of(app_open)
    window = open_window(app_open, qtbot, find)
    file_document(qtbot, window, "khac", [files["decision"]], title="Của hồ sơ thứ nhất")
    other = DossierService(vault).save_many([next(iter(generate(2, seed=5)))], source="test")[0].id
    app_open.main_window.workspace.open(other)
    assert window.dossier_id == other
    assert rows(window) == []
    assert window.windowTitle() == t(
        "ui.documents.title", name=app_open.main_window.workspace.session.describe()
    )

    app_open.main_window.registry[ActionId.LOCK].trigger()  # no checkpoint slip (scripted "no")
    qtbot.waitUntil(lambda: app_open.vault is None)
    assert find("documentsWindow") is None
    assert not app_open.main_window.registry[ActionId.DOCUMENTS].isEnabled()
    assert list(private_tmp.iterdir()) == []
    assert not [n for n in os.listdir(vault.path) if not n.startswith(("vault.db", "header"))]
