"""``hoso show``, ``history`` and ``policy`` as real subprocesses."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable

from app.dossier.service import DossierService
from crypto.kdf import FLOOR
from tests.conftest import Ran, VaultHandle
from tests.unit.app.test_dossier_service import DOC, PHONE, PID


def _vault_with_dossier(make_vault: Callable[..., VaultHandle]) -> tuple[VaultHandle, int]:
    handle = make_vault(kdf=FLOOR)
    vault = handle.unlock()
    try:
        service = DossierService(vault)
        saved = service.save(copy.deepcopy(DOC))
        handle.clock.advance(10 * 86400)
        changed = copy.deepcopy(DOC)
        changed["position"]["current_post"] = "Giám đốc Sở Nội vụ"
        service.save(changed, dossier_id=saved.id, basis="QĐ 7-QĐ/TU")
    finally:
        vault.lock()
    return handle, saved.id


def test_show_masks_unless_revealed_and_rewinds(
    hoso: Callable[..., Ran], make_vault: Callable[..., VaultHandle]
) -> None:
    handle, dossier_id = _vault_with_dossier(make_vault)
    secret = handle.passphrase + "\n"
    ran = hoso("show", handle.path, str(dossier_id), "--json", stdin=secret)
    assert ran.code == 0, ran.err
    assert PID not in ran.out
    assert PHONE not in ran.out
    data = json.loads(ran.out)
    assert data["identity"]["personal_id"] == "••••••"
    assert data["position"]["current_post"] == "Giám đốc Sở Nội vụ"

    ran = hoso("show", handle.path, str(dossier_id), "--json", "--reveal", stdin=secret)
    assert json.loads(ran.out)["identity"]["personal_id"] == PID

    ran = hoso("show", handle.path, str(dossier_id), "--json", "--as-of", "2026-01-05", stdin=secret)
    assert json.loads(ran.out)["position"]["current_post"] == "Phó Giám đốc Sở Nội vụ"

    ran = hoso("show", handle.path, "999", stdin=secret)
    assert ran.code == 1
    assert ran.err.strip() == "hoso: Không có hồ sơ số 999."

    ran = hoso("show", handle.path, "abc", stdin=secret)
    assert ran.code == 2


def test_history_lists_changes_with_basis(
    hoso: Callable[..., Ran], make_vault: Callable[..., VaultHandle]
) -> None:
    handle, dossier_id = _vault_with_dossier(make_vault)
    ran = hoso("history", handle.path, str(dossier_id), "--json", stdin=handle.passphrase + "\n")
    assert ran.code == 0, ran.err
    changes = json.loads(ran.out)
    assert [c["path"] for c in changes] == ["*", "position.current_post"]
    assert changes[1]["basis"] == "QĐ 7-QĐ/TU"
    assert changes[1]["old"] == "Phó Giám đốc Sở Nội vụ"


def test_policy_sets_fields_not_kept(
    hoso: Callable[..., Ran], make_vault: Callable[..., VaultHandle]
) -> None:
    handle = make_vault(kdf=FLOOR)
    secret = handle.passphrase + "\n"
    ran = hoso("policy", handle.path, "--not-kept", "identity.religion,economy", "--json", stdin=secret)
    assert ran.code == 0, ran.err
    assert json.loads(ran.out) == {"not_kept": ["economy", "identity.religion"]}
    ran = hoso("policy", handle.path, "--not-kept", "identity.nope", stdin=secret)
    assert ran.code == 1
    assert "identity.nope" in ran.err


def test_completeness_lists_the_neediest_first(
    hoso: Callable[..., Ran], make_vault: Callable[..., VaultHandle]
) -> None:
    handle = make_vault(kdf=FLOOR)
    vault = handle.unlock()
    try:
        service = DossierService(vault)
        thin = service.save(copy.deepcopy(DOC)).id
        fuller = copy.deepcopy(DOC)
        fuller["identity"]["personal_id"] = "001080099999"
        fuller["identity"].update({"religion": "khong", "birth_place": {"province": "Thái Nguyên"}})
        fuller["qualifications"] = {"highest_degree": "thac_si", "political_theory": "cao_cap"}
        fuller_id = service.save(fuller).id
    finally:
        vault.lock()
    ran = hoso("completeness", handle.path, "--json", stdin=handle.passphrase + "\n")
    assert ran.code == 0, ran.err
    rows = json.loads(ran.out)
    assert [r["id"] for r in rows] == [thin, fuller_id]
    assert rows[0]["score"] < rows[1]["score"]
    assert "qualifications.highest_degree" in rows[0]["missing"]
