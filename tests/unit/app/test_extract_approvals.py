"""Readers, approvals, the gate that every extract and reading passes, reading sessions and the
copy register's numbering and events, on a real vault (no PDF built here)."""

from __future__ import annotations

import pytest

from app.audit.actions import Action
from app.clock import ManualClock
from app.dossier.service import DossierService
from app.dossier.synthetic import generate
from app.errors import InvalidInput, NotFound, PolicyRefusal
from app.extract import serials, tokens
from app.extract.approvals import ApprovalInput, Approvals
from app.extract.readers import ReaderBook
from app.extract.reading import ReadingRegister
from app.extract.register import CopyRegister, free_numbers
from app.extract.scope import dossier_sections, parse_sections
from app.vault.session import Vault
from storage.audit_repo import AuditFilter
from tests.conftest import fingerprint

DAY = 86400.0


@pytest.fixture
def dossiers(opened: Vault) -> list[int]:
    return [s.id for s in DossierService(opened).save_many(list(generate(3, seed=11)), source="test")]


@pytest.fixture
def reader(opened: Vault) -> int:
    return ReaderBook(opened).add("Trần Văn Đọc", "Ủy ban Kiểm tra Tỉnh ủy", "Chuyên viên", "019075000999")


def given(reader: int, ids: list[int], **kw: object) -> ApprovalInput:
    base: dict[str, object] = dict(
        reader_id=reader, decision_no="125-QĐ/TU", decision_date="15/12/2025", signer="Nguyễn Văn Ký",
        signer_title="Phó Bí thư Tỉnh ủy", dossiers=(ids[0],), sections=("identity", "family"),
        valid_until="31/01/2026", copies=2,
    )  # fmt: skip
    base.update(kw)
    return ApprovalInput(**base)  # type: ignore[arg-type]


def actions(vault: Vault) -> list[str]:
    return [r.action for r in reversed(vault.audit.repo.page(AuditFilter(), 0, 10000))]


def test_reader_is_registered_with_a_sealed_identity_document(opened: Vault, reader: int) -> None:
    got = ReaderBook(opened).get(reader)
    assert got.full_name == "Trần Văn Đọc"
    assert got.has_id_document
    raw = opened.db.scalar("SELECT id_document FROM readers WHERE id = ?", (reader,))
    assert b"019075000999" not in bytes(raw)
    assert ReaderBook(opened).reveal_id_document(reader) == "019075000999"
    assert actions(opened)[-2:] == [Action.READER_ADD, Action.READER_REVEAL]


def test_reader_needs_a_name_and_changes_nothing_when_refused(opened: Vault) -> None:
    before = fingerprint(opened)
    with pytest.raises(InvalidInput) as info:
        ReaderBook(opened).add("  ", "Ban Tổ chức")
    assert info.value.key == "extract.required"
    assert "Họ và tên" in info.value.message("vi")
    assert fingerprint(opened) == before


def test_approval_is_recorded_and_audited(opened: Vault, reader: int, dossiers: list[int]) -> None:
    approval_id = Approvals(opened).add(given(reader, dossiers))
    got = Approvals(opened).get(approval_id)
    assert got.row.valid_from == "2025-12-15"
    assert got.row.valid_until == "2026-01-31"
    assert got.row.sections == ("identity", "family")
    assert got.state(Approvals(opened).today()) == "valid"
    assert actions(opened)[-1] == Action.APPROVAL_ADD


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"decision_date": "32/12/2025"}, "extract.bad_date"),
        ({"valid_until": "01/12/2025"}, "extract.validity_reversed"),
        ({"sections": ("identity", "secrets")}, "extract.unknown_section"),
        ({"sections": ()}, "extract.no_sections"),
        ({"copies": 0}, "extract.bad_copies"),
        ({"form": "photocopy"}, "extract.bad_form"),
        ({"decision_no": ""}, "extract.required"),
        ({"dossiers": ()}, "extract.no_dossiers"),
        ({"dossiers": (999,)}, "dossier.not_found"),
    ],
)
def test_bad_approvals_are_refused_by_name(
    opened: Vault, reader: int, dossiers: list[int], change: dict[str, object], key: str
) -> None:
    before = fingerprint(opened)
    with pytest.raises((InvalidInput, NotFound)) as info:
        Approvals(opened).add(given(reader, dossiers, **change))
    assert info.value.key == key
    assert fingerprint(opened) == before


def test_the_gate_names_each_failed_condition(
    opened: Vault, clock: ManualClock, reader: int, dossiers: list[int]
) -> None:
    approvals = Approvals(opened)
    approval_id = approvals.add(given(reader, dossiers))
    assert approvals.require(approval_id, dossiers[0], ("identity",), "ban_in").row.id == approval_id

    def refused(dossier: int, sections: tuple[str, ...], form: str = "ban_in") -> str:
        with pytest.raises(PolicyRefusal) as info:
            approvals.require(approval_id, dossier, sections, form)
        return info.value.key

    assert refused(dossiers[1], ("identity",)) == "extract.refused.dossier"
    assert refused(dossiers[0], ("identity", "health", "economy")) == "extract.refused.sections"
    assert refused(dossiers[0], ("identity",), "doc_tai_cho") == "extract.refused.form_ban_in"
    with pytest.raises(PolicyRefusal) as info:
        approvals.require(approval_id, dossiers[0], ("identity", "health", "economy"), "ban_in")
    assert "health, economy" in info.value.message("vi")
    assert "125-QĐ/TU" in info.value.message("vi")
    clock.advance(31 * DAY)  # 2026-02-01: the day after valid_until
    assert refused(dossiers[0], ("identity",)) == "extract.refused.expired"
    assert actions(opened).count(Action.APPROVAL_REFUSED) == 5


