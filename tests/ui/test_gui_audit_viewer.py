"""The audit log viewer: a lazy model (ids only, rows fetched in pages for what is shown),
filters by act and day, the count, and the signed PDF report saved only where the officer says."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QDateEdit, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from app.audit import query
from app.audit.actions import Action
from app.i18n import t
from app.vault.session import Vault
from ui.actions import ActionId
from ui.audit_viewer.model import PAGE_SIZE, AuditTableModel
from ui.audit_viewer.window import AuditViewer
from ui.controller import AppController
from ui.prompter import ScriptedPrompter


def _fill(vault: Vault, n: int) -> None:
    for i in range(n):
        vault.change_setting("test_counter", str(i))


def _viewer(controller: AppController, find: Any) -> AuditViewer:
    controller.main_window.registry[ActionId.AUDIT_LOG].trigger()
    viewer: AuditViewer = find("auditViewer")
    assert viewer is not None
    return viewer


def test_model_holds_ids_and_fetches_only_what_is_shown(opened: Vault) -> None:
    _fill(opened, 4 * PAGE_SIZE)
    model = AuditTableModel(opened)
    total = query.count(opened, query.AuditFilter())
    assert model.rowCount() == total > 4 * PAGE_SIZE
    assert model.columnCount() == 6
    assert model.page_loads == 0
    assert model.rows_loaded == 0
    assert model.data(model.index(0, 0)) == str(total)  # the newest first; the id needs no fetch
    assert model.page_loads == 0
    assert model.data(model.index(0, 3)) == t("ui.audit.act.settings.change")
    assert (model.page_loads, model.rows_loaded) == (1, PAGE_SIZE)
    for row in range(PAGE_SIZE):
        model.data(model.index(row, 5))
    assert model.page_loads == 1  # the rest of the page came from the cache
    last = model.rowCount() - 1
    assert model.data(model.index(last, 3)) == t("ui.audit.act.vault.create")
    assert model.data(model.index(last, 1)).count("/") == 2  # dd/mm/yyyy HH:MM:SS
    assert model.page_loads == 2
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.data(QModelIndex()) is None


def test_view_fetches_visible_rows_only(opened_ui: AppController, find: Any) -> None:
    vault = opened_ui.vault
    assert vault is not None
    _fill(vault, 6 * PAGE_SIZE)
    viewer = _viewer(opened_ui, find)
    viewer.resize(1200, 500)
    QApplication.processEvents()
    model = viewer.model
    assert model.rowCount() == query.count(vault, query.AuditFilter())
    assert 0 < model.rows_loaded <= 2 * PAGE_SIZE < model.rowCount()
    assert find("auditCountLabel").text() == t("ui.audit.count", n=model.rowCount())
    viewer.table.scrollToBottom()
    QApplication.processEvents()
    assert model.rows_loaded <= 4 * PAGE_SIZE < model.rowCount()


def test_filters_by_action_target_and_day(opened_ui: AppController, find: Any, clock: Any) -> None:
    vault = opened_ui.vault
    assert vault is not None
    _fill(vault, 3)
    viewer = _viewer(opened_ui, find)
    all_rows = viewer.model.rowCount()
    combo = find("auditActionCombo", QComboBox)
    combo.setCurrentIndex(combo.findData(Action.SETTINGS_CHANGE.value))
    assert viewer.model.rowCount() == 3
    assert find("auditCountLabel").text() == t("ui.audit.count", n=3)
    combo.setCurrentIndex(combo.findData(Action.VAULT_CREATE.value))
    assert viewer.model.rowCount() == 1
    combo.setCurrentIndex(0)
    assert viewer.model.rowCount() == all_rows

    find("auditTargetEdit", QLineEdit).setText("test_counter")
    assert viewer.model.rowCount() == 3
    find("auditTargetEdit", QLineEdit).clear()

    today = clock.now().astimezone().date()
    viewer.filters.set_days(today, today)
    assert find("auditFromDate", QDateEdit).displayFormat() == "dd/MM/yyyy"
    assert find("auditFromDate", QDateEdit).text() == today.strftime("%d/%m/%Y")
    assert viewer.model.rowCount() == all_rows
    viewer.filters.set_days(today + timedelta(days=1), None)
    assert viewer.model.rowCount() == 0
    assert find("auditCountLabel").text() == t("ui.audit.count", n=0)
    viewer.filters.set_days(None, today - timedelta(days=1))
    assert viewer.model.rowCount() == 0
    find("auditToCheck", QCheckBox).setChecked(False)
    assert viewer.model.rowCount() == all_rows


def test_export_signed_report_previews_then_saves_where_chosen(
    qtbot: QtBot, opened_ui: AppController, find: Any, prompter: ScriptedPrompter, tmp_path: Path
) -> None:
    vault = opened_ui.vault
    assert vault is not None
    viewer = _viewer(opened_ui, find)
    before = viewer.model.rowCount()
    qtbot.mouseClick(find("exportReportButton", QPushButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: find("pdfPreview") is not None, timeout=30_000)
    preview = find("pdfPreview")
    assert preview.page_count() >= 1
    assert viewer.model.rowCount() == before + 1  # the export is itself in the log
    assert query.entries(vault, query.AuditFilter(action=Action.AUDIT_EXPORT.value))
    assert list(tmp_path.rglob("*.pdf")) == []  # nothing on disk until the officer saves

    prompter.paths.append(None)  # the officer cancels the file dialog
    qtbot.mouseClick(find("pdfSaveButton", QPushButton), Qt.MouseButton.LeftButton)
    assert list(tmp_path.rglob("*.pdf")) == []
    target = tmp_path / "bao-cao"
    prompter.paths.append(target)
    with qtbot.waitSignal(preview.saved) as saved:
        qtbot.mouseClick(find("pdfSaveButton", QPushButton), Qt.MouseButton.LeftButton)
    written = saved.args[0]
    assert written == tmp_path / "bao-cao.pdf"
    assert written.read_bytes().startswith(b"%PDF")
    assert oct(written.stat().st_mode & 0o777) == "0o600"
    assert prompter.texts("inform") == [t("ui.pdf.saved", path=written)]
    preview.close()
    assert find("pdfPreview") is None


def test_action_labels_follow_the_language(opened_ui: AppController, find: Any) -> None:
    viewer = _viewer(opened_ui, find)
    last = viewer.model.rowCount() - 1
    assert viewer.model.data(viewer.model.index(last, 3)) == "Tạo kho"
    assert viewer.model.headerData(0, Qt.Orientation.Horizontal) == "Số TT"
    opened_ui.main_window.registry[ActionId.LANGUAGE].trigger()
    assert viewer.model.data(viewer.model.index(last, 3)) == "Vault created"
    assert viewer.model.headerData(1, Qt.Orientation.Horizontal) == "Time"
    assert find("exportReportButton", QPushButton).text().startswith("Export signed PDF report")
    assert viewer.windowTitle() == "Audit log"
