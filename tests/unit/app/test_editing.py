"""The editor's drafts: edits over a stored (masked) dossier, validation without quoting
restricted values, corrections that need a basis, and the save."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from app.audit.query import AuditFilter, entries
from app.dossier import document, editing
from app.dossier.service import DossierService
from app.dossier.synthetic import generate
from app.errors import InvalidInput
from app.vault.session import Vault


def _stored(opened: Vault) -> tuple[DossierService, int, dict[str, Any]]:
    service = DossierService(opened)
    doc = next(iter(generate(1, seed=7)))
    document.put(doc, "identity.staff_code", None)  # left empty, for the officer to fill
    saved = service.save(doc)
    return service, saved.id, doc


def test_a_new_draft_is_created_from_the_officers_values(opened: Vault) -> None:
    service = DossierService(opened)
    doc = next(iter(generate(1, seed=3)))
    draft = editing.new_draft("toi_mat")
    for path, value in document.values(doc).items():
        draft.edit(path, value)
    saved = editing.commit(service, draft)
    assert saved.created
    stored = service.get(saved.id, reveal=True, audit=False)
    assert stored.secrecy == "toi_mat"
    assert document.values(stored.data) == document.values(doc)


def test_an_opened_draft_is_masked_and_clean(opened: Vault) -> None:
    service, dossier_id, _ = _stored(opened)
    draft = editing.open_draft(service, dossier_id)
    assert draft.value("identity.personal_id") == document.MASK
    assert not draft.dirty
    draft.edit("identity.other_names", draft.value("identity.other_names"))
    assert not draft.dirty


def test_filling_an_empty_field_needs_no_basis_but_changing_a_recorded_one_does(opened: Vault) -> None:
    service, dossier_id, _doc = _stored(opened)
    draft = editing.open_draft(service, dossier_id)
    draft.edit("identity.staff_code", "CB-0001")
    assert draft.dirty
    assert editing.corrections(draft) == []
    draft.edit("identity.full_name", "Nguyễn Văn Đính Chính")
    assert "identity.full_name" in editing.corrections(draft)
    with pytest.raises(InvalidInput) as refused:
        editing.commit(service, draft)
    assert refused.value.key == "editor.basis_required"
    assert service.get(dossier_id, audit=False).version == 1  # nothing was written
    editing.commit(service, draft, basis="QĐ số 12-QĐ/TU ngày 02/03/2026")
    changes = {c.path: c for c in service.history(dossier_id)}
    assert changes["identity.full_name"].basis == "QĐ số 12-QĐ/TU ngày 02/03/2026"
    assert changes["identity.full_name"].source == "editor"


def test_a_restricted_edit_while_masked_keeps_the_other_restricted_values(opened: Vault) -> None:
    service, dossier_id, doc = _stored(opened)
    draft = editing.open_draft(service, dossier_id)
    draft.edit("identity.phone", "0912 345 678")
    editing.commit(service, draft, basis="Đơn đề nghị ngày 01/11/2026")
    revealed = service.get(dossier_id, reveal=True, audit=False).data
    assert document.get(revealed, "identity.phone") == "0912 345 678"
    assert document.get(revealed, "identity.personal_id") == document.get(doc, "identity.personal_id")
    assert revealed.get("family") == doc.get("family")


def test_adding_a_row_is_not_a_correction_but_altering_one_is(opened: Vault) -> None:
    service, dossier_id, _doc = _stored(opened)
    draft = editing.open_draft(service, dossier_id)
    rows = copy.deepcopy(draft.value("work_history"))
    draft.edit(
        "work_history", [*rows, {"from": "2026-01", "unit": "Ban Tổ chức Tỉnh ủy", "title": "Chuyên viên"}]
    )
    assert editing.corrections(draft) == []
    draft.edit("work_history", list(reversed(rows)))
    assert editing.corrections(draft) == []
    altered = copy.deepcopy(rows)
    altered[0]["title"] = "Trưởng phòng"
    draft.edit("work_history", altered)
    assert editing.corrections(draft) == ["work_history"]


def test_problems_never_quote_a_restricted_value(opened: Vault) -> None:
    service, dossier_id, _ = _stored(opened)
    draft = editing.open_draft(service, dossier_id)
    draft.edit("identity.id_issue_date", "31-02-1999 bí mật")
    result = editing.check(service, draft)
    assert not result.ok
    shown = " ".join(p.message() for p in result.errors)
    assert "bí mật" not in shown
    with pytest.raises(InvalidInput) as refused:
        editing.commit(service, draft, basis="x")
    assert refused.value.key == "editor.invalid"


def test_a_stale_draft_is_refused(opened: Vault) -> None:
    service, dossier_id, _ = _stored(opened)
    first, second = editing.open_draft(service, dossier_id), editing.open_draft(service, dossier_id)
    first.edit("identity.other_names", "Hai")
    editing.commit(service, first, basis="QĐ 1")
    second.edit("identity.other_names", "Ba")
    with pytest.raises(InvalidInput) as refused:
        editing.commit(service, second, basis="QĐ 2")
    assert refused.value.key == "dossier.stale"


def test_reveal_and_remask_keep_edits_comparable(opened: Vault) -> None:
    service, dossier_id, doc = _stored(opened)
    draft = editing.open_draft(service, dossier_id)
    draft.reveal(service.reveal(dossier_id, ["identity.phone"]))
    draft.edit("identity.phone", document.get(doc, "identity.phone"))
    assert not draft.dirty
    assert "identity.phone" in draft.remask()
    assert draft.value("identity.phone") == document.MASK
    reveals = entries(opened, AuditFilter(action="dossier.reveal"))
    assert [e.target for e in reveals] == [str(dossier_id)]


def test_a_bad_basis_is_refused_in_the_editors_words(opened: Vault) -> None:
    service, dossier_id, _ = _stored(opened)
    draft = editing.open_draft(service, dossier_id)
    draft.edit("identity.full_name", "Lê Thị Mới")
    with pytest.raises(InvalidInput) as refused:
        editing.commit(service, draft, basis="dòng một\ndòng hai")
    assert refused.value.key == "editor.bad_basis"
