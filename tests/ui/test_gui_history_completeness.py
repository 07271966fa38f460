"""The editor's HISTORY and COMPLETENESS panels and the "neediest dossiers" window, on a real vault:
changes listed newest first with readable values, the filter by field, restricted values masked
unless loaded revealed, the as-of request; what is missing and the jump to it; the neediest
dossiers ranked off the GUI thread, lowest score first, cancellable, opening a dossier."""

from __future__ import annotations

import copy
import re
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QLabel, QTableWidgetItem
from pytestqt.qtbot import QtBot

from app import i18n
from app.clock import ManualClock
from app.dossier import synthetic
from app.dossier.completeness import assess
from app.dossier.document import MASK
from app.dossier.service import Change, DossierService
from app.i18n import t
from app.vault.session import Vault
from ui.context import UiContext
from ui.editor.completeness_panel import CompletenessPanel
from ui.editor.history_panel import COLUMNS, HistoryPanel
from ui.language import LanguageHub
from ui.neediest_window import NeediestWindow
from ui.preferences import Preferences
from ui.prompter import ScriptedPrompter

DAY = 24 * 3600
BASIS_1, BASIS_2 = "QĐ 12/QĐ-TU", "QĐ 15/QĐ-TU"


@pytest.fixture
def edited(opened: Vault, clock: ManualClock) -> tuple[DossierService, int, dict[str, Any]]:
    """Three synthetic dossiers; the first edited twice with a basis (a restricted field too)."""
    service = DossierService(opened)
    docs = list(synthetic.generate(3, seed=7))
    first = service.save_many(docs, source="test")[0].id
    doc = copy.deepcopy(docs[0])
    clock.advance(40 * DAY)
    doc["position"]["current_post"] = "Giám đốc"
    doc["identity"]["phone"] = "0912345678"
    service.save(doc, dossier_id=first, basis=BASIS_1)
    clock.advance(40 * DAY)
    doc["identity"]["ethnicity"] = "tay"
    doc["training"] = doc["training"][:1]
    service.save(doc, dossier_id=first, basis=BASIS_2)
    return service, first, docs[0]


def _panel(qtbot: QtBot, clock: ManualClock, changes: list[Change]) -> HistoryPanel:
    panel = HistoryPanel(clock=clock)
    qtbot.addWidget(panel)
    panel.show_changes(changes)
    panel.show()
    return panel


def _rows(panel: HistoryPanel) -> list[dict[str, str]]:
    model = panel.model
    return [
        {name: model.data(model.index(r, c)) for c, name in enumerate(COLUMNS)}
        for r in range(model.rowCount())
    ]


def test_history_lists_changes_newest_first_readably(
    qtbot: QtBot, clock: ManualClock, edited: tuple[DossierService, int, dict[str, Any]]
) -> None:
    service, first, original = edited
    panel = _panel(qtbot, clock, service.history(first))
    rows = _rows(panel)
    assert [r["field"] for r in rows] == [
        "Dân tộc",
        "Quá trình đào tạo, bồi dưỡng",
        "Số điện thoại liên hệ",
        "Chức vụ hiện tại",
        "Tạo hồ sơ",
    ]
    ethnicity, training, _, post, created = rows
    assert (ethnicity["old"], ethnicity["new"], ethnicity["basis"]) == ("Kinh", "Tày", BASIS_2)
    assert ethnicity["source"] == t("ui.history.source.editor")
    assert ethnicity["actor"] == "officer"
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", ethnicity["time"])
    assert (training["old"], training["new"]) == (f"{len(original['training'])} dòng", "1 dòng")
    tip = panel.model.data(panel.model.index(1, COLUMNS.index("old")), Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("1. ")
    assert "Trường Đại học Kinh tế Quốc dân" in tip
    assert "09/1987" in tip
    assert (post["old"], post["new"], post["basis"]) == (
        original["position"]["current_post"],
        "Giám đốc",
        BASIS_1,
    )
    assert (created["old"], created["new"], created["source"], created["basis"]) == ("", "", "test", "")
    count = panel.findChild(QLabel, "historyCount")
    assert count is not None
    assert count.text() == t("ui.history.count", n=5)


def test_filter_by_field_narrows(
    qtbot: QtBot, clock: ManualClock, edited: tuple[DossierService, int, dict[str, Any]]
) -> None:
    service, first, _ = edited
    panel = _panel(qtbot, clock, service.history(first))
    combo = panel.filter
    assert combo.objectName() == "historyFieldFilter"
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Mọi trường",
        "Dân tộc",
        "Số điện thoại liên hệ",
        "Chức vụ hiện tại",
        "Quá trình đào tạo, bồi dưỡng",
    ]
    combo.setCurrentIndex(combo.findData("position.current_post"))
    rows = _rows(panel)
    assert [r["field"] for r in rows] == ["Chức vụ hiện tại"]
    assert rows[0]["new"] == "Giám đốc"
    panel.show_changes(service.history(first))  # a reload keeps the field chosen
    assert panel.current_path() == "position.current_post"
    assert panel.model.rowCount() == 1
    panel.set_field_filter("")
    assert panel.model.rowCount() == 5
    panel.clear()
    assert panel.model.rowCount() == 0
    assert combo.count() == 1


