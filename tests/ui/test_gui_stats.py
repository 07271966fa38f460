"""Issue 8 in the desktop app: the statistics window, on a real vault of 120 synthetic dossiers
(80 saved a year and a month before the other 40, so that the same period last year counts
something). Opened by its shortcut; every shipped report drawn up with the service's own figures;
heading rows without figures; the comparison's three columns; a cross-tabulation; the dossiers
behind a cell by Enter and by double-click (audited), and one of them opened in the editor; CSV
and PDF exports through the save-dialog seam (audited); the charts; Cancel; the window closed at
lock while counting; nothing reaches the clipboard.

The prompter's ``paths`` queue stands in for QFileDialog only."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from PySide6.QtCharts import QBarSeries, QHorizontalStackedBarSeries, QPieSeries
from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QLineEdit, QMenu, QPushButton
from pytestqt.qtbot import QtBot

from app.audit import query
from app.audit.actions import Action
from app.clock import ManualClock
from app.dossier import listing
from app.dossier.service import DossierService
from app.dossier.synthetic import generate
from app.i18n import t
from app.stats.service import CROSS, ORGANISATION_SETTING, Report, StatsService, cross_definition
from app.vault.session import Vault
from tests.conftest import VaultHandle
from tests.ui.conftest import start_unlocked, vault_of
from ui.actions import SPECS, ActionId, MenuId
from ui.controller import AppController
from ui.prompter import ScriptedPrompter
from ui.stats.table_model import INDENT, VALUE_ROLE

DOSSIERS, EARLIER = 120, 80
YEAR_AND_A_MONTH = 400 * 86_400
REPORTS = ("3-btctw", "9a-btctw", "bm02-bnv", "completeness", "structure")


@pytest.fixture
def filled(vault: VaultHandle, clock: ManualClock) -> VaultHandle:
    opened = vault.unlock()
    try:
        docs = list(generate(DOSSIERS, seed=5))
        DossierService(opened).save_many(docs[:EARLIER], source="test")
        clock.advance(YEAR_AND_A_MONTH)
        DossierService(opened).save_many(docs[EARLIER:], source="test")
    finally:
        opened.lock()
    return vault


@pytest.fixture
def app_open(
    filled: VaultHandle, controller: AppController, unlock_with: Callable[[AppController, str], Vault]
) -> AppController:
    return start_unlocked(controller, filled, unlock_with)


def audited(vault: Vault, action: Action) -> list[query.Entry]:
    return query.entries(vault, query.AuditFilter(action=action.value))


def open_window(ctl: AppController, find: Any, qtbot: QtBot) -> Any:
    ctl.main_window.registry[ActionId.STATISTICS].trigger()
    window = find("statsWindow")
    assert window is not None
    qtbot.waitUntil(window.isActiveWindow)  # for its shortcuts
    return window


def draw_up(qtbot: QtBot, window: Any, name: str, *, compare: bool = False) -> Report:
    window.picker.select(name)
    window.picker.compare.setChecked(compare)
    qtbot.mouseClick(window.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.running(), timeout=30_000)
    report = window.model.report
    assert report is not None
    window.activateWindow()  # back from the busy dialog, for the window's shortcuts
    qtbot.waitUntil(window.isActiveWindow)
    return report


def shown_values(window: Any) -> list[list[Any]]:
    model = window.model
    return [
        [model.data(model.index(r, c), VALUE_ROLE) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def index_of(window: Any, row_key: str, col_key: str, part: int = 0) -> QModelIndex:
    table = window.model.report.table
    r = next(n for n, x in enumerate(table.rows) if x.key == row_key)
    c = next(n for n, x in enumerate(table.columns) if x.key == col_key)
    width = 3 if window.model.compared else 1
    return window.model.index(r, c * width + part)


def double_click(qtbot: QtBot, table: Any, index: QModelIndex) -> None:
    """QTest's double click is only the second press: the view needs the first one too."""
    center = table.visualRect(index).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=center)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=center)