def test_an_approval_not_yet_valid_and_a_revoked_one_are_refused(
    opened: Vault, reader: int, dossiers: list[int]
) -> None:
    approvals = Approvals(opened)
    later = approvals.add(given(reader, dossiers, valid_from="10/01/2026"))
    with pytest.raises(PolicyRefusal) as info:
        approvals.require(later, dossiers[0], ("identity",), "ban_in")
    assert info.value.key == "extract.refused.not_yet"
    assert "10/01/2026" in info.value.message("vi")
    now = approvals.add(given(reader, dossiers))
    approvals.revoke(now, "Thay đổi mục đích")
    with pytest.raises(PolicyRefusal) as info:
        approvals.require(now, dossiers[0], ("identity",), "ban_in")
    assert info.value.key == "extract.refused.revoked"
    with pytest.raises(InvalidInput):
        approvals.revoke(now)


def test_a_deactivated_reader_gets_nothing(opened: Vault, reader: int, dossiers: list[int]) -> None:
    approvals = Approvals(opened)
    approval_id = approvals.add(given(reader, dossiers))
    ReaderBook(opened).deactivate(reader)
    with pytest.raises(PolicyRefusal) as info:
        approvals.require(approval_id, dossiers[0], ("identity",), "ban_in")
    assert info.value.key == "extract.refused.reader_inactive"
    with pytest.raises(InvalidInput):
        approvals.add(given(reader, dossiers))


def test_reading_sessions_need_an_on_site_approval(opened: Vault, reader: int, dossiers: list[int]) -> None:
    approvals, register = Approvals(opened), ReadingRegister(opened)
    printed = approvals.add(given(reader, dossiers))
    with pytest.raises(PolicyRefusal) as info:
        register.open(printed, (dossiers[0],), ("identity",))
    assert info.value.key == "extract.refused.form_ban_in"
    on_site = approvals.add(
        given(reader, dossiers, form="doc_tai_cho", copies=0, dossiers=tuple(dossiers[:2]))
    )
    session = register.open(on_site, (dossiers[0], dossiers[1]), ("family",), "Đọc tại phòng lưu trữ")
    with pytest.raises(InvalidInput):
        register.open(on_site, (dossiers[0],), ("family",))  # one open session per reader
    register.close(session, "Đã trả hồ sơ đủ")
    got = register.get(session)
    assert not got.is_open
    assert got.row.remarks == "Đã trả hồ sơ đủ"
    assert got.row.dossiers == (dossiers[0], dossiers[1])
    with pytest.raises(InvalidInput):
        register.close(session)
    assert actions(opened)[-2:] == [Action.READING_OPEN, Action.READING_CLOSE]


def test_scope_sections_map_onto_the_dossier() -> None:
    assert dossier_sections(("family", "salary_history")) == {
        "family", "foreign_relatives", "salary_history", "allowance_history"
    }  # fmt: skip
    assert dossier_sections(("documents",)) == frozenset()
    assert parse_sections(["family", "identity", "family"]) == ("identity", "family")


def test_copy_numbers_fill_the_allowance_and_no_more() -> None:
    assert free_numbers(set(), 3, 2) == [1, 2]
    assert free_numbers({1, 2}, 3, 1) == [3]
    assert free_numbers({1, 3}, 3, 1) == [2]  # a spoiled copy 2 frees its number
    assert free_numbers({1, 2}, 3, 2) == []


def test_serials_are_random_crockford_and_parse_back() -> None:
    made = {serials.new_serial() for _ in range(2000)}
    assert len(made) == 2000
    one = next(iter(made))
    assert len(one) == 13
    assert serials.normalise(serials.grouped(one).lower()) == one
    assert serials.normalise(one.replace("1", "I").replace("0", "O")) == one
    assert serials.normalise("HELLO") is None
    assert serials.normalise("ZZZZZZZZZZZZZ") is None  # 65 bits do not fit


def test_tokens_verify_and_forgeries_do_not(opened: Vault) -> None:
    keys = opened.keys
    serial = serials.new_serial()
    token = tokens.qr_token(keys.signing_private(), opened.vault_id, serial, 3)
    read = tokens.read_token(token, keys.signing_public(), opened.vault_id)
    assert read == tokens.TokenRead(serial, 3, True)
    moved = token.replace(".3.", ".4.")
    assert tokens.read_token(moved, keys.signing_public(), opened.vault_id) == tokens.TokenRead(
        serial, 4, False
    )
    assert tokens.read_token("https://example.org", keys.signing_public(), opened.vault_id) is None
    payload = tokens.lattice_payload(keys.copy_mac_key(), serial)
    assert tokens.lattice_serial(keys.copy_mac_key(), payload) == serial
    flipped = payload[:-1] + bytes([payload[-1] ^ 1])
    assert tokens.lattice_serial(keys.copy_mac_key(), flipped) is None


def test_copy_events_follow_the_allowed_transitions(opened: Vault) -> None:
    register = CopyRegister(opened)
    with pytest.raises(NotFound):
        register.mark("0000-0000-00000", "delivered")