def test_restricted_values_masked_unless_loaded_revealed(
    qtbot: QtBot, clock: ManualClock, edited: tuple[DossierService, int, dict[str, Any]]
) -> None:
    service, first, original = edited
    clear_old = original["identity"]["phone"]
    panel = _panel(qtbot, clock, service.history(first))
    phone = next(r for r in _rows(panel) if r["field"] == "Số điện thoại liên hệ")
    assert (phone["old"], phone["new"]) == (MASK, MASK)
    model = panel.model
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                text = str(model.data(model.index(r, c), role))
                assert clear_old not in text
                assert "0912345678" not in text
    panel.show_changes(service.history(first, reveal=True))
    phone = next(r for r in _rows(panel) if r["field"] == "Số điện thoại liên hệ")
    assert (phone["old"], phone["new"]) == (clear_old, "0912345678")


def test_as_of_request_banner_and_current(
    qtbot: QtBot, clock: ManualClock, edited: tuple[DossierService, int, dict[str, Any]]
) -> None:
    service, first, _ = edited
    panel = _panel(qtbot, clock, service.history(first))
    today = clock.now().astimezone().date()  # the officer's day
    assert panel.as_of_date.maximumDate() == QDate(today.year, today.month, today.day)
    assert panel.as_of_date.displayFormat() == "dd/MM/yyyy"
    panel.as_of_date.setDate(QDate(2099, 1, 1))
    assert panel.as_of_date.date() == QDate(today.year, today.month, today.day)  # never past today
    panel.as_of_date.setDate(QDate(2026, 2, 15))
    with qtbot.waitSignal(panel.asOfRequested) as asked:
        qtbot.mouseClick(panel.as_of_button, Qt.MouseButton.LeftButton)
    assert asked.args == ["2026-02-15"]
    assert panel.as_of_button.objectName() == "asOfButton"
    assert not panel.banner.isVisible()
    assert not panel.current_button.isEnabled()
    panel.set_as_of("2026-02-15")
    assert panel.banner.isVisible()
    assert panel.banner.text() == "Đang xem hồ sơ tại ngày 15/02/2026 — chỉ đọc"
    with qtbot.waitSignal(panel.currentRequested):
        qtbot.mouseClick(panel.current_button, Qt.MouseButton.LeftButton)
    panel.clear()  # the changes go; the as-of state is the editor's to change
    assert panel.model.rowCount() == 0
    assert panel.banner.isVisible()
    panel.set_as_of(None)
    assert not panel.banner.isVisible()
    assert panel.as_of() is None
    # the editor shows the state asked for: the service rewinds to it
    assert service.get(first, as_of="2026-02-15").data["identity"]["ethnicity"] == "kinh"


