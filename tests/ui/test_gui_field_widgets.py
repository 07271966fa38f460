"""The field widgets of the dossier editor (``ui.editor.widgets``), one kind at a time and then
every path of the registry: values in and out exactly as documents store them, typing through
QTest, partial dates, catalog type-ahead without diacritics, table rows by button and by key,
cell editors, problems on cells, masking, restricted inputs, read-only mode and language."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app import i18n
from app.dossier import catalogs, document, fields, synthetic
from app.dossier.document import MASK
from app.dossier.fields import Kind
from app.i18n import t
from ui.editor.field_editor import FieldEditor
from ui.editor.widgets import editor_at, editor_for
from ui.editor.widgets.base import BaseEditor
from ui.editor.widgets.catalog import CatalogPicker
from ui.editor.widgets.completion import CatalogCombo
from ui.editor.widgets.dates import PartialDateEdit, typed_to_iso
from ui.editor.widgets.numeric import NumberEditor
from ui.editor.widgets.place import PlaceEditor
from ui.editor.widgets.record import RecordEditor
from ui.editor.widgets.table import TableEditor
from ui.editor.widgets.text import LongTextEditor, PersonalIdEditor, TextEditor

Make = Callable[..., Any]

#: Completer popups ask the platform to raise them and grab the keyboard; offscreen cannot
#: (the closest marker wins, so the conftest's pattern is repeated).
popups = pytest.mark.qt_log_ignore(
    r"^This plugin does not support (propagateSizeHints\(\)|raise\(\)|grabbing the keyboard)$"
)


@pytest.fixture
def make(qtbot: QtBot) -> Make:
    """``make(path)``: the editor of a registry path, named after it, shown in its own window."""

    def build(path: str, show: bool = True) -> Any:
        editor = editor_at(path)
        editor.setObjectName(path.replace(".", "_"))
        qtbot.addWidget(editor)
        if show:
            editor.show()
            qtbot.waitExposed(editor)
            editor.activateWindow()
        return editor

    return build


def inner(editor: QWidget, suffix: str, kind: type[QWidget] = QWidget) -> Any:
    found = editor.findChild(kind, f"{editor.objectName()}_{suffix}")
    assert found is not None, suffix
    return found


def keys(widget: QWidget, text: str) -> None:
    """Type ``text`` (QTest.keyClicks knows ASCII only: letters like "ễ" are sent as key events)."""
    for char in text:
        if char.isascii():
            QTest.keyClicks(widget, char)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def typed(qtbot: QtBot, editor: FieldEditor, widget: QWidget, text: str) -> None:
    """Type ``text`` into ``widget``, checking that the editor reports the change."""
    with qtbot.waitSignal(editor.changed, timeout=2000):
        keys(widget, text)


# ---------------------------------------------------------------- the factory


@pytest.mark.parametrize(
    ("path", "cls"),
    [
        ("identity.full_name", TextEditor),
        ("position.main_duties", LongTextEditor),
        ("foreign_relatives", LongTextEditor),
        ("identity.personal_id", PersonalIdEditor),
        ("salary.step", NumberEditor),
        ("salary.coefficient", NumberEditor),
        ("identity.birth_date", PartialDateEdit),
        ("identity.ethnicity", CatalogPicker),
        ("identity.home_town", PlaceEditor),
        ("salary.allowances", RecordEditor),
        ("economy", RecordEditor),
        ("training", TableEditor),
        ("position.planned_posts", TableEditor),
    ],
)
def test_each_kind_gets_its_widget(qtbot: QtBot, path: str, cls: type[QWidget]) -> None:
    editor = editor_for(fields.field_at(path))
    qtbot.addWidget(editor)
    assert type(editor) is cls
    assert isinstance(editor, FieldEditor)


#: Values for the paths the synthetic dossiers leave empty.
UNFILLED = {
    "position.committee_concurrent": "btv",
    "position.committee_concurrent_level": "Tỉnh ủy",
    "qualifications.academic_title": "pgs",
    "qualifications.state_honours": "Nhà giáo Ưu tú",
    "salary.job_position_code": "01.002.03",
    "salary.salary_amount": 18_500_000,
    "foreign_relatives": "Em gái: Nguyễn Thị C, định cư tại Đức từ 2005.\nChú ruột: ở Pháp.",
}


def test_every_registry_path_round_trips_synthetic_values(qtbot: QtBot) -> None:
    docs = list(synthetic.generate(20, seed=1))
    for path in fields.paths():
        editor = editor_at(path)
        qtbot.addWidget(editor)
        editor.setObjectName(path.replace(".", "_"))
        values = [v for doc in docs if (v := document.get(doc, path)) is not None][:3]
        values = values or [UNFILLED[path]]
        for value in values:
            editor.set_value(value)
            assert editor.value() == value, path
            assert editor.local_problem() is None, path
        editor.set_value(None)
        assert editor.value() is None, path
        editor.deleteLater()


def test_values_of_every_kind_keep_their_python_type(qtbot: QtBot) -> None:
    cases: dict[str, Any] = {
        "salary.step": 7,
        "salary.coefficient": 4.74,
        "salary.percent": 100,
        "health.weight_kg": 41.0,
        "identity.birth_date": "1968",
        "career.party_join_date": "1999-05",
        "identity.id_issue_date": "2021-02-28",
        "identity.personal_id": "001080012345",
        "foreign_relatives": "Em gái: ở Đức\nChú ruột: ở Pháp",
        "family": [{"side": "ban_than", "relation": "bố", "birth_year": 1948}],
        "salary.allowances": {"position": 0.9, "other": 1},
        "identity.home_town": {"commune": "Phú Xuyên", "province": "Thái Nguyên"},
    }
    for path, value in cases.items():
        editor = editor_at(path)
        qtbot.addWidget(editor)
        editor.set_value(value)
        got = editor.value()
        assert got == value, path
        assert type(got) is type(value), path
        if isinstance(value, dict):
            assert all(type(got[k]) is type(v) for k, v in value.items())


# ---------------------------------------------------------------- text and numbers


def test_text_typed_is_reported_trimmed_and_limited(qtbot: QtBot, make: Make) -> None:
    editor = make("identity.full_name")
    edit = inner(editor, "edit", QLineEdit)
    assert edit.maxLength() == 120
    typed(qtbot, editor, edit, "  Nguyễn Văn An ")
    assert editor.value() == "Nguyễn Văn An"
    edit.clear()
    assert editor.value() is None


def test_set_value_does_not_emit_changed(qtbot: QtBot, make: Make) -> None:
    editor = make("identity.full_name")
    with qtbot.assertNotEmitted(editor.changed):
        editor.set_value("Lê Thị Bình")
    assert inner(editor, "edit", QLineEdit).text() == "Lê Thị Bình"


def test_long_text_keeps_lines_and_cuts_at_its_limit(qtbot: QtBot, make: Make) -> None:
    editor = make("position.main_duties")
    edit = inner(editor, "edit", QPlainTextEdit)
    typed(qtbot, editor, edit, "Dòng một")
    QTest.keyClick(edit, Qt.Key.Key_Return)
    keys(edit, "Dòng hai")
    assert editor.value() == "Dòng một\nDòng hai"
    edit.setPlainText("x" * 2500)  # a paste longer than the field
    assert len(editor.value()) == 2000
    assert edit.height() >= edit.fontMetrics().lineSpacing() * 4


def test_personal_id_takes_twelve_digits_only(qtbot: QtBot, make: Make) -> None:
    editor = make("identity.personal_id")
    edit = inner(editor, "edit", QLineEdit)
    typed(qtbot, editor, edit, "00108a0-01234")
    assert edit.text() == "00108001234"
    assert editor.local_problem() == t("ui.widgets.personal_id.incomplete")
    assert editor.property("problem") is True
    QTest.keyClicks(edit, "56")
    assert editor.value() == "001080012345"
    assert editor.local_problem() is None
    assert editor.property("problem") is False


@pytest.mark.parametrize(
    ("path", "keys", "expected"),
    [
        ("salary.step", "7", 7),
        ("salary.salary_amount", "-12x000", -12000),
        ("salary.coefficient", "4,74", 4.74),
        ("salary.coefficient", "4.74", 4.74),
        ("salary.percent", "100", 100),
        ("health.height_cm", "168", 168),
    ],
)
def test_numbers_typed_become_numbers(qtbot: QtBot, make: Make, path: str, keys: str, expected: Any) -> None:
    editor = make(path)
    typed(qtbot, editor, inner(editor, "edit", QLineEdit), keys)
    assert editor.value() == expected
    assert type(editor.value()) is type(expected)


def test_decimal_shows_the_comma_in_vietnamese_and_the_point_in_english(qtbot: QtBot, make: Make) -> None:
    editor = make("salary.coefficient")
    editor.set_value(4.74)
    edit = inner(editor, "edit", QLineEdit)
    assert edit.text() == "4,74"
    i18n.set_language("en")
    editor.retranslate()
    assert edit.text() == "4.74"
    assert editor.value() == 4.74


def test_a_year_out_of_range_is_flagged(qtbot: QtBot) -> None:
    spec = fields.section("family").table
    assert spec is not None
    column = spec.column("birth_year")
    assert column is not None
    assert column.kind == Kind.YEAR
    editor = editor_for(column)
    editor.setObjectName("year")
    qtbot.addWidget(editor)
    edit = inner(editor, "edit", QLineEdit)
    typed(qtbot, editor, edit, "17a00")
    assert edit.text() == "1700"
    assert editor.value() == 1700
    assert editor.local_problem() is not None
    edit.setText("")
    QTest.keyClicks(edit, "1948")
    assert editor.value() == 1948
    assert editor.local_problem() is None


# ---------------------------------------------------------------- partial dates


def test_date_parts_are_named_and_in_vietnamese_order(make: Make) -> None:
    editor = make("identity.birth_date")
    day, month, year = (inner(editor, s, QLineEdit) for s in ("day", "month", "year"))
    assert day.x() < month.x() < year.x()
    editor.setObjectName("renamed")
    assert editor.findChild(QLineEdit, "renamed_day") is day


def test_typing_two_digits_moves_on_and_gives_the_full_date(qtbot: QtBot, make: Make) -> None:
    editor = make("identity.birth_date")
    day, month, year = (inner(editor, s, QLineEdit) for s in ("day", "month", "year"))
    day.setFocus()
    qtbot.waitUntil(day.hasFocus)
    typed(qtbot, editor, day, "17")
    assert month.hasFocus()
    keys(month, "05")
    assert year.hasFocus()
    keys(year, "1968")
    assert editor.value() == "1968-05-17"
    assert editor.local_problem() is None


def test_a_separator_moves_on_and_backspace_goes_back(qtbot: QtBot, make: Make) -> None:
    editor = make("identity.birth_date")
    day, month, year = (inner(editor, s, QLineEdit) for s in ("day", "month", "year"))
    day.setFocus()
    qtbot.waitUntil(day.hasFocus)
    keys(day, "5/")
    assert month.hasFocus()
    keys(month, "3.")
    assert year.hasFocus()
    keys(year, "1975")
    assert editor.value() == "1975-03-05"
    year.clear()
    QTest.keyClick(year, Qt.Key.Key_Backspace)
    assert month.hasFocus()


@pytest.mark.parametrize(
    ("day", "month", "year", "stored", "problem"),
    [
        ("", "", "1968", "1968", None),
        ("", "5", "1968", "1968-05", None),
        ("", "", "", None, None),
        ("31", "02", "2020", "2020-02-31", "ui.widgets.date.impossible"),
        ("29", "02", "2020", "2020-02-29", None),
        ("12", "05", "", "-05-12", "ui.widgets.date.year_required"),
        ("12", "", "1990", "1990--12", "ui.widgets.date.month_required"),
        ("", "13", "1990", "1990-13", "ui.widgets.date.impossible"),
        ("", "", "1700", "1700", "ui.widgets.year.invalid"),
    ],
)
def test_partial_dates_and_impossible_ones(
    qtbot: QtBot, make: Make, day: str, month: str, year: str, stored: str | None, problem: str | None
) -> None:
    editor = make("career.party_join_date", show=False)
    for suffix, text in (("year", year), ("month", month), ("day", day)):
        if text:
            typed(qtbot, editor, inner(editor, suffix, QLineEdit), text)
    assert editor.value() == stored
    if problem is None:
        assert editor.local_problem() is None
    else:
        assert editor.local_problem() == t(problem, min=1850, max=2100)
        assert editor.property("problem") is True
        assert inner(editor, "day", QLineEdit).property("problem") is True


def test_a_stored_value_that_is_no_date_is_kept_until_retyped(qtbot: QtBot, make: Make) -> None:
    editor = make("identity.birth_date", show=False)
    editor.set_value("mùa xuân 1968")
    assert editor.value() == "mùa xuân 1968"
    assert editor.local_problem() == t("ui.widgets.date.not_a_date")
    typed(qtbot, editor, inner(editor, "year", QLineEdit), "1968")
    assert editor.value() == "1968"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("17/05/1968", "1968-05-17"),
        ("7/5/1968", "1968-05-07"),
        ("05/1968", "1968-05"),
        ("1968", "1968"),
        ("1968-05-17", "1968-05-17"),
        ("17.05.1968", "1968-05-17"),
        ("", None),
        ("31/02/2020", "2020-02-31"),
        ("abc", "abc"),
    ],
)
def test_dates_typed_in_one_piece(text: str, iso: str | None) -> None:
    assert typed_to_iso(text) == iso


# ---------------------------------------------------------------- catalogs


@popups
def test_catalog_type_ahead_without_diacritics_picks_the_code(qtbot: QtBot, make: Make) -> None:
    editor = make("identity.ethnicity")
    combo = inner(editor, "combo", CatalogCombo)
    popup = combo.completer_.popup()
    assert popup.objectName() == "identity_ethnicity_popup"
    typed_into = combo.lineEdit()
    typed_into.setFocus()
    qtbot.waitUntil(typed_into.hasFocus)
    QTest.keyClicks(typed_into, "tay")
    qtbot.waitUntil(popup.isVisible)
    assert combo.completer_.entries.item(0).text() == "Tày"
    with qtbot.waitSignal(editor.changed, timeout=2000):
        QTest.keyClick(popup, Qt.Key.Key_Return)
    assert editor.value() == "tay"
    assert combo.currentText() == "Tày"


@popups
def test_catalog_popup_choice_by_keyboard(qtbot: QtBot, make: Make) -> None:
    editor = make("identity.religion")
    combo = inner(editor, "combo", CatalogCombo)
    popup = combo.completer_.popup()
    edit = combo.lineEdit()
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    QTest.keyClicks(edit, "phat")
    qtbot.waitUntil(popup.isVisible)
    first = combo.completer_.entries.item(0)
    QTest.keyClick(popup, Qt.Key.Key_Down)
    with qtbot.waitSignal(editor.changed, timeout=2000):
        QTest.keyClick(popup, Qt.Key.Key_Return)
    assert editor.value() == first.data(Qt.ItemDataRole.UserRole)
    assert "phat" in editor.value()


def test_catalog_text_left_unfinished_takes_the_best_match_or_reverts(qtbot: QtBot, make: Make) -> None:
    editor = make("identity.sex", show=False)
    editor.set_value("nam")
    combo = inner(editor, "combo", CatalogCombo)
    combo.lineEdit().setText("nu")
    with qtbot.waitSignal(editor.changed, timeout=2000):
        combo.commit()
    assert editor.value() == "nu"
    combo.lineEdit().setText("zzz")
    combo.commit()
    assert editor.value() == "nu"
    assert combo.currentText() == catalogs.load("sex").label("nu")
    combo.lineEdit().setText("")
    combo.commit()
    assert editor.value() is None


def test_catalog_labels_follow_the_language(qtbot: QtBot, make: Make) -> None:
    editor = make("identity.ethnicity", show=False)
    editor.set_value("tay")
    combo = inner(editor, "combo", CatalogCombo)
    entry = catalogs.load("ethnicity").get("tay")
    assert entry is not None
    assert combo.currentText() == entry.label
    i18n.set_language("en")
    editor.retranslate()
    assert combo.currentText() == entry.label_en
    assert editor.value() == "tay"


def test_unknown_and_ceased_codes(qtbot: QtBot, make: Make) -> None:
    editor = make("position.post_group", show=False)
    editor.set_value("khong_co_ma_nay")
    combo = inner(editor, "combo", CatalogCombo)
    assert editor.value() == "khong_co_ma_nay"
    assert "khong_co_ma_nay" in combo.currentText()
    assert editor.local_problem() == t("ui.widgets.catalog.unknown_tip")
    catalog = catalogs.load("post_group")
    today = date.today().isoformat()
    ceased = next(e for e in catalog.entries if e.valid_until and e.valid_until < today)
    editor.set_value(ceased.code)
    assert editor.value() == ceased.code
    assert combo.currentText() == t("ui.widgets.catalog.ceased", label=ceased.label)
    assert combo.itemData(combo.currentIndex(), Qt.ItemDataRole.ToolTipRole)
    assert combo.findData("khong_co_ma_nay", Qt.ItemDataRole.UserRole) == -1  # not kept once replaced


# ---------------------------------------------------------------- places and records


@popups
def test_place_parts_and_province_completion(qtbot: QtBot, make: Make) -> None:
    editor = make("identity.home_town")
    commune, province = inner(editor, "commune", QLineEdit), inner(editor, "province", QLineEdit)
    typed(qtbot, editor, commune, "Phú Xuyên")
    province.setFocus()
    qtbot.waitUntil(province.hasFocus)
    QTest.keyClicks(province, "thai ng")
    popup = editor.completer.popup()
    assert popup.objectName() == "identity_home_town_province_popup"
    qtbot.waitUntil(popup.isVisible)
    QTest.keyClick(popup, Qt.Key.Key_Down)
    QTest.keyClick(popup, Qt.Key.Key_Return)
    assert editor.value() == {"commune": "Phú Xuyên", "province": "Thái Nguyên"}
    editor.show_problems([(".province", "Sai tỉnh")])
    assert province.property("problem") is True
    assert province.toolTip() == "Sai tỉnh"
    assert commune.property("problem") is False
    editor.show_problems([])
    assert province.property("problem") is False


def test_record_members_are_editors_of_their_own(qtbot: QtBot, make: Make) -> None:
    editor = make("salary.allowances")
    position = inner(editor, "position", NumberEditor)
    assert inner(editor, "position_label", QLabel).buddy() is position
    typed(qtbot, editor, inner(position, "edit", QLineEdit), "0,9")
    assert editor.value() == {"position": 0.9}
    editor.set_value({"concurrent": 0.3})
    assert position.value() is None
    assert editor.value() == {"concurrent": 0.3}


def test_record_problems_reach_nested_table_cells(make: Make) -> None:
    editor = make("economy", show=False)
    editor.set_value({"salary_income": 1000, "housing": [{"house_type": "Nhà xây", "area_m2": 77.0}]})
    editor.show_problems([(".housing[1].area_m2", "Diện tích sai"), (".salary_income", "Thu nhập sai")])
    view = inner(editor, "housing_view", QTableView)
    model = view.model()
    area = model.index(0, [c.key for c in model.columns].index("area_m2"))
    assert model.data(area, Qt.ItemDataRole.ToolTipRole) == "Diện tích sai"
    assert model.data(area, Qt.ItemDataRole.BackgroundRole) is not None
    assert inner(editor, "salary_income", NumberEditor).property("problem") is True
    editor.show_problems([])
    assert model.data(area, Qt.ItemDataRole.ToolTipRole) is None
    assert inner(editor, "salary_income", NumberEditor).property("problem") is False


# ---------------------------------------------------------------- tables


def cell(view: QTableView, row: int, key: str) -> QModelIndex:
    model: Any = view.model()
    return model.index(row, [c.key for c in model.columns].index(key))


def open_editor(qtbot: QtBot, view: QTableView, index: QModelIndex) -> QWidget:
    view.setCurrentIndex(index)
    view.edit(index)
    return editor_of(qtbot, view)


def editor_of(qtbot: QtBot, view: QTableView) -> QWidget:
    """The cell editor open at the view's current cell."""
    qtbot.waitUntil(lambda: view.state() == QTableView.State.EditingState)
    editor = view.indexWidget(view.currentIndex())
    assert editor is not None
    return editor


