"""Issue 6 in the desktop app, on a real vault: readers and written approvals registered through
their dialogs; the print wizard issuing copies (registered and audited before they are shown),
the preview of the copies themselves from memory, printing through the printer seam (audited)
and saving only the file asked for (audited); the new actions' shortcuts and menu; and every
extract window closed by a lock.

The printer seam is a plain function that renders the first page into an image and answers a
printer name (or raises, as a jammed printer would): it stands in for the print dialog and the
device, not for any code of HoSo."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QApplication, QMenu, QPushButton, QWidget, QWizard
from pytestqt.qtbot import QtBot

from app.audit import query
from app.audit.actions import Action
from app.dossier import listing
from app.dossier.service import DossierService
from app.dossier.synthetic import generate
from app.extract.approvals import ApprovalInput, Approvals
from app.extract.readers import ReaderBook
from app.extract.register import CopyRegister
from app.extract.scope import SCOPE_SECTIONS
from app.extract.serials import grouped
from app.i18n import t
from app.vault.session import Vault
from tests.conftest import VaultHandle
from tests.ui.conftest import start_unlocked, vault_of
from ui.actions import SPECS, ActionId, MenuId
from ui.controller import AppController
from ui.prompter import ScriptedPrompter

DOSSIERS = 4
PRINTER = "Máy in phòng hồ sơ"


@pytest.fixture
def filled(vault: VaultHandle) -> VaultHandle:
    """The test vault with a few synthetic dossiers (saved before the app opens it)."""
    opened = vault.unlock()
    try:
        DossierService(opened).save_many(list(generate(DOSSIERS, seed=6)), source="test")
    finally:
        opened.lock()
    return vault


@pytest.fixture
def app_open(
    filled: VaultHandle, controller: AppController, unlock_with: Callable[[AppController, str], Vault]
) -> AppController:
    return start_unlocked(controller, filled, unlock_with)


def trigger(ctl: AppController, action: ActionId) -> None:
    ctl.main_window.registry[action].trigger()


def click(qtbot: QtBot, widget: QWidget) -> None:
    assert widget.isEnabled()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def dossier_ids(vault: Vault) -> list[int]:
    return sorted(listing.list_ids(vault))


def add_approval(
    vault: Vault,
    *,
    copies: int = 2,
    form: str = "ban_in",
    until: str = "31/12/2026",
    dossiers: tuple[int, ...] | None = None,
    sections: tuple[str, ...] = SCOPE_SECTIONS,
    decision: str = "125-QĐ/TU",
) -> int:
    """A reader and an approval for them, recorded through the app layer (set-up only)."""
    reader = ReaderBook(vault).add("Trần Thị Bình", "Ban Tổ chức Tỉnh ủy", "Chuyên viên")
    given = ApprovalInput(
        reader, decision, "01/01/2026", "Nguyễn Văn Chánh", dossiers or tuple(dossier_ids(vault)[:2]),
        sections, until, copies=copies, form=form, signer_title="Phó Bí thư",
    )  # fmt: skip
    return Approvals(vault).add(given)


def acts(vault: Vault, action: Action) -> list[query.Entry]:
    return query.entries(vault, query.AuditFilter(action=action.value))


def run_wizard(ctl: AppController, qtbot: QtBot, find: Any, copies: int, untick: tuple[str, ...] = ()) -> Any:
    """Open the print wizard, go through its pages (first approval, the dossier it offers,
    sections but ``untick``, layout tt06), ask for ``copies`` and press "Cấp bản sao"; wait until
    the copies are shown or a refusal is said. The issued dialog, or None."""
    prompter: ScriptedPrompter = ctl.ctx.prompter  # type: ignore[assignment]
    errors = len(prompter.texts("error"))
    trigger(ctl, ActionId.PRINT_EXTRACT)
    wizard = find("printWizard")
    assert wizard is not None
    for _ in range(2):
        click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    for key in untick:
        wizard.sections_page.checks.box(key).setChecked(False)
    for _ in range(2):
        click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    assert wizard.currentPage() is wizard.copies_page
    find("copiesSpin").setValue(copies)
    click(qtbot, find("issueButton", QPushButton))
    qtbot.waitUntil(
        lambda: find("issuedCopiesDialog") is not None or len(prompter.texts("error")) > errors,
        timeout=60_000,
    )
    return find("issuedCopiesDialog")


class FakePrinter:
    """The printer seam: draws the first page into an image (so the document really is loaded)
    and says which printer took it — or raises, like a jammed printer."""

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.pages: list[int] = []

    def __call__(self, parent: QWidget | None, document: QPdfDocument) -> str:
        image = document.render(0, QSize(105, 148))
        assert not image.isNull()
        self.pages.append(document.pageCount())
        if self.fail:
            raise RuntimeError("kẹt giấy")
        return PRINTER


# -- readers and approvals through their dialogs -------------------------------------------------
def test_register_a_reader_and_an_approval_through_the_dialogs(
    app_open: AppController, qtbot: QtBot, find: Any, prompter: ScriptedPrompter
) -> None:
    vault = vault_of(app_open)
    first, second = dossier_ids(vault)[:2]
    trigger(app_open, ActionId.READERS)
    window = find("readersWindow")
    assert window is not None
    assert not find("approvalAddButton").isEnabled()  # no reader yet

    click(qtbot, find("readerAddButton", QPushButton))
    find("readerNameEdit").setText("Lê Văn Cường")
    click(qtbot, find("readerOkButton", QPushButton))  # the unit is missing: refused, nothing written
    assert prompter.texts("error")[-1] == t("extract.required", field=t("extract.field.unit"))
    assert ReaderBook(vault).find() == []
    find("readerUnitEdit").setText("Ủy ban Kiểm tra Tỉnh ủy")
    find("readerTitleEdit").setText("Kiểm tra viên")
    find("readerIdDocEdit").setText("001088012345")
    assert find("readerIdDocEdit").echoMode() != find("readerNameEdit").echoMode()  # typed masked
    click(qtbot, find("readerOkButton", QPushButton))
    assert find("readerDialog") is None
    (reader,) = ReaderBook(vault).find()
    assert (reader.full_name, reader.unit, reader.has_id_document) == (
        "Lê Văn Cường",
        "Ủy ban Kiểm tra Tỉnh ủy",
        True,
    )
    assert window.readers_model.shown(0)["full_name"] == "Lê Văn Cường"
    assert len(acts(vault, Action.READER_ADD)) == 1

    click(qtbot, find("approvalAddButton", QPushButton))
    dialog = find("approvalDialog")
    find("approvalDecisionEdit").setText("125-QĐ/TU")
    assert find("approvalDateEdit").text() == "01/01/2026"  # today, on the vault's clock
    find("approvalSignerEdit").setText("Nguyễn Văn Chánh")
    find("approvalSignerTitleEdit").setText("Phó Bí thư Thường trực")
    find("approvalPurposeEdit").setText("Thẩm định quy hoạch")
    find("approvalCopiesSpin").setValue(3)
    find("approvalUntilEdit").setText("30/06/2026")
    find("dossierIdsEdit").setText(f"{first}, {second}, 9999")
    click(qtbot, find("dossierIdsButton", QPushButton))
    assert dialog.dossiers.chosen() == (first, second)
    assert find("dossierPickerMessage").text() == t("ui.extract.ids_missing", ids="9999")
    click(qtbot, find("approvalOkButton", QPushButton))  # no section ticked: refused by name
    assert prompter.texts("error")[-1] == t("extract.no_sections")
    for key in ("identity", "work_history", "family"):
        dialog.sections.box(key).setChecked(True)
    click(qtbot, find("approvalOkButton", QPushButton))
    assert find("approvalDialog") is None

    (approval,) = Approvals(vault).find(reader.id)
    row = approval.row
    assert (row.decision_no, row.decision_date, row.signer, row.signer_title) == (
        "125-QĐ/TU", "2026-01-01", "Nguyễn Văn Chánh", "Phó Bí thư Thường trực",
    )  # fmt: skip
    assert (row.dossiers, row.sections, row.copies, row.form) == (
        (first, second),
        ("identity", "work_history", "family"),
        3,
        "ban_in",
    )
    assert (row.valid_from, row.valid_until, row.purpose) == (
        "2026-01-01",
        "2026-06-30",
        "Thẩm định quy hoạch",
    )
    shown = window.approvals_model.shown(0)
    assert shown["decision"] == t("ui.extract.approval_label", decision="125-QĐ/TU", date="01/01/2026")
    assert shown["state"] == t("cli.state.valid")
    assert len(acts(vault, Action.APPROVAL_ADD)) == 1


def test_revoke_asks_the_reason_and_deactivate_asks_first(
    app_open: AppController, qtbot: QtBot, find: Any, prompter: ScriptedPrompter
) -> None:
    vault = vault_of(app_open)
    approval_id = add_approval(vault)
    trigger(app_open, ActionId.READERS)
    window = find("readersWindow")
    prompter.texts_typed.append(None)  # the officer cancels: nothing revoked
    click(qtbot, find("approvalRevokeButton", QPushButton))
    assert Approvals(vault).get(approval_id).row.revoked_at is None
    prompter.texts_typed.append("Đã hết nhiệm vụ thẩm định")
    click(qtbot, find("approvalRevokeButton", QPushButton))
    row = Approvals(vault).get(approval_id).row
    assert row.revoked_at is not None
    assert row.revoke_reason == "Đã hết nhiệm vụ thẩm định"
    assert window.approvals_model.shown(0)["state"] == t("cli.state.revoked")
    assert not find("approvalRevokeButton").isEnabled()

    prompter.confirms.append(False)
    click(qtbot, find("readerDeactivateButton", QPushButton))
    assert ReaderBook(vault).find()[0].active
    prompter.confirms.append(True)
    click(qtbot, find("readerDeactivateButton", QPushButton))
    assert not ReaderBook(vault).find()[0].active
    assert window.readers_model.rowCount() == 0  # deactivated readers hidden unless asked
    find("readersShowInactive").setChecked(True)
    assert window.readers_model.shown(0)["active"] == t("ui.extract.inactive")
    assert len(acts(vault, Action.APPROVAL_REVOKE)) == 1
    assert len(acts(vault, Action.READER_DEACTIVATE)) == 1


# -- the print wizard, the preview, print and save --------------------------------------------------
def test_wizard_issues_two_copies_previews_prints_and_saves(
    app_open: AppController, qtbot: QtBot, find: Any, prompter: ScriptedPrompter, tmp_path: Path
) -> None:
    vault = vault_of(app_open)
    first, second = dossier_ids(vault)[:2]
    add_approval(vault, copies=2, dossiers=(first, second))
    printer = app_open.extracts.printer = FakePrinter()
    app_open.main_window.workspace.open(second)  # the dossier open in the editor is preselected
    trigger(app_open, ActionId.PRINT_EXTRACT)
    wizard = find("printWizard")
    click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    assert int(find("wizardDossierList").currentItem().data(Qt.ItemDataRole.UserRole)) == second
    wizard.close()

    dialog = run_wizard(app_open, qtbot, find, copies=2, untick=("economy",))
    assert dialog is not None
    assert find("printWizard") is None
    entries = sorted(CopyRegister(vault).find(), key=lambda e: e.row.copy_no)
    assert [(e.row.copy_no, e.row.copies, e.row.dossier_id) for e in entries] == [
        (1, 2, second),
        (2, 2, second),
    ]
    assert "economy" not in entries[0].row.sections
    assert "identity" in entries[0].row.sections
    issued = acts(vault, Action.EXTRACT_ISSUE)
    assert sorted(e.target for e in issued) == sorted(e.row.serial for e in entries)

    # The preview shows the registered copy itself, from memory.
    copies = dialog.copies
    assert [c.serial for c in copies] == [e.row.serial for e in entries]
    assert all(
        hashlib.sha256(c.pdf).hexdigest() == e.row.sha256 for c, e in zip(copies, entries, strict=True)
    )
    qtbot.waitUntil(lambda: dialog.document.status() == QPdfDocument.Status.Ready)
    assert dialog.document.pageCount() == copies[0].pages > 0
    assert str(copies[0].pages) in find("issuedPageCount").text()
    assert dialog.list.count() == 2

    # Print copy 1 through the seam: audited with the printer's name.
    click(qtbot, find("issuedPrintButton", QPushButton))
    assert printer.pages == [copies[0].pages]
    (printed,) = acts(vault, Action.EXTRACT_PRINT)
    assert (printed.target, printed.details["printer"]) == (copies[0].serial, PRINTER)
    prompter.confirms.append(False)  # printing it again is asked, and declined
    click(qtbot, find("issuedPrintButton", QPushButton))
    assert len(acts(vault, Action.EXTRACT_PRINT)) == 1
    assert prompter.texts("confirm")[-1] == t("ui.extract.release_again", serial=grouped(copies[0].serial))

    # Save copy 2: exactly the chosen file, audited; nothing else written.
    dialog.list.setCurrentRow(1)
    qtbot.waitUntil(lambda: dialog.document.status() == QPdfDocument.Status.Ready)
    assert dialog.document.pageCount() == copies[1].pages
    out = tmp_path / "out"
    out.mkdir()
    prompter.paths.append(out / "ban-sao-2")
    click(qtbot, find("issuedSaveButton", QPushButton))
    assert sorted(p.name for p in out.iterdir()) == ["ban-sao-2.pdf"]
    assert (out / "ban-sao-2.pdf").read_bytes() == copies[1].pdf
    (saved,) = acts(vault, Action.EXTRACT_SAVE)
    assert (saved.target, saved.details["file"]) == (copies[1].serial, "ban-sao-2.pdf")
    click(qtbot, find("issuedCloseButton", QPushButton))
    assert find("issuedCopiesDialog") is None


def test_a_failed_print_says_to_record_the_copy_spoiled(
    app_open: AppController, qtbot: QtBot, find: Any, prompter: ScriptedPrompter
) -> None:
    vault = vault_of(app_open)
    add_approval(vault, copies=1)
    app_open.extracts.printer = FakePrinter(fail=True)
    dialog = run_wizard(app_open, qtbot, find, copies=1)
    serial = dialog.copies[0].serial
    prompter.confirms.append(True)  # "record it as spoiled now?"
    click(qtbot, find("issuedPrintButton", QPushButton))
    assert prompter.texts("confirm")[-1] == t(
        "ui.extract.print_failed", serial=grouped(serial), reason="kẹt giấy"
    )
    assert acts(vault, Action.EXTRACT_PRINT) == []
    assert CopyRegister(vault).get(serial).row.status == "spoiled"


# -- the menu and the lock -------------------------------------------------------------------------
def test_every_extract_action_has_its_own_shortcut_in_the_extracts_menu(app_open: AppController) -> None:
    registry = app_open.main_window.registry
    new = (
        ActionId.READERS,
        ActionId.PRINT_EXTRACT,
        ActionId.COPY_REGISTER,
        ActionId.READING_REGISTER,
        ActionId.TRACE,
    )
    shortcuts = [registry[a].shortcut().toString() for a in ActionId]
    assert all(shortcuts)
    assert len(set(shortcuts)) == len(shortcuts)
    assert registry[ActionId.PRINT_EXTRACT].shortcut().toString() == "Ctrl+P"
    menu = app_open.main_window.menuBar().findChild(QMenu, "menu_extracts")
    assert menu is not None
    assert [a.objectName() for a in menu.actions() if not a.isSeparator()] == [
        f"action_{a.value}" for a in new
    ]
    assert all(SPECS[a].menu is MenuId.EXTRACTS for a in new)
    assert menu.title() == t("ui.menu.extracts")
    assert all(registry[a].isEnabled() for a in new)


def test_every_extract_window_closes_at_lock(
    app_open: AppController, qtbot: QtBot, find: Any, prompter: ScriptedPrompter
) -> None:
    vault = vault_of(app_open)
    add_approval(vault, copies=1)
    app_open.extracts.printer = FakePrinter()
    assert run_wizard(app_open, qtbot, find, copies=1) is not None
    for action in (
        ActionId.READERS,
        ActionId.PRINT_EXTRACT,
        ActionId.COPY_REGISTER,
        ActionId.READING_REGISTER,
    ):
        trigger(app_open, action)
    names = (
        "readersWindow",
        "printWizard",
        "copyRegisterWindow",
        "readingRegisterWindow",
        "issuedCopiesDialog",
    )
    assert all(find(name) is not None for name in names)
    prompter.confirms.append(False)  # no checkpoint slip
    trigger(app_open, ActionId.LOCK)
    assert app_open.vault is None
    assert [name for name in names if find(name) is not None] == []
    assert app_open.main_window.vault_windows() == []
    assert not app_open.main_window.registry[ActionId.PRINT_EXTRACT].isEnabled()


def _start_issue(ctl: AppController, qtbot: QtBot, find: Any, copies: int) -> Any:
    trigger(ctl, ActionId.PRINT_EXTRACT)
    wizard = find("printWizard")
    for _ in range(4):
        click(qtbot, wizard.button(QWizard.WizardButton.NextButton))
    find("copiesSpin").setValue(copies)
    click(qtbot, find("issueButton", QPushButton))
    assert wizard.running()
    return wizard


def test_cancel_while_building_issues_nothing(app_open: AppController, qtbot: QtBot, find: Any) -> None:
    vault = vault_of(app_open)
    add_approval(vault, copies=6)
    wizard = _start_issue(app_open, qtbot, find, copies=6)
    click(qtbot, find("busyCancelButton", QPushButton))
    qtbot.waitUntil(lambda: not wizard.running(), timeout=60_000)
    assert CopyRegister(vault).find() == []
    assert acts(vault, Action.EXTRACT_ISSUE) == []
    assert find("issuedCopiesDialog") is None
    assert find("issueButton").isEnabled()  # the officer may try again


def test_a_lock_while_building_stops_the_work_first(
    app_open: AppController, qtbot: QtBot, find: Any, prompter: ScriptedPrompter, filled: VaultHandle
) -> None:
    vault = vault_of(app_open)
    add_approval(vault, copies=6)
    _start_issue(app_open, qtbot, find, copies=6)
    prompter.confirms.append(False)
    trigger(app_open, ActionId.LOCK)
    assert app_open.vault is None
    assert not vault.is_open
    assert find("printWizard") is None
    assert find("issuedCopiesDialog") is None
    again = filled.unlock()
    try:
        assert CopyRegister(again).find() == []
    finally:
        again.lock()


def test_the_extract_windows_follow_the_language(app_open: AppController, find: Any) -> None:
    for action in (ActionId.READERS, ActionId.COPY_REGISTER, ActionId.READING_REGISTER):
        trigger(app_open, action)
    trigger(app_open, ActionId.LANGUAGE)
    assert find("readersWindow").windowTitle() == t("ui.extract.readers_title", lang="en")
    assert find("copyRegisterWindow").windowTitle() == "Copy register"
    assert find("readingRegisterWindow").model.headerData(0, Qt.Orientation.Horizontal) == "Reader"


def test_the_wizard_runs_from_the_keyboard(app_open: AppController, qtbot: QtBot, find: Any) -> None:
    vault = vault_of(app_open)
    add_approval(vault, copies=1)
    trigger(app_open, ActionId.PRINT_EXTRACT)
    wizard = find("printWizard")
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard)
    pages = [wizard.approval_page, wizard.dossier_page, wizard.sections_page, wizard.layout_page]
    for page in pages:
        assert wizard.currentPage() is page
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert wizard.currentPage() is wizard.copies_page
    assert QApplication.focusWidget() is find("copiesSpin")
    qtbot.keyClick(find("copiesSpin"), Qt.Key.Key_Return)  # "Cấp bản sao"
    qtbot.waitUntil(lambda: find("issuedCopiesDialog") is not None, timeout=60_000)
    assert len(CopyRegister(vault).find()) == 1