def test_history_retranslates(
    qtbot: QtBot, clock: ManualClock, edited: tuple[DossierService, int, dict[str, Any]]
) -> None:
    service, first, _ = edited
    panel = _panel(qtbot, clock, service.history(first))
    panel.set_as_of("2026-02-15")
    i18n.set_language("en")
    panel.retranslate()
    assert panel.model.headerData(1, Qt.Orientation.Horizontal) == "Field"
    assert panel.filter.itemText(0) == "All fields"
    rows = _rows(panel)
    assert rows[-1]["field"] == "Dossier created"
    assert (rows[0]["field"], rows[0]["new"]) == ("Ethnicity", "Tay")
    assert "15/02/2026" in panel.banner.text()
    assert "read only" in panel.banner.text()


# -- completeness --------------------------------------------------------------------------------
def test_completeness_shows_what_is_missing_and_jumps_to_it(qtbot: QtBot) -> None:
    doc = copy.deepcopy(next(synthetic.generate(1, seed=3)))
    del doc["identity"]["religion"]
    del doc["career"]["recruiting_agency"]
    doc["yearly_ratings"] = [r for r in doc.get("yearly_ratings", []) if r["year"] != 2020]
    doc["career"]["party_join_date"] = "2030-05"
    c = assess(doc, updated_at="2024-01-01T00:00:00.000Z", today=date(2026, 1, 1))
    assert c.stale
    assert c.problems
    assert 2020 in c.yearly_missing
    panel = CompletenessPanel()
    qtbot.addWidget(panel)
    panel.show_assessment(c)
    panel.show()
    assert panel.score_bar.value() == c.score < 100
    assert panel.score_text.text() == f"Điểm đầy đủ: {c.score}/100"
    assert panel.stale_label.isVisible()
    missing = panel.missing
    texts = [missing.item(i).text() for i in range(missing.count())]
    assert "Chưa có tôn giáo." in texts
    assert "Chưa có cơ quan tuyển dụng." in texts
    assert any("2020" in text for text in texts)
    row = texts.index("Chưa có tôn giáo.")
    missing.setCurrentRow(row)
    with qtbot.waitSignal(panel.fieldRequested) as asked:
        qtbot.keyClick(missing, Qt.Key.Key_Return)
    assert asked.args == ["identity.religion"]
    missing.setCurrentRow(len(texts) - 1)
    with qtbot.waitSignal(panel.fieldRequested) as asked:
        qtbot.keyClick(missing, Qt.Key.Key_Return)
    assert asked.args == ["yearly_ratings"]
    problems = panel.problems
    lines = [problems.item(i).text() for i in range(problems.count())]
    future = next(n for n, line in enumerate(lines) if "Ngày vào Đảng" in line)
    assert lines[future].startswith("Lỗi: ")
    assert "05/2030" in lines[future]
    problems.setCurrentRow(future)
    with qtbot.waitSignal(panel.fieldRequested) as asked:
        qtbot.keyClick(problems, Qt.Key.Key_Return)
    assert asked.args == ["career.party_join_date"]
    i18n.set_language("en")
    panel.retranslate()
    assert panel.score_text.text() == f"Completeness score: {c.score}/100"
    panel.clear()
    assert missing.count() == 0
    assert problems.count() == 0
    assert not panel.stale_label.isVisible()


def test_complete_dossier_says_so(qtbot: QtBot) -> None:
    doc = next(synthetic.generate(3, seed=7))
    c = assess(doc, updated_at="2025-12-01T00:00:00.000Z", today=date(2026, 1, 1))
    panel = CompletenessPanel()
    qtbot.addWidget(panel)
    panel.show_assessment(c)
    if c.complete:
        assert panel.summary.text() == t("ui.completeness.complete")
        assert panel.missing.count() == 0
    else:
        assert panel.summary.text().startswith(f"Thiếu {len(c.missing)} mục")


# -- the neediest dossiers ---------------------------------------------------------------------
@pytest.fixture
def ctx(prompter: ScriptedPrompter, prefs: Preferences, clock: ManualClock) -> UiContext:
    return UiContext(prompter, prefs, LanguageHub(prefs, "vi"), clock=clock)


