"""The dossier list pane: lazy rows, the count, instant diacritics-insensitive search, filters,
sorting by a column, the keyboard (Enter opens, Down goes to the table, Escape clears), the
current dossier across re-listings, refused filters shown in the pane, clearing at lock,
and switching language — on a real vault of a few hundred synthetic dossiers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from app import i18n
from app.clock import ManualClock
from app.dossier import listing
from app.dossier.service import DossierService
from app.dossier.synthetic import generate
from app.dossier.validate import validate
from app.vault.create import create_vault
from app.vault.session import Vault
from app.vault.unlock import unlock
from tests.conftest import PASSPHRASE, WEAK
from ui.dossier_list import DossierListPane
from ui.dossier_list.model import BLOCK, ID_ROLE

SIZE = 260
W = TypeVar("W", bound=QWidget)
TUYET = "Nguyễn Thị Ánh Tuyết"


def docs(n: int, seed: int) -> list[dict[str, Any]]:
    out = list(generate(n, seed=seed))
    out[0]["identity"]["birth_date"] = "1970"
    out[1]["identity"]["birth_date"] = "1968-05"
    out[3]["identity"]["full_name"] = TUYET
    checked = [validate(d) for d in out]
    assert all(c.ok for c in checked)
    return [c.document for c in checked]


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Vault, list[int]]]:
    path: Path = tmp_path_factory.mktemp("dossier-list") / "vault"
    clock = ManualClock()
    create_vault(path, PASSPHRASE, kdf_params=WEAK, clock=clock)
    v = unlock(path, PASSPHRASE, kdf_floor=WEAK, clock=clock)
    saved = DossierService(v).save_many(docs(SIZE, 5), source="test")
    yield v, [s.id for s in saved]
    v.close_quietly()


@pytest.fixture
def v(filled: tuple[Vault, list[int]]) -> Vault:
    return filled[0]


def make_pane(qtbot: QtBot) -> DossierListPane:
    pane = DossierListPane()
    qtbot.addWidget(pane)
    pane.resize(1100, 600)
    pane.show()
    qtbot.waitExposed(pane)
    return pane


@pytest.fixture
def pane(qtbot: QtBot, v: Vault) -> DossierListPane:
    p = make_pane(qtbot)
    p.set_vault(v)
    return p


def child(pane: DossierListPane, kind: type[W], name: str) -> W:
    found = pane.findChild(kind, name)
    assert found is not None, name
    return found


def ids_shown(pane: DossierListPane) -> list[int]:
    return [pane.model.id_at(r) for r in range(pane.model.rowCount())]


def cell(pane: DossierListPane, row: int, column: int) -> str:
    return str(pane.model.index(row, column).data())


def type_search(qtbot: QtBot, pane: DossierListPane, text: str) -> None:
    """Type ``text`` key by key and wait for the debounced re-listing."""
    pane.search_edit.clear()
    with qtbot.waitSignal(pane.model.listed, timeout=5000):
        qtbot.keyClicks(pane.search_edit, text)


# -- listing ---------------------------------------------------------------------------------------
def test_lists_every_dossier_lazily_with_its_count(qtbot: QtBot, pane: DossierListPane, v: Vault) -> None:
    assert pane.objectName() == "dossierListPane"
    assert pane.model.rowCount() == SIZE
    assert ids_shown(pane) == listing.list_ids(v)
    assert pane.count_label.objectName() == "searchCount"
    assert pane.count_label.text() == f"{SIZE} hồ sơ"
    assert not pane.error_label.isVisible()
    assert not pane.filters.isVisible()
    qtbot.waitUntil(lambda: pane.model.block_loads >= 1)
    assert pane.model.block_loads == 1  # only the first block was painted
    assert pane.model.cached_rows == BLOCK
    first = listing.rows(v, [pane.model.id_at(0)])[pane.model.id_at(0)]
    assert cell(pane, 0, 0) == first.full_name
    assert pane.model.index(0, 0).data(ID_ROLE) == first.id
    headers = [pane.model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
    assert headers == ["Họ và tên", "Ngày sinh", "Chức vụ hiện tại", "Cơ quan, đơn vị"]
    assert pane.model.index(0, 0).flags() & Qt.ItemFlag.ItemIsEditable == Qt.ItemFlag.NoItemFlags


def test_dates_are_shown_day_month_year(pane: DossierListPane, filled: tuple[Vault, list[int]]) -> None:
    _, saved = filled
    shown = {}
    for dossier_id in saved[:3]:
        row = pane.model.row_of(dossier_id)
        assert row is not None
        shown[dossier_id] = cell(pane, row, 1)
    assert shown[saved[0]] == "1970"
    assert shown[saved[1]] == "05/1968"
    day = listing.rows(pane.model.vault, [saved[2]])[saved[2]].birth_date  # type: ignore[arg-type]
    assert day is not None
    assert shown[saved[2]] == "/".join(reversed(day.split("-")))


def test_search_without_diacritics_updates_the_list_and_count(
    qtbot: QtBot, pane: DossierListPane, v: Vault
) -> None:
    type_search(qtbot, pane, "nguyen thi anh tuyet")
    expected = listing.list_ids(v, TUYET)
    assert ids_shown(pane) == expected
    assert cell(pane, 0, 0) == TUYET
    assert pane.count_label.text() == f"{len(expected)} trên tổng số {SIZE} hồ sơ"
    type_search(qtbot, pane, "zzzzqqq")
    assert pane.model.rowCount() == 0
    assert pane.count_label.text() == "Không có hồ sơ nào khớp."
    with qtbot.waitSignal(pane.model.listed, timeout=5000):
        qtbot.keyClick(pane.search_edit, Qt.Key.Key_Escape)  # Escape clears the search
    assert pane.search_edit.text() == ""
    assert pane.model.rowCount() == SIZE


def test_a_space_typed_does_not_list_again(qtbot: QtBot, pane: DossierListPane) -> None:
    type_search(qtbot, pane, "nguyen")
    with qtbot.assertNotEmitted(pane.model.listed, wait=400):
        qtbot.keyClick(pane.search_edit, Qt.Key.Key_Space)


# -- filters ---------------------------------------------------------------------------------------
def test_filters_narrow_the_list_and_clear(qtbot: QtBot, pane: DossierListPane, v: Vault) -> None:
    pane.toggle_filters()
    assert pane.filters.isVisible()
    assert pane.filters.objectName() == "filterPanel"
    sex = child(pane, QComboBox, "filter_sex")
    assert [sex.itemText(i) for i in range(sex.count())] == ["Tất cả", "Nam", "Nữ"]
    assert sex.hasFocus()
    with qtbot.waitSignal(pane.filters.filtersChanged) as changed, qtbot.waitSignal(pane.model.listed):
        sex.setCurrentIndex(sex.findData("nu"))
    assert changed.args == [{"sex": "nu"}]
    women = listing.list_ids(v, "", {"sex": "nu"})
    assert 0 < len(women) < SIZE
    assert ids_shown(pane) == women
    assert pane.filter_button.text() == "&Bộ lọc (1)"
    assert pane.count_label.text() == f"{len(women)} trên tổng số {SIZE} hồ sơ"

    year_from = child(pane, QLineEdit, "filter_birthYearFrom")
    with qtbot.waitSignal(pane.model.listed):
        qtbot.keyClicks(year_from, "1975")
    both = listing.list_ids(v, "", {"sex": "nu", "birth_year": "1975.."})
    assert ids_shown(pane) == both
    assert len(both) < len(women)

    ethnicity = child(pane, QComboBox, "filter_ethnicity")
    assert ethnicity.itemText(1) == "(chưa ghi)"
    assert ethnicity.findText("Kinh") > 1

    with qtbot.waitSignal(pane.model.listed):
        qtbot.mouseClick(child(pane, QPushButton, "filterClearButton"), Qt.MouseButton.LeftButton)
    assert pane.filters.filters() == {}
    assert pane.model.rowCount() == SIZE
    assert pane.filter_button.text() == "&Bộ lọc"
    pane.toggle_filters()
    assert not pane.filters.isVisible()


def test_every_filter_key_is_accepted_by_the_search_service(pane: DossierListPane, v: Vault) -> None:
    panel = pane.filters
    for combo in panel.combos.values():
        combo.setCurrentIndex(combo.count() - 1)
    panel.year_from.setText("1960")
    panel.year_to.setText("1990")
    panel.unit.setText("so noi vu")
    chosen = panel.filters()
    assert set(chosen) == {
        "sex",
        "birth_year",
        "ethnicity",
        "religion",
        "management_tier",
        "post_group",
        "status",
        "highest_degree",
        "political_theory",
        "academic_title",
        "state_management",
        "employing_unit",
        "party_member",
    }
    assert chosen["birth_year"] == "1960..1990"
    assert chosen["party_member"] == "no"
    listing.list_ids(v, "", chosen)  # no InvalidInput


def test_a_refused_filter_is_shown_in_the_pane(qtbot: QtBot, pane: DossierListPane) -> None:
    pane.toggle_filters()
    year_to = child(pane, QLineEdit, "filter_birthYearTo")
    with qtbot.waitSignal(pane.model.listed):
        qtbot.keyClicks(year_to, "1700")
    assert pane.error_label.objectName() == "searchError"
    assert pane.error_label.isVisible()
    assert "1700" in pane.error_label.text()
    assert pane.model.rowCount() == 0
    assert pane.count_label.text() == ""
    with qtbot.waitSignal(pane.model.listed):
        year_to.setText("1990")
    assert not pane.error_label.isVisible()
    assert pane.model.rowCount() > 0


def test_too_many_words_are_shown_not_raised(qtbot: QtBot, pane: DossierListPane) -> None:
    type_search(qtbot, pane, "a b c d e f g h i j k l m")
    assert pane.error_label.isVisible()
    assert "12" in pane.error_label.text()
    assert pane.model.rowCount() == 0


# -- sorting ---------------------------------------------------------------------------------------
def click_header(qtbot: QtBot, pane: DossierListPane, column: int) -> None:
    header = pane.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    with qtbot.waitSignal(pane.model.listed):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def test_header_clicks_sort_then_reverse_then_return_to_relevance(
    qtbot: QtBot, pane: DossierListPane, v: Vault
) -> None:
    birth = pane.model.column_of("birth_date")
    click_header(qtbot, pane, birth)
    assert pane.model.sort_key == ("birth_date", False)
    assert ids_shown(pane) == listing.list_ids(v, sort="birth_date")
    assert pane.table.horizontalHeader().sortIndicatorSection() == birth
    click_header(qtbot, pane, birth)
    assert ids_shown(pane) == listing.list_ids(v, sort="birth_date", descending=True)
    click_header(qtbot, pane, birth)
    assert pane.model.sort_key == ("relevance", False)
    assert ids_shown(pane) == listing.list_ids(v)

    type_search(qtbot, pane, "nguyen")
    unit = pane.model.column_of("employing_unit")
    with qtbot.waitSignal(pane.model.listed):
        pane.table.sortByColumn(unit, Qt.SortOrder.AscendingOrder)
    assert ids_shown(pane) == listing.list_ids(v, "nguyen", sort="employing_unit")


# -- the keyboard and the current dossier ----------------------------------------------------------
def test_enter_opens_the_current_dossier(qtbot: QtBot, pane: DossierListPane, v: Vault) -> None:
    type_search(qtbot, pane, "tuyet")
    qtbot.keyClick(pane.search_edit, Qt.Key.Key_Down)  # to the table, on the first match
    assert pane.table.hasFocus()
    first = listing.list_ids(v, "tuyet")[0]
    assert pane.current_id() == first
    with qtbot.waitSignal(pane.dossierActivated) as opened:
        qtbot.keyClick(pane.table, Qt.Key.Key_Return)
    assert opened.args == [first]

    type_search(qtbot, pane, "")
    pane.table.setFocus()
    pane.select_row(0)
    with qtbot.waitSignal(pane.currentDossierChanged) as moved:
        qtbot.keyClick(pane.table, Qt.Key.Key_Down)
    assert moved.args == [pane.model.id_at(1)]
    qtbot.keyClick(pane.table, Qt.Key.Key_Down)
    third = pane.model.id_at(2)
    assert pane.current_id() == third
    with qtbot.waitSignal(pane.dossierActivated) as opened:
        qtbot.keyClick(pane.table, Qt.Key.Key_Enter)
    assert opened.args == [third]


def test_double_click_opens(qtbot: QtBot, pane: DossierListPane) -> None:
    rect = pane.table.visualRect(pane.model.index(4, 0))
    qtbot.mouseClick(pane.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert pane.current_id() == pane.model.id_at(4)
    with qtbot.waitSignal(pane.dossierActivated) as opened:
        # QTest's double click is only the second press: the item view needs the first one too
        qtbot.mousePress(pane.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(pane.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [pane.model.id_at(4)]


def test_the_current_dossier_survives_a_search_that_still_lists_it(
    qtbot: QtBot, pane: DossierListPane, v: Vault
) -> None:
    target = listing.list_ids(v, TUYET)[0]
    with qtbot.waitSignal(pane.currentDossierChanged) as changed:
        assert pane.select_id(target)
    assert changed.args == [target]
    with qtbot.assertNotEmitted(pane.currentDossierChanged):
        type_search(qtbot, pane, "tuyet")
    assert pane.current_id() == target
    with qtbot.waitSignal(pane.currentDossierChanged) as changed:
        type_search(qtbot, pane, "zzzzqqq")
    assert changed.args == [None]
    assert pane.current_id() is None
    assert not pane.select_id(target)


def test_a_new_search_shows_its_top_and_down_takes_the_best_match(
    qtbot: QtBot, pane: DossierListPane, v: Vault
) -> None:
    last = pane.model.id_at(SIZE - 1)
    pane.select_row(SIZE - 1)
    bar = pane.table.verticalScrollBar()
    assert bar.value() > 0
    with qtbot.waitSignal(pane.model.listed):
        pane.table.sortByColumn(pane.model.column_of("birth_date"), Qt.SortOrder.AscendingOrder)
    assert pane.current_id() == last  # another order keeps the dossier, in view
    row = pane.model.row_of(last)
    assert row is not None
    assert pane.table.viewport().rect().intersects(pane.table.visualRect(pane.model.index(row, 0)))
    type_search(qtbot, pane, "t")
    assert bar.value() == 0
    pane.search_edit.setFocus()
    qtbot.keyClick(pane.search_edit, Qt.Key.Key_Down)
    assert pane.current_id() == listing.list_ids(v, "t", sort="birth_date")[0]


# -- after a save, at lock, another language ---------------------------------------------------------
def test_refresh_after_a_save_keeps_the_new_dossier_selected(qtbot: QtBot, opened: Vault) -> None:
    DossierService(opened).save_many(docs(30, 9), source="test")
    pane = make_pane(qtbot)
    pane.set_vault(opened)
    assert pane.count_label.text() == "30 hồ sơ"
    extra = next(iter(generate(31, seed=77)))
    checked = validate(extra)
    saved = DossierService(opened).save(checked.document, source="test")
    pane.refresh(keep_id=saved.id)
    assert pane.model.rowCount() == 31
    assert pane.current_id() == saved.id
    assert pane.count_label.text() == "31 hồ sơ"
    name = str(pane.model.index(pane.model.row_of(saved.id) or 0, 0).data())
    other = next(i for i in listing.list_ids(opened) if i not in listing.list_ids(opened, name))
    with qtbot.waitSignal(pane.model.listed):
        pane.search_edit.setText(name)
    assert pane.current_id() == saved.id  # still listed
    pane.search_edit.setText("")
    pane.apply_search()
    assert pane.select_id(other)
    with qtbot.waitSignal(pane.model.listed):
        pane.search_edit.setText(name)
    assert pane.current_id() is None  # the search leaves it out
    pane.refresh(keep_id=other)
    assert pane.current_id() is None
    assert pane.count_label.text().endswith("trên tổng số 31 hồ sơ")


def test_clear_at_lock_empties_everything(qtbot: QtBot, pane: DossierListPane) -> None:
    type_search(qtbot, pane, "nguyen")
    pane.select_row(0)
    pane.filters.combos["sex"].setCurrentIndex(1)
    with qtbot.waitSignal(pane.currentDossierChanged) as changed:
        pane.clear()
    assert changed.args == [None]
    assert pane.model.rowCount() == 0
    assert pane.model.vault is None
    assert pane.model.cached_rows == 0
    assert pane.search_edit.text() == ""
    assert pane.filters.filters() == {}
    assert pane.count_label.text() == ""
    assert pane.current_id() is None
    qtbot.wait(DEBOUNCE_WAIT)
    assert pane.model.rowCount() == 0  # no late re-listing of a pending keystroke


DEBOUNCE_WAIT = 300


def test_an_empty_vault_says_so(qtbot: QtBot, opened: Vault) -> None:
    pane = make_pane(qtbot)
    pane.set_vault(opened)
    assert pane.model.rowCount() == 0
    assert pane.count_label.text() == "Kho chưa có hồ sơ nào."


def test_focus_search_and_retranslate(qtbot: QtBot, pane: DossierListPane) -> None:
    pane.table.setFocus()
    pane.search_edit.setText("abc")
    pane.focus_search()
    assert pane.search_edit.hasFocus()
    assert pane.search_edit.selectedText() == "abc"
    pane.search_edit.clear()
    pane.apply_search()
    i18n.set_language("en")
    pane.retranslate()
    assert pane.model.headerData(0, Qt.Orientation.Horizontal) == "Full name"
    assert pane.count_label.text() == f"{SIZE} dossiers"
    assert child(pane, QComboBox, "filter_sex").itemText(2) == "Female"
    assert pane.filters.labels["ethnicity"].text() == "Ethnicity:"
    assert "diacritics" in pane.search_edit.placeholderText()
