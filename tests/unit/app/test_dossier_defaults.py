"""The default secrecy mark of new dossiers: a vault setting holding a catalog code, audited when
it changes, refusing codes the secrecy catalog does not hold, falling back to "mat"."""

from __future__ import annotations

import pytest

from app.audit import query
from app.audit.actions import Action
from app.dossier.defaults import (
    DEFAULT_SECRECY_SETTING,
    FALLBACK_SECRECY,
    default_secrecy,
    secrecy_codes,
    set_default_secrecy,
)
from app.errors import InvalidInput
from app.i18n import t
from app.vault.session import Vault


def _changes(vault: Vault) -> list[query.Entry]:
    flt = query.AuditFilter(action=Action.SETTINGS_CHANGE.value)
    return [e for e in query.entries(vault, flt) if e.target == DEFAULT_SECRECY_SETTING]


def test_default_is_mat_until_chosen(opened: Vault) -> None:
    assert FALLBACK_SECRECY == "mat"
    assert default_secrecy(opened) == "mat"
    assert secrecy_codes() == ["mat", "toi_mat"]


def test_choosing_a_mark_is_saved_and_audited_once(opened: Vault) -> None:
    set_default_secrecy(opened, "toi_mat")
    assert default_secrecy(opened) == "toi_mat"
    assert opened.setting(DEFAULT_SECRECY_SETTING) == "toi_mat"
    set_default_secrecy(opened, "toi_mat")  # unchanged: no second entry
    assert [e.details for e in _changes(opened)] == [{"old": None, "new": "toi_mat"}]
    set_default_secrecy(opened, "mat")
    assert default_secrecy(opened) == "mat"
    assert len(_changes(opened)) == 2


def test_unknown_code_is_refused_and_nothing_changes(opened: Vault) -> None:
    with pytest.raises(InvalidInput) as caught:
        set_default_secrecy(opened, "tuyet_mat")
    assert caught.value.key == "dossier.default_secrecy.unknown"
    message = caught.value.message("vi")
    assert "tuyet_mat" in message
    assert "toi_mat" in message
    assert message != "dossier.default_secrecy.unknown"  # the key is in a catalog
    assert t("dossier.default_secrecy.unknown", lang="en", code="x", codes="mat") != (
        "dossier.default_secrecy.unknown"
    )
    assert opened.setting(DEFAULT_SECRECY_SETTING) is None
    assert _changes(opened) == []


def test_a_stored_code_no_longer_in_the_catalog_falls_back(opened: Vault) -> None:
    opened.change_setting(DEFAULT_SECRECY_SETTING, "khong_con")
    assert default_secrecy(opened) == "mat"