def press_enter(qtbot: QtBot, view: QTableView, editor: QWidget) -> None:
    """Enter in a cell editor: the delegate commits once the event loop runs."""
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QTableView.State.EditingState)


def close_editor(qtbot: QtBot, view: QTableView) -> None:
    QTest.keyClick(editor_of(qtbot, view), Qt.Key.Key_Escape)
    assert view.state() != QTableView.State.EditingState


def test_table_rows_by_button(qtbot: QtBot, make: Make) -> None:
    editor = make("work_history")
    view = inner(editor, "view", QTableView)
    with qtbot.waitSignal(editor.changed, timeout=2000):
        qtbot.mouseClick(inner(editor, "add", QPushButton), Qt.MouseButton.LeftButton)
    assert view.model().rowCount() == 1
    typing = editor_of(qtbot, view)  # the new row's first cell is open for typing
    assert view.currentIndex() == cell(view, 0, "from")
    QTest.keyClicks(typing, "08/1997")
    QTest.keyClick(typing, Qt.Key.Key_Tab)  # commits and moves on to the next cell
    assert view.model().data(cell(view, 0, "from"), Qt.ItemDataRole.DisplayRole) == "08/1997"
    assert view.currentIndex() == cell(view, 0, "to")
    close_editor(qtbot, view)
    assert editor.value() == [{"from": "1997-08"}]

    qtbot.mouseClick(inner(editor, "add", QPushButton), Qt.MouseButton.LeftButton)
    close_editor(qtbot, view)
    editor.set_value([{"unit": "A"}, {"unit": "B"}, {"unit": "C"}])
    view.setCurrentIndex(cell(view, 0, "unit"))
    qtbot.mouseClick(inner(editor, "down", QPushButton), Qt.MouseButton.LeftButton)
    assert [r["unit"] for r in editor.value()] == ["B", "A", "C"]
    assert view.currentIndex().row() == 1
    qtbot.mouseClick(inner(editor, "up", QPushButton), Qt.MouseButton.LeftButton)
    assert [r["unit"] for r in editor.value()] == ["A", "B", "C"]
    assert not inner(editor, "up", QPushButton).isEnabled()
    view.setCurrentIndex(cell(view, 1, "unit"))
    with qtbot.waitSignal(editor.changed, timeout=2000):
        qtbot.mouseClick(inner(editor, "remove", QPushButton), Qt.MouseButton.LeftButton)
    assert editor.value() == [{"unit": "A"}, {"unit": "C"}]


