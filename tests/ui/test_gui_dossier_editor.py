"""The officer's daily dossier work in the desktop app, end to end on a real vault: find a
dossier, open it, edit every section, add and remove table rows, save (a correction asks for
its basis), see the history and the dossier as of a date, reveal restricted values (audited,
for a limited time), refused copies, and unsaved changes at lock, at idle lock and at quit."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QListWidget, QPushButton, QTableView
from pytestqt.qtbot import QtBot

from app.audit.query import AuditFilter, entries
from app.clock import ManualClock
from app.dossier import document, fields
from app.dossier.service import DossierService
from app.dossier.synthetic import generate
from app.vault.session import Vault
from app.vault.unlock import unlock
from tests.conftest import PASSPHRASE, WEAK, VaultHandle
from tests.ui.conftest import start_unlocked, vault_of
from ui.actions import ActionId
from ui.controller import AppController
from ui.editor.field_editor import FieldEditor
from ui.editor.reveal import REVEAL_SECONDS
from ui.prompter import ScriptedPrompter

DOSSIERS = 24
BASIS = "QĐ số 15-QĐ/TU ngày 10/11/2026"


@pytest.fixture
def filled(vault: VaultHandle) -> list[dict[str, Any]]:
    """The test vault with some synthetic dossiers (saved before the app opens it)."""
    docs = list(generate(DOSSIERS, seed=11))
    opened = vault.unlock()
    try:
        DossierService(opened).save_many(docs, source="test")
    finally:
        opened.lock()
    return docs


@pytest.fixture
def app_open(
    filled: list[dict[str, Any]],
    controller: AppController,
    vault: VaultHandle,
    unlock_with: Callable[[AppController, str], Vault],
) -> AppController:
    return start_unlocked(controller, vault, unlock_with)


def _trigger(ctl: AppController, action: ActionId) -> None:
    ctl.main_window.registry[action].trigger()


def _list(ctl: AppController) -> Any:
    return ctl.main_window.workspace.list


def _open_row(ctl: AppController, qtbot: QtBot, row: int = 0) -> int:
    """Select a row of the list and press Enter on it, as the officer does."""
    pane = _list(ctl)
    table = pane.findChild(QTableView, "dossierTable")
    qtbot.waitUntil(lambda: table.model().rowCount() > row)
    table.setFocus()
    pane.select_row(row)
    dossier_id = pane.current_id()
    assert dossier_id is not None
    qtbot.keyClick(table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ctl.main_window.workspace.session.draft is not None)
    return int(dossier_id)


def _edit(ctl: AppController, path: str, value: Any) -> FieldEditor:
    """Put ``value`` in the field widget at ``path`` as the officer would, and report the edit."""
    editor: FieldEditor = ctl.main_window.findChild(FieldEditor, "field_" + path.replace(".", "_"))
    assert editor is not None, path
    editor.set_value(value)
    editor.changed.emit()
    return editor


def _audited(ctl: AppController, action: str) -> list[str]:
    return [e.target for e in entries(vault_of(ctl), AuditFilter(action=action))]


def test_searching_and_opening_a_dossier_shows_it_masked_and_audits_the_view(
    app_open: AppController, qtbot: QtBot, filled: list[dict[str, Any]]
) -> None:
    pane = _list(app_open)
    search = pane.findChild(QLineEdit, "searchEdit")
    _trigger(app_open, ActionId.FIND)
    assert search.hasFocus()
    name = str(document.get(filled[3], "identity.full_name"))
    search.setText(_strip(name).lower())  # typed without diacritics
    pane.apply_search()
    table = pane.findChild(QTableView, "dossierTable")
    qtbot.waitUntil(lambda: table.model().rowCount() >= 1)
    assert table.model().index(0, 0).data() == name
    dossier_id = _open_row(app_open, qtbot)
    session = app_open.main_window.workspace.session
    assert session.draft is not None
    assert session.draft.dossier_id == dossier_id
    assert app_open.main_window.findChild(QLabel, "editorTitle").text() == name
    pid = app_open.main_window.findChild(FieldEditor, "field_identity_personal_id")
    assert pid.is_masked()
    assert pid.value() is None
    assert str(dossier_id) in _audited(app_open, "dossier.view")
    assert _audited(app_open, "dossier.reveal") == []


def _strip(text: str) -> str:
    import unicodedata

    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in folded if not unicodedata.combining(c))


def _new_value(spec: fields.Field, current: Any, donor: Any) -> Any:
    """A different value for a field of ``spec`` (the donor dossier's, or a changed copy)."""
    if spec.kind in (fields.Kind.TABLE,):
        rows = copy.deepcopy(current) if isinstance(current, list) and current else copy.deepcopy(donor)
        assert rows, spec.key
        text_columns = [c.key for c in spec.columns if c.kind in (fields.Kind.TEXT, fields.Kind.LONG_TEXT)]
        rows[0][text_columns[-1]] = "Đã sửa trong trình soạn thảo"
        return rows
    if spec.kind == fields.Kind.RECORD:
        record = copy.deepcopy(current) if isinstance(current, dict) else {}
        for column in spec.columns:
            if column.kind == fields.Kind.LONG_TEXT:
                record[column.key] = "Không có — ghi lại khi rà soát"
                return record
            if column.kind == fields.Kind.INT:
                record[column.key] = 12_345_678
                return record
        raise AssertionError(spec.key)
    if spec.kind == fields.Kind.INT:
        return 7
    return "Đã sửa trong trình soạn thảo"


def _editable(section: fields.Section) -> tuple[str, fields.Field]:
    if section.table is not None:
        return section.key, section.table
    spec = next(f for f in section.fields if f.kind in (fields.Kind.TEXT, fields.Kind.INT) and not f.required)
    return f"{section.key}.{spec.key}", spec


def test_a_field_of_every_section_is_edited_and_saved_with_its_basis(
    app_open: AppController, qtbot: QtBot, prompter: ScriptedPrompter, filled: list[dict[str, Any]]
) -> None:
    dossier_id = _open_row(app_open, qtbot)
    prompter.confirms.append(True)
    _trigger(app_open, ActionId.REVEAL)  # restricted sections are edited in clear
    session = app_open.main_window.workspace.session
    assert session.reveal.active
    expected: dict[str, Any] = {}
    for section in fields.SECTIONS:
        path, spec = _editable(section)
        editor = app_open.main_window.findChild(FieldEditor, "field_" + path.replace(".", "_"))
        assert not editor.is_masked(), path
        donor = next((document.get(d, path) for d in filled if document.get(d, path)), None)
        value = _new_value(spec, editor.value(), donor)
        _edit(app_open, path, value)
        expected[path] = editor.value()
    assert session.dirty
    prompter.texts_typed.append(BASIS)
    _trigger(app_open, ActionId.SAVE_DOSSIER)
    assert not session.dirty
    assert ("ask_text", "Căn cứ đính chính") in [(k, t) for k, t, _ in prompter.said]
    stored = DossierService(vault_of(app_open)).get(dossier_id, reveal=True, audit=False)
    for path, value in expected.items():
        assert document.prune(document.get(stored.data, path)) == document.prune(value), path
    changes = DossierService(vault_of(app_open)).history(dossier_id)
    changed = {c.path for c in changes if c.basis == BASIS}
    assert set(expected) <= changed
    assert str(dossier_id) in _audited(app_open, "dossier.change")


def test_rows_are_added_and_removed_by_keyboard_and_adding_needs_no_basis(
    app_open: AppController, qtbot: QtBot, prompter: ScriptedPrompter
) -> None:
    dossier_id = _open_row(app_open, qtbot, 1)
    table = app_open.main_window.findChild(FieldEditor, "field_work_history")
    app_open.main_window.workspace.editor.go_to("work_history")
    before = table.value() or []
    view = table.findChild(QTableView, "field_work_history_view")
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Insert)
    assert table.model.rowCount() == len(before) + 1
    view.selectRow(len(before))
    remove = table.findChild(QPushButton, "field_work_history_remove")
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    assert table.model.rowCount() == len(before)
    row = {"from": "2026-10", "unit": "Ban Tổ chức Tỉnh ủy Thái Nguyên", "title": "Phó Trưởng ban"}
    _edit(app_open, "work_history", [*before, row])
    assert app_open.main_window.workspace.session.save()
    assert not [k for k, _, _ in prompter.said if k == "ask_text"]  # an addition is not a correction
    stored = DossierService(vault_of(app_open)).get(dossier_id, audit=False)
    assert stored.data["work_history"][-1] == row


