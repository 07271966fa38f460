"""The import dialog and the settings additions, on real vaults and real files.

Import: a valid interchange file is imported (ids emitted, dossiers saved with the basis); a file
with invalid records lists each problem and writes nothing; a dry run writes nothing; Cancel in
the middle writes nothing; a malformed or missing file says so and changes nothing. Settings:
the default secrecy and the field policy are saved (each an audited setting change), only what
changed is saved, and required fields cannot be marked "not kept".
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QPushButton, QTabWidget
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from app.audit import query
from app.audit.actions import Action
from app.clock import ManualClock
from app.dossier import importer, synthetic
from app.dossier.defaults import DEFAULT_SECRECY_SETTING, default_secrecy
from app.dossier.service import POLICY_SETTING, DossierService
from app.i18n import t
from app.vault.session import Vault
from tests.conftest import fingerprint
from tests.ui.conftest import OFFSCREEN_NOISE
from ui.actions import ActionId
from ui.context import UiContext
from ui.controller import AppController
from ui.import_dialog import ImportDialog
from ui.import_dialog.work import Outcome, import_work
from ui.language import LanguageHub
from ui.preferences import Preferences
from ui.prompter import ScriptedPrompter

BASIS = "QĐ số 12/QĐ-TU ngày 01/3/2026"


def write_file(folder: Path, docs: list[dict[str, Any]], name: str = "ho-so.json") -> Path:
    path = folder / name
    path.write_text(json.dumps(synthetic.as_interchange(docs), ensure_ascii=False), encoding="utf-8")
    return path


def docs(n: int, seed: int = 7) -> list[dict[str, Any]]:
    return list(synthetic.generate(n, seed=seed))


@pytest.fixture
def ctx(prompter: ScriptedPrompter, prefs: Preferences, clock: ManualClock) -> UiContext:
    return UiContext(prompter=prompter, preferences=prefs, language=LanguageHub(prefs, "vi"), clock=clock)


@pytest.fixture
def dialog(qtbot: QtBot, ctx: UiContext, opened: Vault) -> Iterator[ImportDialog]:
    shown = ImportDialog(ctx, opened)
    shown.show()
    yield shown
    if isValid(shown):
        shown.close()
    QApplication.processEvents()


def click(qtbot: QtBot, button: QPushButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def choose(qtbot: QtBot, dialog: ImportDialog, prompter: ScriptedPrompter, path: Path) -> None:
    prompter.paths.append(path)
    click(qtbot, dialog.findChild(QPushButton, "importChooseButton"))
    assert dialog.path == path


def run(qtbot: QtBot, dialog: ImportDialog, *, dry_run: bool) -> None:
    """Press Check or Import and wait until the work has ended."""
    name = "importCheckButton" if dry_run else "importRunButton"
    click(qtbot, dialog.findChild(QPushButton, name))
    assert dialog.running()
    qtbot.waitUntil(lambda: not dialog.running(), timeout=60_000)


def table_rows(dialog: ImportDialog) -> list[list[str]]:
    model = dialog.table.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


# -- import --------------------------------------------------------------------------------------
def test_a_valid_file_is_imported_and_its_ids_emitted(
    qtbot: QtBot, dialog: ImportDialog, prompter: ScriptedPrompter, opened: Vault, tmp_path: Path
) -> None:
    path = write_file(tmp_path, docs(3))
    assert not dialog.findChild(QPushButton, "importRunButton").isEnabled()  # no file yet
    choose(qtbot, dialog, prompter, path)
    assert dialog.file_name.text() == "ho-so.json"
    dialog.basis.setText(BASIS)
    got: list[Any] = []
    dialog.imported.connect(got.append)
    run(qtbot, dialog, dry_run=False)
    assert len(got) == 1
    assert len(got[0]) == 3
    service = DossierService(opened)
    names = [service.get(i, audit=False).data["identity"]["full_name"] for i in got[0]]
    assert names == [d["identity"]["full_name"] for d in docs(3)]
    created = service.history(got[0][0])[0]
    assert (created.source, created.basis) == ("import:ho-so.json", BASIS)
    assert dialog.summary.text().startswith(
        t("import.summary", file="ho-so.json", records=3, created=3, updated=0, unchanged=0)
    )
    assert table_rows(dialog) == []
    assert prompter.texts("error") == []
    imports = query.entries(opened, query.AuditFilter(action=Action.DOSSIER_IMPORT.value))
    assert len(imports) == 1


def test_invalid_records_are_listed_and_nothing_is_written(
    qtbot: QtBot, dialog: ImportDialog, prompter: ScriptedPrompter, opened: Vault, tmp_path: Path
) -> None:
    records = docs(4)
    pid = records[0]["identity"]["personal_id"]
    records[0]["identity"]["personal_id"] = "999" + pid[3:]  # a warning: unknown province code
    records[1]["identity"]["birth_date"] = "1980-02-30"  # an error
    records[3]["identity"]["personal_id"] = records[2]["identity"]["personal_id"]  # duplicate
    path = write_file(tmp_path, records, "loi.json")
    before = fingerprint(opened)
    got: list[Any] = []
    dialog.imported.connect(got.append)
    choose(qtbot, dialog, prompter, path)
    run(qtbot, dialog, dry_run=False)
    assert fingerprint(opened) == before
    assert got == []
    assert dialog.report is not None
    assert dialog.report.rejected
    assert dialog.summary.text().startswith(t("import.rejected", file="loi.json", count=2))
    rows = table_rows(dialog)
    error, warning = t("ui.import.severity.error"), t("ui.import.severity.warning")
    # Errors first, then warnings (record 4's borrowed personal id fits neither its sex nor its year).
    expected = [("2", error), ("4", error), ("1", warning), ("4", warning), ("4", warning)]
    assert [(r[0], r[4]) for r in rows] == expected
    assert rows[0][1] == records[1]["identity"]["full_name"]
    assert rows[0][2] == "Sinh ngày"
    assert "1980-02-30" in rows[0][3]
    assert rows[1][2] == "Số định danh cá nhân (CCCD)"
    assert records[2]["identity"]["personal_id"] not in " ".join(rows[1])  # a restricted value
    detail = dialog.findChild(QLabel, "importIssueDetail")
    assert detail.text() == dialog.report.errors.items[0].line("loi.json")  # the first, whole
    dialog.table.selectRow(2)
    assert detail.text() == dialog.report.warnings.items[0].line("loi.json")
    # Every column sorts; the record column as numbers.
    dialog.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert [r[0] for r in table_rows(dialog)] == ["4", "4", "4", "2", "1"]
    dialog.table.sortByColumn(4, Qt.SortOrder.AscendingOrder)
    assert [r[4] for r in table_rows(dialog)] == [error, error, warning, warning, warning]


def test_a_dry_run_writes_nothing(
    qtbot: QtBot, dialog: ImportDialog, prompter: ScriptedPrompter, opened: Vault, tmp_path: Path
) -> None:
    path = write_file(tmp_path, docs(5))
    before = fingerprint(opened)
    got: list[Any] = []
    dialog.imported.connect(got.append)
    choose(qtbot, dialog, prompter, path)
    run(qtbot, dialog, dry_run=True)
    assert fingerprint(opened) == before
    assert got == []
    expected = t("import.dry_run_summary", file="ho-so.json", records=5, created=5, updated=0, unchanged=0)
    assert dialog.summary.text().startswith(expected)
    # The real import afterwards works from the same dialog.
    run(qtbot, dialog, dry_run=False)
    assert len(got) == 1
    assert len(got[0]) == 5


def test_cancel_in_the_middle_writes_nothing(
    qtbot: QtBot,
    dialog: ImportDialog,
    prompter: ScriptedPrompter,
    opened: Vault,
    tmp_path: Path,
    find: Callable[..., Any],
) -> None:
    path = write_file(tmp_path, docs(1500), "lon.json")
    before = fingerprint(opened)
    got: list[Any] = []
    dialog.imported.connect(got.append)
    choose(qtbot, dialog, prompter, path)
    click(qtbot, dialog.findChild(QPushButton, "importRunButton"))
    qtbot.waitUntil(lambda: find("busyDetail") is not None, timeout=30_000)  # the first progress
    bar = find("busyProgress")
    assert bar.maximum() == 1500  # determinate: records of the file
    assert find("busyDetail").text().startswith("Bước 1/3")
    click(qtbot, find("busyCancelButton", QPushButton))
    qtbot.waitUntil(lambda: not dialog.running(), timeout=60_000)
    assert dialog.summary.text() == t("ui.import.cancelled", file="lon.json")
    assert got == []
    assert fingerprint(opened) == before
    assert find("busyDialog") is None
    assert dialog.findChild(QPushButton, "importRunButton").isEnabled()


def test_closing_the_dialog_stops_a_running_import_first(
    qtbot: QtBot,
    dialog: ImportDialog,
    prompter: ScriptedPrompter,
    opened: Vault,
    tmp_path: Path,
    find: Callable[..., Any],
) -> None:
    """What a lock does to the dialog: the work is stopped and waited for, nothing is written."""
    path = write_file(tmp_path, docs(1500), "lon.json")
    before = fingerprint(opened)
    got: list[Any] = []
    dialog.imported.connect(got.append)
    choose(qtbot, dialog, prompter, path)
    click(qtbot, dialog.findChild(QPushButton, "importRunButton"))
    qtbot.waitUntil(lambda: find("busyDetail") is not None, timeout=30_000)
    operation = dialog.operation
    assert operation is not None
    dialog.close()
    assert not operation.running  # stopped and its report delivered before the dialog went
    assert find("busyDialog") is None
    assert find("importDialog") is None
    assert got == []
    assert prompter.texts("error") == []
    assert fingerprint(opened) == before


def test_a_job_cancelled_while_saving_rolls_back(opened: Vault, tmp_path: Path) -> None:
    """The work itself: Cancel noticed in the save phase (inside the transaction) writes nothing."""
    path = write_file(tmp_path, docs(250), "luu.json")
    before = fingerprint(opened)

    class SaveCancellingJob:
        def __init__(self) -> None:
            self.phases: list[str] = []

        def report(self, label: str, done: int, total: int) -> None:
            self.phases.append(label.split(":")[0])

        def cancelled(self) -> bool:
            return bool(self.phases) and self.phases[-1] == "Bước 3/3"

    job = SaveCancellingJob()
    outcome = Outcome(dry_run=False)
    with pytest.raises(importer.InvalidInput) as caught:
        import_work(opened, path, None, outcome)(job)  # type: ignore[arg-type]
    assert caught.value.key == "import.cancelled"
    assert "Bước 3/3" in job.phases
    assert outcome.ended.is_set()
    assert outcome.report is None
    assert not outcome.wrote()
    assert fingerprint(opened) == before


@pytest.mark.parametrize(
    ("content", "key"),
    [
        ('{"format": "hoso.dossier", "version": 1, "dossiers": [', "import.json.syntax"),
        (None, "import.file.not_found"),
    ],
)
def test_a_malformed_or_missing_file_says_so_and_changes_nothing(
    qtbot: QtBot,
    dialog: ImportDialog,
    prompter: ScriptedPrompter,
    opened: Vault,
    tmp_path: Path,
    content: str | None,
    key: str,
) -> None:
    path = tmp_path / "hong.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    before = fingerprint(opened)
    choose(qtbot, dialog, prompter, path)
    run(qtbot, dialog, dry_run=False)
    assert fingerprint(opened) == before
    report = dialog.report
    assert report is not None
    assert report.rejected
    assert [e.key for e in report.errors.items] == [key]
    message = report.errors.items[0].message()
    assert message in dialog.summary.text()  # said in the summary, not only in the table
    assert table_rows(dialog)[0][0] == t("ui.import.whole_file")


def test_the_field_policy_refuses_fields_not_kept(
    qtbot: QtBot, dialog: ImportDialog, prompter: ScriptedPrompter, opened: Vault, tmp_path: Path
) -> None:
    DossierService(opened).set_policy(["identity.ethnicity"])
    path = write_file(tmp_path, docs(1))
    before = fingerprint(opened)
    choose(qtbot, dialog, prompter, path)
    run(qtbot, dialog, dry_run=False)
    assert fingerprint(opened) == before
    rows = table_rows(dialog)
    assert [r[2] for r in rows] == ["Dân tộc"]
    assert rows[0][3] == t("dossier.bad.not_kept")


def test_the_report_follows_a_language_switch(
    qtbot: QtBot, dialog: ImportDialog, prompter: ScriptedPrompter, ctx: UiContext, tmp_path: Path
) -> None:
    records = docs(2)
    records[1]["identity"]["birth_date"] = "1980-02-30"
    choose(qtbot, dialog, prompter, write_file(tmp_path, records))
    run(qtbot, dialog, dry_run=True)
    ctx.language.set("en")
    assert dialog.windowTitle() == "Import dossiers from a file"
    assert dialog.summary.text().startswith(t("import.rejected", lang="en", file="ho-so.json", count=1))
    assert table_rows(dialog)[0][2] == "Date of birth"
    assert table_rows(dialog)[0][4] == "Error"


def test_a_bad_basis_is_refused_before_anything_runs(
    qtbot: QtBot, dialog: ImportDialog, prompter: ScriptedPrompter, tmp_path: Path
) -> None:
    choose(qtbot, dialog, prompter, write_file(tmp_path, docs(1)))
    dialog.basis.setText("dòng một\u202edòng hai")  # a bidi override is not a one-line reference
    click(qtbot, dialog.findChild(QPushButton, "importRunButton"))
    assert not dialog.running()
    assert prompter.texts("error") == [t("import.bad_basis", max=importer.MAX_BASIS_CHARS)]


@pytest.mark.qt_log_ignore(OFFSCREEN_NOISE, r"^This plugin does not support raise\(\)$")  # offscreen only
def test_open_import_is_adopted_and_a_lock_closes_it(
    qtbot: QtBot,
    opened_ui: AppController,
    prompter: ScriptedPrompter,
    find: Callable[..., Any],
    tmp_path: Path,
) -> None:
    got: list[list[int]] = []
    dialog = opened_ui.commands.open_import(got.append)
    assert dialog is not None
    assert find("importDialog") is dialog
    assert dialog in opened_ui.main_window.vault_windows()
    assert opened_ui.commands.open_import(got.append) is dialog  # one at a time
    choose(qtbot, dialog, prompter, write_file(tmp_path, docs(2)))
    run(qtbot, dialog, dry_run=False)
    assert len(got) == 1
    assert len(got[0]) == 2
    opened_ui.main_window.registry[ActionId.LOCK].trigger()  # the prompter declines the slip
    assert find("importDialog") is None
    assert find("unlockDialog") is not None


def test_dialogs_fit_a_small_screen(dialog: ImportDialog) -> None:
    assert dialog.width() <= 1366
    assert dialog.height() <= 700


# -- settings ------------------------------------------------------------------------------------
def _open_settings(opened_ui: AppController, find: Callable[..., Any]) -> Any:
    opened_ui.main_window.registry[ActionId.SETTINGS].trigger()
    dialog = find("settingsDialog")
    assert dialog is not None
    return dialog


def _settings_changes(vault: Vault) -> list[tuple[str, Any, Any]]:
    entries = query.entries(vault, query.AuditFilter(action=Action.SETTINGS_CHANGE.value))
    return sorted((e.target, e.details["old"], e.details["new"]) for e in entries)


def test_settings_save_default_secrecy_and_field_policy_audited(
    qtbot: QtBot, opened_ui: AppController, find: Callable[..., Any]
) -> None:
    vault = opened_ui.vault
    assert vault is not None
    dialog = _open_settings(opened_ui, find)
    assert dialog.width() <= 1366
    assert dialog.height() <= 700
    combo = dialog.findChild(QComboBox, "secrecyCombo")
    assert [combo.itemText(i) for i in range(combo.count())] == ["Mật", "Tối mật"]
    assert combo.currentData() == "mat"
    combo.setCurrentIndex(combo.findData("toi_mat"))
    dialog.findChild(QTabWidget, "settingsTabs").setCurrentIndex(1)
    tree = find("policyTree")
    assert tree is not None
    religion = tree.item_for("identity.religion")
    assert religion.flags() & Qt.ItemFlag.ItemIsUserCheckable
    religion.setCheckState(0, Qt.CheckState.Checked)
    tree.item_for("family").setCheckState(0, Qt.CheckState.Checked)
    assert find("policyCount").text() == t("ui.settings.policy.count", count=2)
    click(qtbot, find("settingsOkButton", QPushButton))
    assert default_secrecy(vault) == "toi_mat"
    assert DossierService(vault).policy().not_kept == {"identity.religion", "family"}
    assert _settings_changes(vault) == [
        (DEFAULT_SECRECY_SETTING, None, "toi_mat"),
        (POLICY_SETTING, None, '["family", "identity.religion"]'),
    ]  # idle minutes and language were not changed: not saved

    # Opened again, the dialog shows what was saved; OK without changes saves nothing.
    dialog = _open_settings(opened_ui, find)
    assert dialog.findChild(QComboBox, "secrecyCombo").currentData() == "toi_mat"
    tree = find("policyTree") or dialog.policy_tree
    assert tree.item_for("identity.religion").checkState(0) == Qt.CheckState.Checked
    assert tree.item_for("identity").checkState(0) == Qt.CheckState.PartiallyChecked
    opened_ui.language.set("en")  # new texts do not touch the checks
    assert tree.item_for("identity").checkState(0) == Qt.CheckState.PartiallyChecked
    assert tree.item_for("identity.ethnicity").checkState(0) == Qt.CheckState.Unchecked
    opened_ui.language.set("vi")
    click(qtbot, find("settingsOkButton", QPushButton))
    assert len(_settings_changes(vault)) == 2


def test_required_fields_cannot_be_marked_not_kept(
    qtbot: QtBot, opened_ui: AppController, find: Callable[..., Any]
) -> None:
    vault = opened_ui.vault
    assert vault is not None
    dialog = _open_settings(opened_ui, find)
    tree = dialog.policy_tree
    for path in ("identity.full_name", "identity.personal_id", "identity.sex", "identity.birth_date"):
        item = tree.item_for(path)
        assert tree.is_required(path)
        assert not item.flags() & Qt.ItemFlag.ItemIsUserCheckable, path
        assert not item.flags() & Qt.ItemFlag.ItemIsEnabled, path
        assert item.data(0, Qt.ItemDataRole.CheckStateRole) is None, path  # no check box at all
    # Marking the whole section marks its optional fields only.
    tree.item_for("identity").setCheckState(0, Qt.CheckState.Checked)
    marked = tree.marked()
    assert "identity.religion" in marked
    assert "identity.full_name" not in marked
    assert all(p.startswith("identity.") for p in marked)
    click(qtbot, find("settingsOkButton", QPushButton))
    not_kept = DossierService(vault).policy().not_kept
    assert not_kept == marked
    assert (
        not {"identity.full_name", "identity.personal_id", "identity.sex", "identity.birth_date"} & not_kept
    )


def test_cancelled_settings_save_nothing(
    qtbot: QtBot, opened_ui: AppController, find: Callable[..., Any]
) -> None:
    vault = opened_ui.vault
    assert vault is not None
    dialog = _open_settings(opened_ui, find)
    combo = dialog.findChild(QComboBox, "secrecyCombo")
    combo.setCurrentIndex(combo.findData("toi_mat"))
    dialog.policy_tree.item_for("health").setCheckState(0, Qt.CheckState.Checked)
    click(qtbot, find("settingsCancelButton", QPushButton))
    assert vault.setting(DEFAULT_SECRECY_SETTING) is None
    assert vault.setting(POLICY_SETTING) is None
    assert _settings_changes(vault) == []


def test_settings_follow_a_language_switch(
    qtbot: QtBot, opened_ui: AppController, find: Callable[..., Any]
) -> None:
    dialog = _open_settings(opened_ui, find)
    opened_ui.language.set("en")
    tabs = dialog.findChild(QTabWidget, "settingsTabs")
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["&General", "Field &policy"]
    combo = dialog.findChild(QComboBox, "secrecyCombo")
    assert [combo.itemText(i) for i in range(combo.count())] == ["Confidential", "Secret"]
    assert dialog.policy_tree.item_for("identity.religion").text(0) == "Religion"
    assert dialog.policy_tree.item_for("identity.full_name").text(0) == "Full name at birth (required)"