@pytest.fixture
def ranked_vault(opened: Vault) -> tuple[Vault, int]:
    """Four dossiers, one of them stripped of much: (vault, the stripped one's id)."""
    docs = list(synthetic.generate(4, seed=11))
    poor = docs[2]
    for key in ("religion", "ethnicity", "birth_place", "home_town"):
        poor["identity"].pop(key, None)
    for section in ("qualifications", "salary", "training", "work_history"):
        poor.pop(section, None)
    saved = DossierService(opened).save_many(docs, source="test")
    return opened, saved[2].id


@pytest.fixture
def window(qtbot: QtBot, ctx: UiContext, ranked_vault: tuple[Vault, int]) -> NeediestWindow:
    win = NeediestWindow(ctx, ranked_vault[0])
    win.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    qtbot.addWidget(win)
    return win


def _cell(win: NeediestWindow, row: int, column: int) -> QTableWidgetItem:
    item = win.table.item(row, column)
    assert item is not None
    return item


def _column(win: NeediestWindow, column: int) -> list[str]:
    return [_cell(win, r, column).text() for r in range(win.table.rowCount())]


def test_neediest_lists_lowest_scores_first_and_opens(
    qtbot: QtBot, window: NeediestWindow, ranked_vault: tuple[Vault, int], prompter: ScriptedPrompter
) -> None:
    vault, poor = ranked_vault
    audited = vault.info()["audit_entries"]
    with qtbot.waitSignal(window.refreshed, timeout=30_000) as shown:
        window.show()
    assert shown.args == [4]
    assert window.limit.value() == 50
    scores = [int(s) for s in _column(window, 2)]
    assert scores == sorted(scores)
    assert scores[0] < scores[1]
    assert _column(window, 0)[0] == str(poor)
    names = {n.id: n.full_name for n in window.results()}
    assert _column(window, 1)[0] == names[poor] != ""
    assert int(_column(window, 3)[0]) >= 7
    assert "Dân tộc" in _cell(window, 0, 3).toolTip()
    assert vault.info()["audit_entries"] == audited  # no audit entry per dossier
    window.table.setFocus()
    window.table.setCurrentCell(0, 1)
    with qtbot.waitSignal(window.dossierRequested) as asked:
        qtbot.keyClick(window.table, Qt.Key.Key_Return)
    assert asked.args == [poor]
    second = int(_column(window, 0)[1])
    rect = window.table.visualRect(window.table.model().index(1, 1))
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(window.dossierRequested) as asked:
        qtbot.mouseDClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert asked.args == [second]
    window.limit.setValue(2)
    window.limit.editingFinished.emit()  # a smaller limit is cut from the ranking held
    assert window.table.rowCount() == 2
    assert window.operation is not None
    assert not window.operation.running
    assert prompter.said == []


def test_neediest_cancel_keeps_nothing_and_close_while_running(
    qtbot: QtBot, window: NeediestWindow, ctx: UiContext, ranked_vault: tuple[Vault, int]
) -> None:
    window.refresh()
    op = window.operation
    assert op is not None
    assert op.running
    with qtbot.waitSignal(op.finished, timeout=30_000):
        op.cancel()
    assert window.table.rowCount() == 0
    with qtbot.waitSignal(window.refreshed, timeout=30_000):
        window.refresh()
    assert window.table.rowCount() == 4
    other = NeediestWindow(ctx, ranked_vault[0])
    other.refresh()
    running = other.operation
    assert running is not None
    assert running.running
    with qtbot.waitSignal(running.finished, timeout=30_000):
        other.close()  # deleted on close; the busy dialog outlives it until the job stops
    QApplication.processEvents()
    assert not running.running


def test_neediest_retranslates(qtbot: QtBot, window: NeediestWindow, ctx: UiContext) -> None:
    with qtbot.waitSignal(window.refreshed, timeout=30_000):
        window.show()
    ctx.language.set("en")
    assert window.windowTitle() == "Dossiers most in need of work"
    header = window.table.horizontalHeaderItem(1)
    assert header is not None
    assert header.text() == "Full name"
    assert set(_column(window, 5)) <= {"Yes", "No"}
    assert window.count_label.text() == t("ui.neediest.count", n=4)