def test_save_is_refused_while_errors_remain_and_nothing_is_written(
    app_open: AppController, qtbot: QtBot, prompter: ScriptedPrompter
) -> None:
    dossier_id = _open_row(app_open, qtbot)
    _edit(app_open, "identity.full_name", None)
    _edit(app_open, "career.party_join_date", "2090-01-01")
    _trigger(app_open, ActionId.SAVE_DOSSIER)
    assert any("lỗi" in text for text in prompter.texts("error"))
    problem = app_open.main_window.findChild(QLabel, "problem_identity_full_name")
    assert problem.isVisible()
    assert problem.text()
    listed = app_open.main_window.findChild(QListWidget, "editorProblems")
    assert listed.isVisible()
    assert listed.count() >= 1
    assert DossierService(vault_of(app_open)).get(dossier_id, audit=False).version == 1


def test_a_correction_without_a_basis_is_not_saved(
    app_open: AppController, qtbot: QtBot, prompter: ScriptedPrompter
) -> None:
    dossier_id = _open_row(app_open, qtbot)
    _edit(app_open, "identity.full_name", "Tên Đã Đính Chính")
    prompter.texts_typed.append(None)  # the officer cancels the question
    assert not app_open.main_window.workspace.session.save()
    assert app_open.main_window.workspace.session.dirty
    assert DossierService(vault_of(app_open)).get(dossier_id, audit=False).data["identity"]["full_name"] != (
        "Tên Đã Đính Chính"
    )