def test_the_shortcut_opens_the_window_in_its_menu(app_open: AppController, qtbot: QtBot, find: Any) -> None:
    registry = app_open.main_window.registry
    assert registry[ActionId.STATISTICS].shortcut().toString() == "Ctrl+Shift+G"
    shortcuts = [registry[a].shortcut().toString() for a in ActionId]
    assert len(set(shortcuts)) == len(shortcuts)
    assert SPECS[ActionId.STATISTICS].menu is MenuId.STATISTICS
    menu = app_open.main_window.menuBar().findChild(QMenu, "menu_statistics")
    assert [a.objectName() for a in menu.actions()] == ["action_statistics"]
    assert menu.title() == t("ui.menu.statistics")
    assert registry[ActionId.STATISTICS].text() == t("ui.action.statistics")
    app_open.main_window.activateWindow()
    qtbot.keyClick(
        app_open.main_window,
        Qt.Key.Key_G,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    window = find("statsWindow")
    assert window is not None
    assert window.windowTitle() == t("ui.stats.title")
    assert window.property("restricted") is True
    combo = window.picker.report
    service = StatsService(vault_of(app_open))
    assert [combo.itemData(n) for n in range(combo.count())] == [d.name for d in service.catalogue()] + [
        CROSS
    ]
    assert "Biểu số 9A-BTCTW" in combo.itemText(combo.findData("9a-btctw"))
    today = service.today()
    as_of = window.picker.as_of
    assert as_of.displayFormat() == "dd/MM/yyyy"
    assert as_of.date() == as_of.maximumDate() == QDate(today.year, today.month, today.day)
    assert window.model.rowCount() == 0
    assert not find("statsCsvButton").isEnabled()  # nothing to save yet


@pytest.mark.parametrize("name", REPORTS)
def test_a_report_shows_the_figures_the_service_counts(
    app_open: AppController, qtbot: QtBot, find: Any, name: str
) -> None:
    vault = vault_of(app_open)
    window = open_window(app_open, find, qtbot)
    report = draw_up(qtbot, window, name)
    expected = StatsService(vault).run(name)
    assert shown_values(window) == [list(row) for row in expected.table.values]
    assert len(audited(vault, Action.STATS_RUN)) == 2  # the window's run and this test's
    model = window.model
    assert model.columnCount() == len(expected.table.columns)
    for r, line in enumerate(expected.table.rows):
        assert model.headerData(r, Qt.Orientation.Vertical) == INDENT * line.indent + line.label
        if line.heading:  # a heading: bold, no figures
            font = model.headerData(r, Qt.Orientation.Vertical, Qt.ItemDataRole.FontRole)
            assert isinstance(font, QFont)
            assert font.bold()
            assert all(model.data(model.index(r, c)) == "" for c in range(model.columnCount()))
    alignment = model.data(model.index(0, 0), Qt.ItemDataRole.TextAlignmentRole)
    assert alignment & Qt.AlignmentFlag.AlignRight
    status = find("statsStatus").text()
    definition = report.definition
    for part in (definition.title, definition.form, definition.version, f"{report.table.population} "):
        assert part in status
    assert report.on.strftime("%d/%m/%Y") in status


def test_headings_groups_and_figures_read_as_on_the_form(
    app_open: AppController, qtbot: QtBot, find: Any
) -> None:
    window = open_window(app_open, find, qtbot)
    report = draw_up(qtbot, window, "9a-btctw")
    model = window.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[0] == "Tổng số"
    assert "Lãnh đạo HĐND\nChủ tịch" in headers
    rows = [x.key for x in report.table.rows]
    heading = rows.index("h_age")
    assert report.table.rows[heading].heading
    assert [model.data(model.index(heading, c)) for c in range(model.columnCount())] == [
        ""
    ] * model.columnCount()
    structure = draw_up(qtbot, window, "structure")
    average = [x.key for x in structure.table.rows].index("avg_age")
    value = structure.table.values[average][0]
    assert isinstance(value, float)
    assert model.data(model.index(average, 0)) == f"{value:.1f}".replace(".", ",")  # 48,6


def test_the_comparison_shows_three_columns_per_column(
    app_open: AppController, qtbot: QtBot, find: Any
) -> None:
    vault = vault_of(app_open)
    window = open_window(app_open, find, qtbot)
    report = draw_up(qtbot, window, "9a-btctw", compare=True)
    expected = StatsService(vault).run("9a-btctw", compare=True)
    assert expected.before is not None
    assert expected.change is not None
    assert 0 < expected.before.population < expected.table.population
    columns = len(expected.table.columns)
    model = window.model
    assert model.columnCount() == 3 * columns
    shown = shown_values(window)
    for r in range(len(expected.table.rows)):
        assert shown[r][0::3] == list(expected.table.values[r])
        assert shown[r][1::3] == list(expected.before.values[r])
        assert shown[r][2::3] == list(expected.change[r])
    subs = [model.levels(c)[-1] for c in range(3)]
    assert subs == [t("ui.stats.sub.now"), t("ui.stats.sub.before"), t("ui.stats.sub.change")]
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Tổng số\n" + t("ui.stats.sub.now")
    assert str(expected.before.population) in find("statsStatus").text()
    assert report.before is not None
    # Last year's figure and the percentage list nobody; this period's does.
    assert model.cell_keys(index_of(window, "total", "total", 1)) is None
    assert model.cell_keys(index_of(window, "total", "total", 2)) is None
    assert model.cell_keys(index_of(window, "total", "total", 0)) == ("total", "total")


def test_a_past_date_counts_the_dossiers_as_they_were_then(
    app_open: AppController, qtbot: QtBot, find: Any
) -> None:
    vault = vault_of(app_open)
    window = open_window(app_open, find, qtbot)
    window.picker.as_of.setDate(QDate(2026, 6, 1))  # after the first 80 were saved, before the rest
    report = draw_up(qtbot, window, "structure")
    expected = StatsService(vault).run("structure", as_of="2026-06-01")
    assert report.as_of == "2026-06-01"
    assert shown_values(window) == [list(row) for row in expected.table.values]
    assert 0 < report.table.population <= EARLIER < StatsService(vault).run("structure").table.population
    assert "01/06/2026" in find("statsStatus").text()
    window.picker.as_of.setDate(QDate(2030, 1, 1))  # the future is out of reach
    assert window.picker.as_of.date() == window.picker.as_of.maximumDate()

    app_open.language.set("en")  # the window follows the language
    assert window.windowTitle() == t("ui.stats.title", "en")
    assert find("statsRunButton").text() == t("ui.stats.run", "en")
    assert window.picker.report.itemText(window.picker.report.findData("structure")).startswith(
        report.definition.title_en
    )


def test_a_cross_tabulation_counts_two_dimensions(app_open: AppController, qtbot: QtBot, find: Any) -> None:
    vault = vault_of(app_open)
    window = open_window(app_open, find, qtbot)
    picker = window.picker
    assert not picker.rows.isVisible()
    picker.select(CROSS)
    assert picker.rows.isVisible()
    assert picker.columns.isVisible()
    picker.rows.setCurrentIndex(picker.rows.findData("post_level"))
    picker.columns.setCurrentIndex(picker.columns.findData("sex"))
    assert picker.rows.currentText() == t("stats.dim.post_level")
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Enter
    qtbot.waitUntil(lambda: window.model.report is not None, timeout=30_000)
    expected = StatsService(vault).run(cross_definition("post_level", "sex"))
    assert shown_values(window) == [list(row) for row in expected.table.values]
    assert window.model.report.definition.name == CROSS
    title = f"{t('stats.dim.post_level')} × {t('stats.dim.sex')}"
    assert title in find("statsStatus").text()
    assert window.model.headerData(1, Qt.Orientation.Horizontal) == f"{t('stats.dim.sex')}\nNam"
    assert window.model.report.table.values[0][0] == DOSSIERS


def test_a_cell_lists_its_dossiers_and_one_opens_in_the_editor(
    app_open: AppController, qtbot: QtBot, find: Any
) -> None:
    vault = vault_of(app_open)
    window = open_window(app_open, find, qtbot)
    report = draw_up(qtbot, window, "structure")
    table = find("statsTable")

    # Enter on a count cell.
    index = index_of(window, "total", "nu")
    table.setCurrentIndex(index)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    dialog = find("statsMembersDialog")
    assert dialog is not None
    assert dialog.property("restricted") is True
    ids = dialog.model.ids
    assert len(ids) == report.table.cell("total", "nu") > 0
    assert set(ids) == set(report.table.members("total", "nu"))
    hits = listing.rows(vault, ids[:50])
    names = [dialog.model.data(dialog.model.index(n, 0)) for n in range(min(len(ids), 50))]
    assert names == [hits[i].full_name for i in ids[:50]]
    (drill,) = audited(vault, Action.STATS_DRILL)
    assert drill.details == {"row": "total", "column": "nu", "as_of": None, "count": len(ids)}
    dialog.close()

    # A double-click on another; a heading or a share lists nothing.
    for row, col in (("h_age", "total"), ("total", "share")):
        target = index_of(window, row, col)
        double_click(qtbot, table, target)
        assert find("statsMembersDialog") is None
    target = index_of(window, "age.2", "nam")
    double_click(qtbot, table, target)
    dialog = find("statsMembersDialog")
    assert dialog is not None
    assert len(dialog.model.ids) == report.table.cell("age.2", "nam")
    assert len(audited(vault, Action.STATS_DRILL)) == 2

    # Enter on a dossier opens it in the main window's editor.
    members = find("statsMembersTable")
    members.setCurrentIndex(dialog.model.index(1, 0))
    qtbot.keyClick(members, Qt.Key.Key_Enter)
    session = app_open.main_window.workspace.session
    assert session.draft is not None
    assert session.draft.dossier_id == dialog.model.ids[1]


def test_csv_export_writes_the_report_and_audits_it(
    app_open: AppController, qtbot: QtBot, find: Any, prompter: ScriptedPrompter, tmp_path: Path
) -> None:
    vault = vault_of(app_open)
    window = open_window(app_open, find, qtbot)
    report = draw_up(qtbot, window, "9a-btctw")
    prompter.paths.append(tmp_path / "thong-ke")  # the extension is added
    qtbot.keyClick(
        window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    saved = tmp_path / "thong-ke.csv"
    data = saved.read_bytes()
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    assert report.definition.title in text
    assert "Biểu số 9A-BTCTW" in text
    (entry,) = audited(vault, Action.STATS_EXPORT)
    assert entry.target == "9a-btctw"
    assert entry.details["format"] == "csv"
    assert entry.details["sha256"] == hashlib.sha256(data).hexdigest()
    assert str(saved) in find("statsStatus").text()

    # Never over an existing file: said, nothing audited.
    prompter.paths.append(saved)
    qtbot.mouseClick(find("statsCsvButton", QPushButton), Qt.MouseButton.LeftButton)
    assert prompter.said[-1][0] == "error"
    assert len(audited(vault, Action.STATS_EXPORT)) == 1
    assert saved.read_bytes() == data


def test_pdf_export_writes_a_pdf_and_audits_it(
    app_open: AppController, qtbot: QtBot, find: Any, prompter: ScriptedPrompter, tmp_path: Path
) -> None:
    vault = vault_of(app_open)
    app_open.main_window.registry[ActionId.SETTINGS].trigger()  # the committee heading the report
    settings = find("settingsDialog")
    settings.findChild(QLineEdit, "organisationEdit").setText("  Tỉnh ủy   Bắc Kạn ")
    qtbot.mouseClick(find("settingsOkButton", QPushButton), Qt.MouseButton.LeftButton)
    assert vault.setting(ORGANISATION_SETTING) == "Tỉnh ủy Bắc Kạn"  # audited as a setting change
    assert audited(vault, Action.SETTINGS_CHANGE)[0].target == ORGANISATION_SETTING
    window = open_window(app_open, find, qtbot)
    draw_up(qtbot, window, "structure")
    prompter.paths.append(tmp_path / "co-cau.pdf")
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(audited(vault, Action.STATS_EXPORT)) == 1, timeout=60_000)
    data = (tmp_path / "co-cau.pdf").read_bytes()
    assert data.startswith(b"%PDF")
    (entry,) = audited(vault, Action.STATS_EXPORT)
    assert (entry.details["format"], entry.details["sha256"]) == ("pdf", hashlib.sha256(data).hexdigest())
    assert "TỈNH ỦY BẮC KẠN" in "".join(
        page.get_textpage().get_text_range() for page in pdfium.PdfDocument(data)
    )


def test_the_charts_are_drawn_from_the_report(app_open: AppController, qtbot: QtBot, find: Any) -> None:
    window = open_window(app_open, find, qtbot)
    report = draw_up(qtbot, window, "structure")
    wanted = report.charts()
    assert {s.kind for s in wanted} == {"bar", "pie", "pyramid"}
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert find("statsTabs").currentIndex() == 1
    views = window.charts.views
    assert len(views) == len(wanted)
    for view, series in zip(views, wanted, strict=True):
        (drawn,) = view.chart().series()
        assert view.chart().title() == series.title
        values = series.series[0][1]
        if series.kind == "bar":
            assert isinstance(drawn, QBarSeries)
            (bar_set,) = drawn.barSets()
            assert [bar_set.at(n) for n in range(bar_set.count())] == list(values)
        elif series.kind == "pie":
            assert isinstance(drawn, QPieSeries)
            assert drawn.count() == sum(1 for v in values if v > 0)
            assert all("%" in piece.label() for piece in drawn.slices())
        else:
            assert isinstance(drawn, QHorizontalStackedBarSeries)
            men, women = drawn.barSets()
            assert [men.at(n) for n in range(men.count())] == [-v for v in series.series[0][1]]
            assert [women.at(n) for n in range(women.count())] == list(series.series[1][1])
            assert len(series.categories) == men.count()
    draw_up(qtbot, window, "9a-btctw")
    assert len(window.charts.views) == len(window.model.report.charts()) == 3


def test_cancel_stops_the_count_and_shows_nothing(app_open: AppController, qtbot: QtBot, find: Any) -> None:
    window = open_window(app_open, find, qtbot)
    window.picker.select("bm02-bnv")
    window.start()
    assert window.running()
    find("busyCancelButton").click()  # before the worker's answer can be delivered
    qtbot.waitUntil(lambda: not window.running(), timeout=30_000)
    assert window.model.report is None
    assert window.model.rowCount() == 0
    assert find("statsStatus").text() == t("stats.cancelled")
    assert find("statsRunButton").isEnabled()
    draw_up(qtbot, window, "bm02-bnv")  # and again, to the end
    assert window.model.rowCount() > 0
    qtbot.keyClick(window, Qt.Key.Key_Escape)  # Esc closes
    assert find("statsWindow") is None


def test_a_lock_closes_the_window_and_stops_a_running_count(
    app_open: AppController, qtbot: QtBot, find: Any, prompter: ScriptedPrompter
) -> None:
    window = open_window(app_open, find, qtbot)
    draw_up(qtbot, window, "structure")
    window.open_members(index_of(window, "total", "total"))
    assert find("statsMembersDialog") is not None

    # Nothing reaches the clipboard from the figures.
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("trước")
    table = find("statsTable")
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert clipboard.text() == "trước"

    window.start()
    assert window.running()
    opened = vault_of(app_open)
    prompter.confirms.append(False)  # no checkpoint slip
    app_open.main_window.registry[ActionId.LOCK].trigger()
    assert app_open.vault is None
    assert not opened.is_open
    for name in ("statsWindow", "statsMembersDialog", "busyDialog"):
        assert find(name) is None, name
    assert not app_open.main_window.registry[ActionId.STATISTICS].isEnabled()