def test_table_rows_by_keyboard(qtbot: QtBot, make: Make) -> None:
    editor = make("work_history")
    view = inner(editor, "view", QTableView)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Insert)
    assert view.model().rowCount() == 1
    close_editor(qtbot, view)  # the new row's first cell was open
    QTest.keyClick(view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert view.model().rowCount() == 2
    close_editor(qtbot, view)
    assert editor.value() is None  # empty rows are no value

    editor.set_value([{"unit": "A"}, {"unit": "B"}, {"unit": "C"}])
    view.setCurrentIndex(cell(view, 0, "unit"))
    with qtbot.waitSignal(editor.changed, timeout=2000):
        QTest.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert [r["unit"] for r in editor.value()] == ["B", "A", "C"]
    QTest.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert [r["unit"] for r in editor.value()] == ["B", "C", "A"]
    QTest.keyClick(view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [r["unit"] for r in editor.value()] == ["B", "A", "C"]
    assert view.currentIndex().row() == 1
    QTest.keyClick(view, Qt.Key.Key_Delete)
    assert [r["unit"] for r in editor.value()] == ["B", "C"]


def test_delete_inside_an_open_cell_edits_the_text_not_the_rows(qtbot: QtBot, make: Make) -> None:
    editor = make("work_history")
    view = inner(editor, "view", QTableView)
    editor.set_value([{"unit": "Sở Nội vụ"}])
    typing = open_editor(qtbot, view, cell(view, 0, "unit"))
    QTest.keyClick(typing, Qt.Key.Key_Home)
    QTest.keyClick(typing, Qt.Key.Key_Delete)
    press_enter(qtbot, view, typing)
    assert editor.value() == [{"unit": "ở Nội vụ"}]


def test_ctrl_enter_in_an_open_cell_commits_it_and_adds_a_row(qtbot: QtBot, make: Make) -> None:
    editor = make("awards")
    view = inner(editor, "view", QTableView)
    editor.add_row()
    keys(editor_of(qtbot, view), "2020")
    QTest.keyClick(editor_of(qtbot, view), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert view.model().rowCount() == 2
    assert view.currentIndex() == cell(view, 1, "year")
    close_editor(qtbot, view)
    assert editor.value() == [{"year": 2020}]


@popups
def test_catalog_and_long_text_cells(qtbot: QtBot, make: Make) -> None:
    editor = make("family")
    view = inner(editor, "view", QTableView)
    editor.set_value([{"relation": "bố"}])
    combo = open_editor(qtbot, view, cell(view, 0, "side"))
    assert isinstance(combo, CatalogCombo)
    QTest.keyClicks(combo.edit, "ben vo")
    press_enter(qtbot, view, combo)
    assert editor.value() == [{"relation": "bố", "side": "ben_vo_chong"}]
    side = catalogs.load("family_side").label("ben_vo_chong")
    assert view.model().data(cell(view, 0, "side"), Qt.ItemDataRole.DisplayRole) == side

    lines = open_editor(qtbot, view, cell(view, 0, "details"))
    assert isinstance(lines, QPlainTextEdit)
    assert lines.height() > view.rowHeight(0)
    keys(lines, "Nông dân")
    QTest.keyClick(lines, Qt.Key.Key_Return)  # a new line, not the end of editing
    keys(lines, "Đại Từ")
    QTest.keyClick(lines, Qt.Key.Key_Tab)
    assert editor.value()[0]["details"] == "Nông dân\nĐại Từ"
    assert view.model().data(cell(view, 0, "details"), Qt.ItemDataRole.DisplayRole) == "Nông dân …"


def test_number_and_year_cells_store_numbers(qtbot: QtBot, make: Make) -> None:
    editor = make("salary_history")
    view = inner(editor, "view", QTableView)
    editor.set_value([{"grade_code": "01.003"}])
    for key, text, stored in (("step", "3", 3), ("coefficient", "2,67", 2.67), ("from", "2009", "2009")):
        typing = open_editor(qtbot, view, cell(view, 0, key))
        QTest.keyClicks(typing, text)
        press_enter(qtbot, view, typing)
        assert editor.value()[0][key] == stored
        assert type(editor.value()[0][key]) is type(stored)


def test_problems_mark_cells_counting_filled_rows(qtbot: QtBot, make: Make) -> None:
    editor = make("work_history", show=False)
    view = inner(editor, "view", QTableView)
    editor.set_value([{"unit": "A"}, {}, {"unit": "B", "from": "2001"}])
    assert editor.value() == [{"unit": "A"}, {"unit": "B", "from": "2001"}]
    with qtbot.assertNotEmitted(editor.changed):
        editor.show_problems([("[2].from", "Ngày bắt đầu sai"), ("", "Cả bảng sai")])
    marked = cell(view, 2, "from")  # the second filled row is the third row of the view
    model = view.model()
    assert model.data(marked, Qt.ItemDataRole.ToolTipRole) == "Ngày bắt đầu sai"
    assert model.data(marked, Qt.ItemDataRole.BackgroundRole) is not None
    assert model.data(cell(view, 0, "from"), Qt.ItemDataRole.BackgroundRole) is None
    listing = inner(editor, "problems", QLabel)
    assert not listing.isHidden()
    assert (
        t("ui.widgets.table.problem_cell", row=3, column="Từ", message="Ngày bắt đầu sai") in listing.text()
    )
    assert editor.property("problem") is True
    assert editor.toolTip() == "Cả bảng sai"
    editor.show_problems([])
    assert model.data(marked, Qt.ItemDataRole.ToolTipRole) is None
    assert listing.isHidden()
    assert editor.property("problem") is False


def test_required_and_impossible_cells_are_flagged_locally(make: Make) -> None:
    editor = make("training", show=False)
    view = inner(editor, "view", QTableView)
    editor.set_value([{"institution": "Học viện Chính trị", "from": "2020-02-31"}])
    model = view.model()
    assert model.data(cell(view, 0, "kind"), Qt.ItemDataRole.ToolTipRole) == t(
        "ui.widgets.table.required", column="Loại"
    )
    assert model.data(cell(view, 0, "from"), Qt.ItemDataRole.ToolTipRole) == t("ui.widgets.date.impossible")
    assert model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) == "Loại *"
    assert "Loại" in inner(editor, "problems", QLabel).text()
    model.setData(cell(view, 0, "kind"), "chuyen_mon")
    model.setData(cell(view, 0, "from"), "2020-02")
    assert inner(editor, "problems", QLabel).isHidden()


def test_a_table_holds_at_most_the_row_limit(make: Make) -> None:
    editor = make("awards", show=False)
    rows = [{"form": f"Bằng khen {n}"} for n in range(fields.MAX_TABLE_ROWS)]
    editor.set_value(rows)
    assert not inner(editor, "add", QPushButton).isEnabled()
    editor.add_row()
    assert len(editor.value()) == fields.MAX_TABLE_ROWS


# ---------------------------------------------------------------- masking, restriction, read-only


def test_masked_scalar_shows_the_mask_and_holds_no_value(qtbot: QtBot, make: Make) -> None:
    editor = make("identity.phone")
    editor.set_value("0912345678")
    editor.set_masked(True)
    mask = inner(editor, "mask", QLineEdit)
    edit = inner(editor, "edit", QLineEdit)
    assert mask.isVisible()
    assert mask.text() == MASK
    assert mask.isReadOnly()
    assert not edit.isVisible()
    assert edit.text() == ""  # the hidden value is not kept in the widget
    assert editor.value() is None
    with qtbot.assertNotEmitted(editor.changed):
        keys(mask, "123")
    assert mask.text() == MASK
    editor.set_masked(False)
    assert edit.isVisible()
    assert not mask.isVisible()
    editor.set_value("0912345678")
    QTest.keyClick(edit, Qt.Key.Key_End)
    typed(qtbot, editor, edit, "9")
    assert editor.value() == "09123456789"


def test_the_mask_given_as_a_value_masks(make: Make) -> None:
    editor = make("identity.permanent_address", show=False)
    editor.set_value(MASK)
    assert editor.is_masked()
    assert editor.value() is None


def test_masked_table_says_values_are_hidden_without_counting_rows(qtbot: QtBot, make: Make) -> None:
    editor = make("family")
    editor.set_value([{"side": "ban_than", "relation": "bố"}, {"side": "ban_than", "relation": "mẹ"}])
    editor.set_masked(True)
    label = inner(editor, "mask", QLabel)
    assert label.isVisible()
    assert label.text() == t("ui.widgets.hidden")
    assert "2" not in label.text()
    view = inner(editor, "view", QTableView)
    assert not view.isVisible()
    assert view.model().rowCount() == 0
    assert not inner(editor, "add", QPushButton).isVisible()
    editor.add_row()
    assert editor.value() is None
    editor.set_masked(False)
    assert view.isVisible()
    editor.set_value([{"side": "ban_than", "relation": "bố"}])
    assert editor.value() == [{"side": "ban_than", "relation": "bố"}]


def test_masked_record_hides_its_members(make: Make) -> None:
    editor = make("self_history")
    editor.set_value({"arrests": "Không"})
    editor.set_masked(True)
    assert inner(editor, "mask", QLabel).isVisible()
    assert not inner(editor, "arrests", LongTextEditor).isVisible()
    assert editor.value() is None
    editor.set_masked(False)
    assert inner(editor, "arrests", LongTextEditor).value() is None


@pytest.mark.parametrize(
    ("path", "suffix"),
    [
        ("identity.phone", "edit"),
        ("identity.personal_id", "edit"),
        ("identity.id_issue_date", "year"),
        ("health.blood_type", "combo"),
        ("foreign_relatives", "edit"),
        ("family", "view"),
        ("economy", "housing_view"),  # normal columns inside a restricted section
        ("self_history", "old_regime_view"),
    ],
)
def test_restricted_inputs_are_guarded(make: Make, path: str, suffix: str) -> None:
    editor = make(path, show=False)
    widget = inner(editor, suffix)
    assert editor.property("restricted") is True
    assert widget.property("restricted") is True
    assert widget.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu
    if isinstance(widget, QLineEdit):
        assert not widget.dragEnabled()
    if isinstance(widget, QTableView):
        assert not widget.dragEnabled()
        assert widget.viewport().contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu
    if isinstance(widget, QPlainTextEdit):
        assert widget.viewport().property("restricted") is True


def test_normal_inputs_are_not_guarded(make: Make) -> None:
    editor = make("identity.full_name", show=False)
    assert editor.property("restricted") is None
    assert inner(editor, "edit").property("restricted") is None
    assert inner(editor, "edit").contextMenuPolicy() == Qt.ContextMenuPolicy.DefaultContextMenu


def test_cell_editors_of_a_restricted_table_are_guarded(qtbot: QtBot, make: Make) -> None:
    editor = make("family")
    editor.set_value([{"relation": "bố"}])
    view = inner(editor, "view", QTableView)
    typing = open_editor(qtbot, view, cell(view, 0, "relation"))
    assert typing.property("restricted") is True
    assert typing.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu


def test_restricted_long_text_drops_a_press_inside_its_selection(qtbot: QtBot, make: Make) -> None:
    editor = make("foreign_relatives")
    edit = inner(editor, "edit", QPlainTextEdit)
    editor.set_value("Em gái ở Đức")
    edit.selectAll()
    assert edit.textCursor().hasSelection()
    inside = edit.textCursor()
    inside.setPosition(3)
    QTest.mousePress(edit.viewport(), Qt.MouseButton.LeftButton, pos=edit.cursorRect(inside).center())
    assert not edit.textCursor().hasSelection()  # so no drag can carry the text out

    normal = make("position.main_duties")
    edit = inner(normal, "edit", QPlainTextEdit)
    normal.set_value("Phụ trách công tác tổ chức")
    edit.selectAll()
    inside = edit.textCursor()
    inside.setPosition(3)
    QTest.mousePress(edit.viewport(), Qt.MouseButton.LeftButton, pos=edit.cursorRect(inside).center())
    assert edit.textCursor().hasSelection()  # a normal text may be dragged


def test_read_only_keeps_text_selectable_and_blocks_edits(qtbot: QtBot, make: Make) -> None:
    text = make("identity.full_name", show=False)
    text.set_value("Nguyễn Văn An")
    text.set_read_only(True)
    edit = inner(text, "edit", QLineEdit)
    assert edit.isReadOnly()
    assert edit.isEnabled()
    date = make("identity.birth_date", show=False)
    date.set_read_only(True)
    assert inner(date, "day", QLineEdit).isReadOnly()
    picker = make("identity.sex", show=False)
    picker.set_read_only(True)
    assert not inner(picker, "combo").isEnabled()
    long = make("position.main_duties", show=False)
    long.set_read_only(True)
    assert inner(long, "edit", QPlainTextEdit).isReadOnly()

    table = make("work_history")
    table.set_value([{"unit": "A"}])
    table.set_read_only(True)
    view = inner(table, "view", QTableView)
    assert view.editTriggers() == QTableView.EditTrigger.NoEditTriggers
    assert not inner(table, "add", QPushButton).isEnabled()
    view.setFocus()
    view.setCurrentIndex(cell(view, 0, "unit"))
    QTest.keyClick(view, Qt.Key.Key_Delete)
    QTest.keyClick(view, Qt.Key.Key_Insert)
    assert table.value() == [{"unit": "A"}]
    table.set_read_only(False)
    assert inner(table, "add", QPushButton).isEnabled()


def test_language_switch_retranslates_headers_and_buttons(make: Make) -> None:
    editor = make("training", show=False)
    view = inner(editor, "view", QTableView)
    header = view.model().headerData
    assert header(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) == "Từ"
    i18n.set_language("en")
    editor.retranslate()
    assert header(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) == "From"
    assert inner(editor, "add", QPushButton).text() == t("ui.widgets.table.add")
    assert t("ui.widgets.table.add") != t("ui.widgets.table.add", lang="vi")


def test_every_editor_names_its_inner_widgets(qtbot: QtBot) -> None:
    for path in fields.paths():
        editor = editor_at(path)
        qtbot.addWidget(editor)
        editor.setObjectName("f")
        assert isinstance(editor, BaseEditor)
        assert editor.findChild(QWidget, "f_mask") is not None, path
        for widget in editor.inputs():
            assert widget.objectName().startswith("f_"), path
        editor.deleteLater()