def test_history_shows_the_change_and_the_dossier_as_of_an_earlier_date(
    app_open: AppController, qtbot: QtBot, prompter: ScriptedPrompter, clock: ManualClock
) -> None:
    _open_row(app_open, qtbot)
    session = app_open.main_window.workspace.session
    assert session.draft is not None
    old_post = session.draft.value("position.current_post")
    clock.advance(3 * 86_400)
    app_open.idle.touch()
    _edit(app_open, "position.current_post", "Trưởng ban Tổ chức Tỉnh ủy")
    prompter.texts_typed.append(BASIS)
    assert session.save()
    _trigger(app_open, ActionId.HISTORY)
    history = app_open.main_window.findChild(QTableView, "historyTable")
    assert history.isVisible()
    assert history.model().rowCount() >= 2
    texts = [history.model().index(r, c).data() for r in range(history.model().rowCount()) for c in range(6)]
    assert "Trưởng ban Tổ chức Tỉnh ủy" in texts
    assert BASIS in texts
    panel = app_open.main_window.workspace.editor.history
    earlier = clock.now() - timedelta(days=2)
    panel.as_of_date.setDate(QDate(earlier.year, earlier.month, earlier.day))
    qtbot.mouseClick(app_open.main_window.findChild(QPushButton, "asOfButton"), Qt.MouseButton.LeftButton)
    assert session.as_of is not None
    post = app_open.main_window.findChild(FieldEditor, "field_position_current_post")
    assert post.value() == old_post
    assert post.is_read_only()
    qtbot.mouseClick(
        app_open.main_window.findChild(QPushButton, "asOfCurrentButton"), Qt.MouseButton.LeftButton
    )
    assert session.as_of is None
    assert post.value() == "Trưởng ban Tổ chức Tỉnh ủy"


def test_reveal_asks_is_audited_and_masks_again_when_time_is_up(
    app_open: AppController, qtbot: QtBot, prompter: ScriptedPrompter, clock: ManualClock
) -> None:
    dossier_id = _open_row(app_open, qtbot)
    pid = app_open.main_window.findChild(FieldEditor, "field_identity_personal_id")
    prompter.confirms.append(False)
    _trigger(app_open, ActionId.REVEAL)
    assert pid.is_masked()
    assert _audited(app_open, "dossier.reveal") == []
    prompter.confirms.append(True)
    _trigger(app_open, ActionId.REVEAL)
    assert not pid.is_masked()
    assert len(str(pid.value())) == 12
    assert _audited(app_open, "dossier.reveal") == [str(dossier_id)]
    state = app_open.main_window.findChild(QLabel, "revealState")
    assert str(REVEAL_SECONDS) in state.text()
    clock.advance(REVEAL_SECONDS + 1)
    app_open.idle.touch()
    qtbot.waitUntil(lambda: pid.is_masked())
    assert pid.value() is None
    assert state.text() == ""


