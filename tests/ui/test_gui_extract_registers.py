"""Issue 6 in the desktop app, continued: refusals through the print wizard (an expired approval,
a revoked one, copies beyond the allowance) shown with their exact message and nothing issued;
the reading register (a session opened and closed, a refused one, the register printed and saved,
audited); the copy register (events limited to what the status allows, a destruction with its
record, the register printed)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from app.audit.actions import Action
from app.datefmt import partial_date
from app.errors import PolicyRefusal
from app.extract.approvals import Approvals
from app.extract.reading import ReadingRegister
from app.extract.register import NEXT, CopyRegister
from app.extract.serials import grouped
from app.i18n import t
from tests.ui import test_gui_extract as base
from tests.ui.test_gui_extract import (
    FakePrinter,
    acts,
    add_approval,
    click,
    dossier_ids,
    run_wizard,
    trigger,
    vault_of,
)
from ui.actions import ActionId
from ui.controller import AppController
from ui.prompter import ScriptedPrompter

DAY = 24 * 3600
filled, app_open = base.filled, base.app_open  # the fixtures of the first part


# -- refusals through the wizard -----------------------------------------------------------------------
def test_an_expired_approval_is_refused_with_its_exact_message(
    app_open: AppController, qtbot: QtBot, find: Any, prompter: ScriptedPrompter, clock: Any
) -> None:
    vault = vault_of(app_open)
    add_approval(vault, copies=2, until="15/01/2026")
    clock.advance(20 * DAY)  # 21/01/2026: past valid_until
    assert run_wizard(app_open, qtbot, find, copies=1) is None
    expected = PolicyRefusal(
        "extract.refused.expired", decision="125-QĐ/TU", until=partial_date("2026-01-15")
    )
    assert prompter.texts("error")[-1] == expected.message()
    assert find("printWizard") is not None  # the wizard stays, nothing issued
    assert CopyRegister(vault).find() == []
    assert acts(vault, Action.EXTRACT_ISSUE) == []
    (refused,) = acts(vault, Action.APPROVAL_REFUSED)
    assert refused.details["reason"] == "extract.refused.expired"
    assert find("printWizard").approval_page.model.shown(0)["state"] == t("cli.state.expired")


def test_a_revoked_approval_is_refused_with_its_exact_message(
    app_open: AppController, qtbot: QtBot, find: Any, prompter: ScriptedPrompter
) -> None:
    vault = vault_of(app_open)
    approval_id = add_approval(vault, copies=2)
    trigger(app_open, ActionId.READERS)
    prompter.texts_typed.append("Sai đối tượng")
    click(qtbot, find("approvalRevokeButton", QPushButton))
    find("readersWindow").close()
    assert run_wizard(app_open, qtbot, find, copies=1) is None
    revoked_at = str(Approvals(vault).get(approval_id).row.revoked_at)[:10]
    expected = PolicyRefusal("extract.refused.revoked", decision="125-QĐ/TU", at=partial_date(revoked_at))
    assert prompter.texts("error")[-1] == expected.message()
    assert CopyRegister(vault).find() == []
    assert acts(vault, Action.EXTRACT_ISSUE) == []


def test_copies_beyond_the_allowance_are_refused(
    app_open: AppController, qtbot: QtBot, find: Any, prompter: ScriptedPrompter
) -> None:
    vault = vault_of(app_open)
    add_approval(vault, copies=2)
    dialog = run_wizard(app_open, qtbot, find, copies=2)
    assert dialog is not None
    dialog.close()
    assert run_wizard(app_open, qtbot, find, copies=1) is None
    assert find("wizardRemaining").text() == t("ui.extract.wizard.none_left", allowed=2, issued=2, left=0)
    expected = PolicyRefusal("extract.refused.copies", allowed=2, issued=2, wanted=1)
    assert prompter.texts("error")[-1] == expected.message()
    assert len(CopyRegister(vault).find()) == 2
    assert len(acts(vault, Action.EXTRACT_ISSUE)) == 2


def test_the_copies_spin_box_stops_at_what_remains(app_open: AppController, qtbot: QtBot, find: Any) -> None:
    vault = vault_of(app_open)
    add_approval(vault, copies=3)
    assert run_wizard(app_open, qtbot, find, copies=1) is not None
    find("issuedCopiesDialog").close()
    trigger(app_open, ActionId.PRINT_EXTRACT)
    wizard = find("printWizard")
    for _ in range(4):
        wizard.next()
    assert find("copiesSpin").maximum() == 2
    assert find("wizardRemaining").text() == t("ui.extract.wizard.remaining", allowed=3, issued=1, left=2)


# -- the reading register ------------------------------------------------------------------------------
def test_open_and_close_a_reading_session_and_print_the_register(
    app_open: AppController, qtbot: QtBot, find: Any, prompter: ScriptedPrompter, tmp_path: Path
) -> None:
    vault = vault_of(app_open)
    first, second = dossier_ids(vault)[:2]
    add_approval(
        vault, copies=0, form="doc_tai_cho", dossiers=(first, second), sections=("identity", "family")
    )
    trigger(app_open, ActionId.READING_REGISTER)
    window = find("readingRegisterWindow")
    assert not find("readingCloseButton").isEnabled()
    click(qtbot, find("readingOpenButton", QPushButton))
    dialog = find("readingDialog")
    dialog.dossiers.item(1).setCheckState(
        dialog.dossiers.item(1).checkState().Unchecked
    )  # read only the first
    dialog.sections.box("family").setChecked(False)
    find("readingRemarksEdit").setPlainText("Đọc tại phòng hồ sơ")
    click(qtbot, find("readingOkButton", QPushButton))
    assert find("readingDialog") is None
    (reading,) = ReadingRegister(vault).find()
    assert reading.is_open
    assert (reading.row.dossiers, reading.row.sections) == ((first,), ("identity",))
    assert window.model.shown(0)["time_out"] == t("ui.extract.reading_now")

    # A second session for the same reader is refused by name; nothing opened.
    click(qtbot, find("readingOpenButton", QPushButton))
    click(qtbot, find("readingOkButton", QPushButton))
    assert prompter.texts("error")[-1] == t("extract.reading_already_open")
    find("readingDialog").reject()
    assert len(ReadingRegister(vault).find()) == 1

    prompter.texts_typed.append("Không sao chụp, trả hồ sơ đầy đủ")
    click(qtbot, find("readingCloseButton", QPushButton))
    closed = ReadingRegister(vault).get(reading.row.id)
    assert not closed.is_open
    assert closed.row.remarks == "Đọc tại phòng hồ sơ\nKhông sao chụp, trả hồ sơ đầy đủ"
    assert not find("readingCloseButton").isEnabled()
    assert len(acts(vault, Action.READING_OPEN)) == 1
    assert len(acts(vault, Action.READING_CLOSE)) == 1

    click(qtbot, find("readingPrintButton", QPushButton))
    qtbot.waitUntil(lambda: find("registerPreview") is not None, timeout=30_000)
    preview = find("registerPreview")
    qtbot.waitUntil(lambda: preview.page_count() > 0)
    prompter.paths.append(tmp_path / "so-khai-thac.pdf")
    click(qtbot, find("pdfSaveButton", QPushButton))
    assert (tmp_path / "so-khai-thac.pdf").read_bytes().startswith(b"%PDF")
    (printed,) = acts(vault, Action.REGISTER_PRINT)
    assert (printed.target, printed.details["file"]) == ("reading", "so-khai-thac.pdf")


def test_an_approval_for_printed_copies_opens_no_reading_session(
    app_open: AppController, qtbot: QtBot, find: Any, prompter: ScriptedPrompter
) -> None:
    add_approval(vault_of(app_open), copies=1)
    trigger(app_open, ActionId.READING_REGISTER)
    click(qtbot, find("readingOpenButton", QPushButton))
    assert find("readingApprovalCombo").count() == 0  # only approvals for reading on site are offered
    click(qtbot, find("readingOkButton", QPushButton))
    assert prompter.texts("error")[-1] == t("ui.extract.reading_no_approval")
    assert ReadingRegister(vault_of(app_open)).find() == []


# -- the copy register ------------------------------------------------------------------------------
def test_mark_a_copy_delivered_then_destroyed_with_its_record(
    app_open: AppController, qtbot: QtBot, find: Any, prompter: ScriptedPrompter
) -> None:
    vault = vault_of(app_open)
    add_approval(vault, copies=1)
    assert run_wizard(app_open, qtbot, find, copies=1) is not None
    find("issuedCopiesDialog").close()
    trigger(app_open, ActionId.COPY_REGISTER)
    window = find("copyRegisterWindow")
    (entry,) = CopyRegister(vault).find()
    shown = window.model.shown(0)
    assert shown["copy"] == "1/1"
    assert shown["status"] == t("cli.status.issued")
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", shown["issued"])
    assert shown["serial"] == grouped(entry.row.serial)
    enabled = {e for e, b in window.event_buttons.items() if b.isEnabled()}
    assert enabled == set(NEXT["issued"])

    prompter.texts_typed.append("Giao tận tay bà Bình")
    click(qtbot, find("copyEvent_delivered", QPushButton))
    assert CopyRegister(vault).get(entry.row.serial).row.status == "delivered"
    assert {e for e, b in window.event_buttons.items() if b.isEnabled()} == set(NEXT["delivered"])

    prompter.texts_typed.append("")  # a destruction without its record is refused
    click(qtbot, find("copyEvent_destroyed", QPushButton))
    assert prompter.texts("error")[-1] == t("extract.destroy_needs_record")
    assert CopyRegister(vault).get(entry.row.serial).row.status == "delivered"
    prompter.texts_typed.append("Biên bản số 03/BB-TC ngày 20/01/2026")
    click(qtbot, find("copyEvent_destroyed", QPushButton))
    marked = CopyRegister(vault).get(entry.row.serial)
    assert marked.row.status == "destroyed"
    assert marked.events[-1].note == "Biên bản số 03/BB-TC ngày 20/01/2026"
    assert window.model.shown(0)["status"] == t("cli.status.destroyed")
    assert not any(b.isEnabled() for b in window.event_buttons.values())
    assert len(acts(vault, Action.COPY_EVENT)) == 2

    click(qtbot, find("copyPrintButton", QPushButton))
    qtbot.waitUntil(lambda: find("registerPreview") is not None, timeout=30_000)
    preview = find("registerPreview")
    qtbot.waitUntil(lambda: preview.page_count() > 0)
    printer = preview._copy_printer = FakePrinter()
    click(qtbot, find("pdfPrintButton", QPushButton))
    assert printer.pages == [preview.page_count()]
    (printed,) = acts(vault, Action.REGISTER_PRINT)
    assert printed.target == "copies"
    assert "printer" in printed.details


def test_the_register_filters_by_approval_and_dossier(
    app_open: AppController, qtbot: QtBot, find: Any
) -> None:
    vault = vault_of(app_open)
    first, second = dossier_ids(vault)[:2]
    add_approval(vault, copies=1, dossiers=(first,), decision="1-QĐ/TU")
    assert run_wizard(app_open, qtbot, find, copies=1) is not None
    find("issuedCopiesDialog").close()
    add_approval(vault, copies=1, dossiers=(second,), decision="2-QĐ/TU")
    assert run_wizard(app_open, qtbot, find, copies=1) is not None  # the newest valid approval first
    find("issuedCopiesDialog").close()
    trigger(app_open, ActionId.COPY_REGISTER)
    window = find("copyRegisterWindow")
    assert window.model.rowCount() == 2
    combo = find("copyDossierFilter")
    combo.setCurrentIndex(combo.findData(first))
    combo.activated.emit(combo.currentIndex())
    assert [e.row.dossier_id for e in window.model.rows()] == [first]
    assert find("copyCount").text() == t("ui.extract.copy_count", n=1)
