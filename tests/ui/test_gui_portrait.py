"""The editor's portrait widget: choosing a file through the prompter makes a pending cleaned JPEG,
removing makes a pending removal, refusals are shown and change nothing, and the pending photo is
what the vault stores byte for byte."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from app import i18n
from app.dossier.portrait import get_portrait, prepare, set_portrait
from app.dossier.service import DossierService
from app.dossier.synthetic import generate
from app.i18n import t
from app.vault.session import Vault
from ui.editor.portrait_widget import PortraitWidget
from ui.prompter import ScriptedPrompter


def png(size: tuple[int, int] = (450, 600), colour: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def widget(qtbot: QtBot, prompter: ScriptedPrompter) -> PortraitWidget:
    w = PortraitWidget(prompter)
    qtbot.addWidget(w)
    w.show()
    return w


def button(w: PortraitWidget, name: str) -> QPushButton:
    found = w.findChild(QPushButton, name)
    assert found is not None, name
    return found


def picture(w: PortraitWidget) -> QLabel:
    found = w.findChild(QLabel, "portraitImage")
    assert found is not None
    return found


def choose(qtbot: QtBot, w: PortraitWidget, prompter: ScriptedPrompter, path: Path) -> None:
    prompter.paths.append(path)
    qtbot.mouseClick(button(w, "portraitChooseButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: button(w, "portraitChooseButton").isEnabled(), timeout=10_000)


def test_choose_makes_a_pending_clean_jpeg_and_remove_undoes_it(
    qtbot: QtBot, widget: PortraitWidget, prompter: ScriptedPrompter, tmp_path: Path
) -> None:
    widget.set_portrait(None)
    assert widget.objectName() == "portraitWidget"
    assert picture(widget).text() == t("portrait.none")
    assert not button(widget, "portraitRemoveButton").isEnabled()
    file = tmp_path / "ảnh chân dung.png"
    file.write_bytes(png())

    with qtbot.waitSignal(widget.changed, timeout=10_000):
        choose(qtbot, widget, prompter, file)
    pending = widget.pending()
    assert pending is not None
    kind, jpeg = pending
    assert kind == "set"
    assert jpeg == prepare(png()).jpeg
    assert jpeg is not None
    assert jpeg.startswith(b"\xff\xd8")
    assert not picture(widget).pixmap().isNull()
    assert picture(widget).pixmap().height() == picture(widget).height()  # 3×4 fills the frame
    assert picture(widget).text() == ""
    assert prompter.said[0][0] == "open"
    assert prompter.texts("error") == []

    with qtbot.waitSignal(widget.changed):
        qtbot.mouseClick(button(widget, "portraitRemoveButton"), Qt.MouseButton.LeftButton)
    assert widget.pending() is None  # there was no stored photo: back to nothing
    assert picture(widget).text() == t("portrait.none")


def test_removing_the_stored_photo_is_pending_until_saved(qtbot: QtBot, widget: PortraitWidget) -> None:
    stored = prepare(png()).jpeg
    with qtbot.assertNotEmitted(widget.changed):
        widget.set_portrait(stored)
    assert widget.pending() is None
    assert not picture(widget).pixmap().isNull()
    with qtbot.waitSignal(widget.changed):
        qtbot.mouseClick(button(widget, "portraitRemoveButton"), Qt.MouseButton.LeftButton)
    assert widget.pending() == ("remove", None)
    assert picture(widget).text() == t("portrait.none")
    note = widget.findChild(QLabel, "portraitNote")
    assert note is not None
    assert note.text() == t("portrait.pending_remove")
    widget.revert()
    assert widget.pending() is None
    assert widget.shown() == stored
    qtbot.mouseClick(button(widget, "portraitRemoveButton"), Qt.MouseButton.LeftButton)
    widget.clear_pending()  # the editor saved
    assert widget.pending() is None
    assert widget.shown() is None
    assert not button(widget, "portraitRemoveButton").isEnabled()


@pytest.mark.parametrize(
    ("name", "content", "key"),
    [
        ("ảnh.jpg", "Đây là văn bản, không phải ảnh".encode(), "portrait.not_image"),
        ("cut.jpg", None, "portrait.damaged"),
    ],
)
def test_a_refused_file_is_explained_and_changes_nothing(
    qtbot: QtBot,
    widget: PortraitWidget,
    prompter: ScriptedPrompter,
    tmp_path: Path,
    name: str,
    content: bytes | None,
    key: str,
) -> None:
    stored = prepare(png(colour=(20, 20, 200))).jpeg
    widget.set_portrait(stored)
    if content is None:
        out = io.BytesIO()
        Image.effect_noise((600, 800), 60).convert("RGB").save(out, "JPEG", quality=95)
        content = out.getvalue()[:20_000]
    file = tmp_path / name
    file.write_bytes(content)
    with qtbot.assertNotEmitted(widget.changed):
        choose(qtbot, widget, prompter, file)
        qtbot.waitUntil(lambda: bool(prompter.texts("error")), timeout=10_000)
    assert prompter.texts("error") == [t(key)]
    assert ("error", t("portrait.error_title"), t(key)) in prompter.said
    assert widget.pending() is None
    assert widget.shown() == stored


def test_cancelled_choice_and_read_only(
    qtbot: QtBot, widget: PortraitWidget, prompter: ScriptedPrompter
) -> None:
    widget.set_portrait(prepare(png()).jpeg)
    with qtbot.assertNotEmitted(widget.changed):
        qtbot.mouseClick(button(widget, "portraitChooseButton"), Qt.MouseButton.LeftButton)  # no path
    assert widget.pending() is None
    widget.set_read_only(True)
    assert not button(widget, "portraitChooseButton").isEnabled()
    assert not button(widget, "portraitRemoveButton").isEnabled()
    widget.remove()
    assert widget.pending() is None
    widget.set_read_only(False)
    assert button(widget, "portraitRemoveButton").isEnabled()


def test_retranslate(widget: PortraitWidget) -> None:
    widget.set_portrait(None)
    i18n.set_language("en")
    widget.retranslate()
    assert button(widget, "portraitChooseButton").text() == t("portrait.choose", lang="en")
    assert picture(widget).text() == "No photo"
    i18n.set_language("vi")
    widget.retranslate()
    assert button(widget, "portraitRemoveButton").text() == "Bỏ ảnh"


def test_the_pending_photo_is_what_the_vault_keeps(
    qtbot: QtBot, widget: PortraitWidget, prompter: ScriptedPrompter, opened: Vault, tmp_path: Path
) -> None:
    dossier_id = DossierService(opened).save_many(list(generate(1, seed=9)), source="test")[0].id
    file = tmp_path / "photo.webp"
    out = io.BytesIO()
    Image.new("RGB", (1200, 1600), (90, 140, 60)).save(out, "WEBP")
    file.write_bytes(out.getvalue())
    choose(qtbot, widget, prompter, file)
    pending = widget.pending()
    assert pending is not None
    assert pending[1] is not None
    set_portrait(opened, dossier_id, pending[1], source="editor")
    widget.clear_pending()
    assert get_portrait(opened, dossier_id) == pending[1] == widget.shown()


def test_a_file_still_being_read_when_another_dossier_is_shown_is_dropped(
    qtbot: QtBot, widget: PortraitWidget, prompter: ScriptedPrompter, tmp_path: Path
) -> None:
    file = tmp_path / "late.png"
    file.write_bytes(png())
    prompter.paths.append(file)
    with qtbot.assertNotEmitted(widget.changed, wait=200):
        qtbot.mouseClick(button(widget, "portraitChooseButton"), Qt.MouseButton.LeftButton)
        widget.set_portrait(None)  # the editor moved on before the worker reported
        qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 0)
    assert widget.pending() is None
    assert button(widget, "portraitChooseButton").isEnabled()