def test_a_restricted_value_is_never_copied_and_other_copies_are_cleared(
    app_open: AppController, qtbot: QtBot, prompter: ScriptedPrompter, clock: ManualClock
) -> None:
    _open_row(app_open, qtbot)
    prompter.confirms.append(True)
    _trigger(app_open, ActionId.REVEAL)
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("trước")
    pid = app_open.main_window.findChild(FieldEditor, "field_identity_personal_id")
    edit = pid.findChild(QLineEdit)
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert clipboard.text() == "trước"
    assert "sao chép" in app_open.main_window.statusBar().currentMessage()
    name = app_open.main_window.findChild(FieldEditor, "field_identity_full_name").findChild(QLineEdit)
    name.setFocus()
    name.selectAll()
    qtbot.keyClick(name, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert clipboard.text() == name.text()
    clock.advance(11)
    app_open.idle.touch()
    qtbot.waitUntil(lambda: clipboard.text() == "")


def test_lock_with_unsaved_changes_asks_and_can_stay_save_or_discard(
    app_open: AppController, qtbot: QtBot, prompter: ScriptedPrompter
) -> None:
    dossier_id = _open_row(app_open, qtbot)
    _edit(app_open, "identity.other_names", "Tên gọi khác mới")
    prompter.choices.append("cancel")
    _trigger(app_open, ActionId.LOCK)
    assert app_open.vault is not None
    assert app_open.main_window.workspace.session.dirty
    prompter.choices.append("save")
    _trigger(app_open, ActionId.LOCK)
    assert app_open.vault is None
    assert ("choose", "Thay đổi chưa lưu") in [(k, t) for k, t, _ in prompter.said]
    assert str(dossier_id) in _changed_targets(app_open)


def _changed_targets(ctl: AppController) -> list[str]:
    """The dossiers changed, read from the audit log after unlocking the vault again."""
    assert ctl.vault_path is not None
    again = unlock(ctl.vault_path, PASSPHRASE, kdf_floor=WEAK, clock=ctl.ctx.clock)
    try:
        return [e.target for e in entries(again, AuditFilter(action="dossier.change"))]
    finally:
        again.lock()


def test_an_idle_lock_drops_unsaved_changes_and_says_so_after_unlock(
    app_open: AppController,
    qtbot: QtBot,
    prompter: ScriptedPrompter,
    clock: ManualClock,
    vault: VaultHandle,
    unlock_with: Callable[[AppController, str], Vault],
) -> None:
    dossier_id = _open_row(app_open, qtbot)
    _edit(app_open, "identity.other_names", "Không được lưu")
    clock.advance(60 * 60)
    qtbot.waitUntil(lambda: app_open.vault is None)
    assert app_open.main_window.workspace.session.draft is None
    unlock_with(app_open, vault.passphrase)
    assert any("đã bị bỏ" in text for text in prompter.texts("inform"))
    stored = DossierService(vault_of(app_open)).get(dossier_id, audit=False)
    assert stored.data["identity"].get("other_names") != "Không được lưu"


def test_a_new_dossier_is_created_from_the_keyboard_and_listed(
    app_open: AppController, qtbot: QtBot, filled: list[dict[str, Any]]
) -> None:
    _trigger(app_open, ActionId.NEW_DOSSIER)
    session = app_open.main_window.workspace.session
    assert session.draft is not None
    assert session.draft.dossier_id is None
    template = next(iter(generate(1, seed=99)))
    for path in ("identity.personal_id", "identity.full_name", "identity.sex", "identity.birth_date"):
        _edit(app_open, path, document.get(template, path))
    secrecy = app_open.main_window.findChild(QComboBox, "editorSecrecyCombo")
    secrecy.setCurrentIndex(secrecy.findData("toi_mat"))
    secrecy.activated.emit(secrecy.currentIndex())
    _trigger(app_open, ActionId.SAVE_DOSSIER)
    assert session.draft.dossier_id is not None
    stored = DossierService(vault_of(app_open)).get(session.draft.dossier_id, audit=False)
    assert stored.secrecy == "toi_mat"
    pane = _list(app_open)
    assert pane.current_id() == session.draft.dossier_id
    count = pane.findChild(QLabel, "searchCount").text()
    assert str(DOSSIERS + 1) in count


def test_every_dossier_action_has_its_own_shortcut_and_a_menu_entry(app_open: AppController) -> None:
    registry = app_open.main_window.registry
    shortcuts = [registry[a].shortcut().toString() for a in ActionId]
    assert all(shortcuts)
    assert len(set(shortcuts)) == len(shortcuts)
    menus = app_open.main_window.menuBar().actions()
    in_menus = {a for m in menus for a in m.menu().actions()}
    assert all(registry[a] in in_menus for a in ActionId)


def test_the_neediest_window_opens_a_dossier_in_the_editor(app_open: AppController, qtbot: QtBot) -> None:
    _trigger(app_open, ActionId.NEEDIEST)
    window = app_open.dossiers.neediest
    assert window is not None
    table = window.findChild(QTableView, "neediestTable")
    qtbot.waitUntil(lambda: table.model().rowCount() > 0, timeout=30_000)
    first = window.results()[0]
    window.dossierRequested.emit(first.id)
    session = app_open.main_window.workspace.session
    assert session.draft is not None
    assert session.draft.dossier_id == first.id
    assert _list(app_open).current_id() == first.id


def test_the_import_action_opens_the_dialog_and_a_lock_closes_it(
    app_open: AppController, qtbot: QtBot, find: Callable[..., Any]
) -> None:
    _trigger(app_open, ActionId.IMPORT)
    qtbot.waitUntil(lambda: find("importDialog") is not None)
    _trigger(app_open, ActionId.LOCK)
    assert app_open.vault is None
    assert find("importDialog") is None
    assert not app_open.main_window.registry[ActionId.IMPORT].isEnabled()
