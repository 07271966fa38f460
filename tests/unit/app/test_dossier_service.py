"""DossierService: saving with per-field history, reading masked / revealed / as of a date,
restricted values sealed and bound to their place, and the audit entries of each act."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from app.clock import ManualClock
from app.dossier import document, sealing
from app.dossier.service import DossierService
from app.errors import InvalidInput, NotFound
from app.vault.session import Vault
from crypto import DecryptionFailed

PID = "001080012345"
PHONE = "0912 345 678"
FATHER = "Nguyễn Văn Bình Canary"

DOC: dict[str, Any] = {
    "identity": {
        "personal_id": PID,
        "full_name": "Nguyễn Văn An",
        "sex": "nam",
        "birth_date": "1975-03-02",
        "ethnicity": "kinh",
        "phone": PHONE,
    },
    "career": {"party_join_date": "1999-05-19", "party_official_date": "2000-05-19"},
    "position": {
        "management_tier": "btv_tinh",
        "current_post": "Phó Giám đốc Sở Nội vụ",
        "employing_unit": "Sở Nội vụ tỉnh Thái Nguyên",
    },
    "family": [{"side": "ban_than", "relation": "bố", "full_name": FATHER, "birth_year": 1948}],
    "health": {"blood_type": "o"},
}


@pytest.fixture
def svc(opened: Vault) -> DossierService:
    return DossierService(opened)


def actions(vault: Vault) -> list[str]:
    return [r.action for r in vault.audit.repo.all()]


def test_create_masks_restricted_values_and_audits_the_view(svc: DossierService, opened: Vault) -> None:
    saved = svc.save(copy.deepcopy(DOC))
    assert saved.created
    shown = svc.get(saved.id)
    assert shown.data["identity"]["full_name"] == "Nguyễn Văn An"
    assert shown.data["identity"]["personal_id"] == document.MASK
    assert shown.data["identity"]["phone"] == document.MASK
    assert shown.data["family"] == document.MASK
    assert shown.data["health"]["blood_type"] == document.MASK
    assert actions(opened)[-2:] == ["dossier.create", "dossier.view"]
    revealed = svc.get(saved.id, reveal=True)
    assert revealed.data == document.build(document.values(DOC))
    assert actions(opened)[-1] == "dossier.reveal"
    reveal_entry = opened.audit.repo.head()
    assert reveal_entry is not None
    assert "identity.personal_id" in json.loads(reveal_entry.details)["paths"]


def test_restricted_values_never_stored_in_clear(svc: DossierService, opened: Vault) -> None:
    saved = svc.save(copy.deepcopy(DOC))
    svc.save(
        {**copy.deepcopy(DOC), "identity": {**DOC["identity"], "phone": "0999 000 111"}}, dossier_id=saved.id
    )
    plain_tables = {
        "dossiers": "SELECT * FROM dossiers",
        "dossier_changes": "SELECT * FROM dossier_changes",
        "audit_log": "SELECT * FROM audit_log",
    }
    for name, sql in plain_tables.items():
        dump = repr(opened.db.execute(sql))
        for secret in (PID, PHONE, "0999 000 111", FATHER):
            assert secret not in dump, (name, secret)
    vocab = opened.db.execute("SELECT 1 FROM dossier_fts WHERE dossier_fts MATCH ?", ('"canary"',))
    assert vocab == []  # the father's name (restricted) is not in the search index
    assert opened.db.execute("SELECT rowid FROM dossier_fts WHERE dossier_fts MATCH 'names: an'") == [
        (saved.id,)
    ]


def test_ciphertext_is_bound_to_dossier_path_and_version(svc: DossierService, opened: Vault) -> None:
    first = svc.save(copy.deepcopy(DOC))
    other = copy.deepcopy(DOC)
    other["identity"]["personal_id"] = "001080099999"
    second = svc.save(other)
    key = opened.keys.field_key()
    blob = svc.repo.secrets(first.id)["identity.phone"].ciphertext
    assert sealing.open_value(key, first.id, "identity.phone", 1, blob) == PHONE
    for dossier_id, path, version in [
        (second.id, "identity.phone", 1),
        (first.id, "identity.current_address", 1),
        (first.id, "identity.phone", 2),
    ]:
        with pytest.raises(DecryptionFailed):
            sealing.open_value(key, dossier_id, path, version, blob)


def test_update_records_each_field_with_basis_and_as_of_rewinds(
    svc: DossierService, opened: Vault, clock: ManualClock
) -> None:
    saved = svc.save(copy.deepcopy(DOC))  # 2026-01-01
    clock.advance(40 * 86400)  # 2026-02-10
    changed = copy.deepcopy(DOC)
    changed["identity"]["full_name"] = "Nguyễn Văn Ân"
    changed["identity"]["phone"] = "0999 000 111"
    changed["position"]["current_post"] = "Giám đốc Sở Nội vụ"
    del changed["health"]
    result = svc.save(changed, dossier_id=saved.id, basis="Quyết định số 125-QĐ/TU", source="editor")
    assert set(result.changed) == {
        "identity.full_name",
        "identity.phone",
        "position.current_post",
        "health.blood_type",
    }
    audit = opened.audit.repo.head()
    assert audit is not None
    assert audit.action == "dossier.change"
    assert "0999" not in audit.details
    assert sorted(json.loads(audit.details)["fields"]) == sorted(result.changed)

    history = svc.history(saved.id)
    by_path = {c.path: c for c in history}
    assert history[0].path == "*"
    assert by_path["identity.full_name"].old == "Nguyễn Văn An"
    assert by_path["identity.full_name"].basis == "Quyết định số 125-QĐ/TU"
    assert by_path["identity.phone"].old == document.MASK  # restricted history stays masked
    revealed = {c.path: c for c in svc.history(saved.id, reveal=True)}
    assert (revealed["identity.phone"].old, revealed["identity.phone"].new) == (PHONE, "0999 000 111")

    then = svc.get(saved.id, as_of="2026-01-15", reveal=True).data
    assert then == document.build(document.values(DOC))
    now = svc.get(saved.id, as_of="2026-02-10", reveal=True).data
    assert now["identity"]["full_name"] == "Nguyễn Văn Ân"
    assert "health" not in now
    with pytest.raises(NotFound, match="chưa được tạo"):
        svc.get(saved.id, as_of="2025-12-31")
    with pytest.raises(InvalidInput):
        svc.get(saved.id, as_of="hôm qua")


def test_saving_the_same_document_changes_nothing(svc: DossierService, opened: Vault) -> None:
    saved = svc.save(copy.deepcopy(DOC))
    before = len(actions(opened))
    again = svc.save(copy.deepcopy(DOC), dossier_id=saved.id)
    assert again.changed == ()
    assert len(actions(opened)) == before
    assert svc.repo.get(saved.id).version == 1  # type: ignore[union-attr]


def test_stale_version_is_refused(svc: DossierService) -> None:
    saved = svc.save(copy.deepcopy(DOC))
    changed = copy.deepcopy(DOC)
    changed["position"]["current_post"] = "Giám đốc"
    svc.save(changed, dossier_id=saved.id, expected_version=1)
    changed["position"]["current_post"] = "Chủ tịch"
    with pytest.raises(InvalidInput, match="vừa được thay đổi"):
        svc.save(changed, dossier_id=saved.id, expected_version=1)


def test_save_many_finds_existing_people_by_personal_id(svc: DossierService, opened: Vault) -> None:
    first = svc.save(copy.deepcopy(DOC))
    other = copy.deepcopy(DOC)
    other["identity"]["personal_id"] = "001080099999"
    update = copy.deepcopy(DOC)
    update["position"]["current_post"] = "Giám đốc Sở Nội vụ"
    results = svc.save_many([other, update], source="import:test.json")
    assert [(r.created, r.id == first.id) for r in results] == [(True, False), (False, True)]
    assert svc.find(PID) == first.id
    assert svc.find("001080099999") == results[0].id
    assert svc.find("009999999999") is None
    assert actions(opened)[-1] == "dossier.import"
    assert svc.history(first.id)[-1].source == "import:test.json"


def test_save_many_is_all_or_nothing(svc: DossierService, opened: Vault) -> None:
    count = svc.repo.count()
    broken = copy.deepcopy(DOC)
    del broken["identity"]["personal_id"]
    with pytest.raises(InvalidInput):
        svc.save_many([copy.deepcopy(DOC), broken], source="import:x")
    assert svc.repo.count() == count


def test_reading_an_unknown_dossier(svc: DossierService) -> None:
    with pytest.raises(NotFound, match="Không có hồ sơ số 99"):
        svc.get(99)


def test_the_spec_example_passes_structure_and_is_saved() -> None:
    """spec/dossier.md §9 verbatim: "to": "" means still ongoing and is simply absent."""
    from app.dossier import structure

    example = {
        "identity": {"personal_id": "001080012345", "full_name": "Nguyễn Văn An", "sex": "nam",
                     "birth_date": "1975-03-02", "ethnicity": "kinh", "religion": "khong",
                     "home_town": {"commune": "Phú Xuyên", "district": "Đại Từ", "province": "Thái Nguyên"}},
        "career": {"party_join_date": "1999-05-19", "party_official_date": "2000-05-19"},
        "position": {"management_tier": "btv_tinh", "current_post": "Phó Giám đốc Sở Nội vụ"},
        "qualifications": {"highest_degree": "thac_si", "political_theory": "cao_cap"},
        "training": [{"kind": "chuyen_mon", "from": "1993-09", "to": "1997-06",
                      "institution": "Đại học Thái Nguyên", "major": "Kinh tế", "mode": "chính quy",
                      "credential": "Cử nhân"}],
        "work_history": [{"from": "1997-08", "to": "", "unit": "Sở Nội vụ tỉnh Thái Nguyên",
                          "title": "Chuyên viên"}],
        "family": [{"side": "ban_than", "relation": "bố", "full_name": "Nguyễn Văn Bình",
                    "birth_year": 1948, "details": "Nông dân, Đại Từ"}],
    }  # fmt: skip
    normalised, problems = structure.check(example)
    assert problems == []
    assert normalised["work_history"] == [{"from": "1997-08", "unit": "Sở Nội vụ tỉnh Thái Nguyên",
                                           "title": "Chuyên viên"}]  # fmt: skip


def test_row_numbers_skip_empty_rows() -> None:
    from app.dossier import structure

    doc = copy.deepcopy(DOC)
    doc["work_history"] = [{}, {"from": "2001", "unit": "A"}, {"from": "không rõ", "unit": "B"}]
    _, problems = structure.check(doc)
    assert [p.path for p in problems] == ["work_history[2].from"]


def test_structure_messages_never_quote_restricted_values() -> None:
    from app.dossier import structure

    doc = copy.deepcopy(DOC)
    doc["identity"]["id_issue_date"] = "1888-99-77"
    doc["family"][0]["birth_year"] = 1777
    doc["health"]["blood_type"] = "xyz-canary"
    doc["position"]["status"] = "abc-visible"
    _, problems = structure.check(doc)
    text = " ".join(p.message("vi") + p.message("en") for p in problems)
    paths = {"identity.id_issue_date", "family[1].birth_year", "health.blood_type", "position.status"}
    assert {p.path for p in problems} == paths
    for secret in ("1888-99-77", "1777", "xyz-canary"):
        assert secret not in text
    assert "abc-visible" in text  # a normal value is quoted, so the officer can find it


def test_masked_values_of_any_kind_are_named_as_masked() -> None:
    from app.dossier import structure

    doc = document.masked(copy.deepcopy(DOC))
    _, problems = structure.check(doc)
    assert {p.key for p in problems} == {"dossier.bad.masked"}
    assert {p.path for p in problems} == {
        "identity.personal_id",
        "identity.phone",
        "family",
        "health.blood_type",
    }


def test_save_many_refuses_two_records_for_one_person(svc: DossierService) -> None:
    with pytest.raises(InvalidInput, match="Bản ghi thứ 2 trùng"):
        svc.save_many([copy.deepcopy(DOC), copy.deepcopy(DOC)], source="import:x")
    assert svc.repo.count() == 0
