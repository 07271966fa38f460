"""The vault service (app.vault): create, unlock, lock, failed-unlock delay, key file, passphrase
change, recovery, recovery-code reissue, data-key rotation and its crash recovery.

Vaults are made with the fast test KDF through the in-process seam (``make_vault``); the
handle's ``kdf_floor`` is that same weak setting, passed back wherever a call takes KDF
parameters, so nothing here spends real KDF time.
"""

from __future__ import annotations

import shutil
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from app.audit.actions import Action
from app.clock import ManualClock, iso_utc
from app.errors import AuthenticationFailed, IntegrityViolation, InvalidInput, LockedOut, NotFound
from app.vault import DB_FILE, HEADER_FILE, NEXT_HEADER_FILE, header, lockout, slots
from app.vault.create import create_vault
from app.vault.session import Vault
from app.vault.unlock import recover, unlock
from crypto import codes, keys
from crypto.kdf import KdfParams
from storage import NotADatabase
from storage.audit_repo import AuditFilter
from storage.connection import Database
from storage.migrations import current_version, latest_version

NEW_PASSPHRASE = "Một mật khẩu mới hoàn toàn 2027"
NEWER_PASSPHRASE = "Mật khẩu sau khôi phục 2028!"
WRONG_PASSPHRASE = "Mật khẩu sai hoàn toàn 2026"
KEYFILE = bytes(range(64))
OTHER_KEYFILE = bytes(range(1, 65))


# ------------------------------------------------------------------ helpers
def weak(handle: Any) -> KdfParams:
    """The fast test KDF the handle's vault was made with (the shared ``WEAK``)."""
    kdf_floor: KdfParams = handle.kdf_floor
    return kdf_floor


def header_bytes(path: Path) -> bytes:
    return (path / HEADER_FILE).read_bytes()


def dek_of(path: Path, raw_header: bytes, passphrase: str, keyfile: bytes | None = None) -> bytes:
    """The data key sealed in the passphrase slot of a saved ``header.json``."""
    hdr = header.parse(raw_header, path / HEADER_FILE)
    return slots.open_passphrase_slot(hdr, slots.passphrase_kek(hdr.passphrase, passphrase, keyfile))


def opens_with(path: Path, dek: bytes) -> bool:
    try:
        db = Database(path / DB_FILE, dek)
    except NotADatabase:
        return False
    try:
        db.check_integrity()
    finally:
        db.close()
    return True


def actions(vault: Vault, action: str) -> int:
    return vault.audit.repo.count(AuditFilter(action=action))


def recover_weak(vault: Any, code: str, new_passphrase: str) -> tuple[Vault, str]:
    return recover(
        vault.path, code, new_passphrase, kdf_params=weak(vault), kdf_floor=weak(vault), clock=vault.clock
    )


def failures_on_disk(path: Path) -> int:
    return header.read(path / HEADER_FILE).lockout.failures


# ------------------------------------------------------------------ create, unlock, lock
def test_create_unlock_lock_round_trip(vault: Any) -> None:
    v = vault.unlock()
    assert v.is_open
    assert v.vault_id == vault.created.vault_id
    assert v.header.passphrase.kdf == weak(vault)
    v.change_setting("idle_lock_minutes", "7")
    v.lock()
    assert not v.is_open
    again = vault.unlock()
    try:
        assert again.setting("idle_lock_minutes") == "7"
        assert actions(again, Action.VAULT_CREATE) == 1
        assert actions(again, Action.UNLOCK) == 2
        assert actions(again, Action.LOCK) == 1
    finally:
        again.lock()
    assert sorted(p.name for p in vault.path.iterdir()) == [HEADER_FILE, DB_FILE]


def test_created_vault_gives_typable_codes(vault: Any) -> None:
    assert len(codes.parse_code(vault.created.recovery_code, slots.RECOVERY_BYTES)) == 16
    assert len(codes.parse_code(vault.created.audit_key, 32)) == 32
    assert vault.created.kdf == weak(vault)
    assert oct(vault.path.stat().st_mode & 0o777) == oct(0o700)
    assert (vault.path / HEADER_FILE).stat().st_mode & 0o077 == 0


def test_lock_is_idempotent_and_wipes_keys(vault: Any) -> None:
    v = vault.unlock()
    assert len(v.keys.field_key()) == 32
    v.lock()
    v.lock()  # a second lock does nothing and does not fail
    assert not v.is_open
    with pytest.raises(RuntimeError, match="locked"):
        v.keys.field_key()
    with pytest.raises(RuntimeError, match="locked"):
        v.keys.signing_private()
    again = vault.unlock()
    try:
        assert actions(again, Action.LOCK) == 1
    finally:
        again.close_quietly()


def test_create_refuses_short_passphrase_and_leaves_nothing(
    make_vault: Callable[..., Any], tmp_path: Path
) -> None:
    with pytest.raises(InvalidInput) as info:
        make_vault(passphrase="short", name="short")
    assert info.value.exit_code == 1
    assert not (tmp_path / "short").exists()


def test_create_refuses_a_non_empty_folder(vault: Any) -> None:
    with pytest.raises(InvalidInput):
        create_vault(vault.path, vault.passphrase, kdf_params=weak(vault), clock=vault.clock)
    v = vault.unlock()  # the existing vault is untouched
    v.close_quietly()


def test_a_weak_test_vault_is_refused_by_a_normal_unlock(vault: Any) -> None:
    with pytest.raises(IntegrityViolation) as info:
        unlock(vault.path, vault.passphrase, clock=vault.clock)
    assert info.value.key == "error.kdf_below_floor"
    assert info.value.exit_code == 4
    assert HEADER_FILE in info.value.message()
    assert failures_on_disk(vault.path) == 0


def test_missing_vault_header_and_database(vault: Any, tmp_path: Path) -> None:
    with pytest.raises(NotFound) as missing:
        unlock(tmp_path / "nowhere", vault.passphrase, kdf_floor=weak(vault))
    assert missing.value.exit_code == 1

    no_db = tmp_path / "no_db"
    shutil.copytree(vault.path, no_db)
    (no_db / DB_FILE).unlink()
    with pytest.raises(IntegrityViolation) as info:
        unlock(no_db, vault.passphrase, kdf_floor=weak(vault))
    assert info.value.key == "error.db_missing"

    no_header = tmp_path / "no_header"
    shutil.copytree(vault.path, no_header)
    (no_header / HEADER_FILE).unlink()
    with pytest.raises(IntegrityViolation) as info:
        unlock(no_header, vault.passphrase, kdf_floor=weak(vault))
    assert info.value.key == "error.header_missing"
    assert HEADER_FILE in info.value.message()


# ------------------------------------------------------------------ wrong passphrase, lockout
def test_wrong_passphrase_is_counted_in_the_header(vault: Any) -> None:
    with pytest.raises(AuthenticationFailed) as info:
        vault.unlock(WRONG_PASSPHRASE)
    assert info.value.exit_code == 3
    assert info.value.key == "error.wrong_passphrase"
    assert not isinstance(info.value, LockedOut)
    assert failures_on_disk(vault.path) == 1  # a fresh read of header.json
    with pytest.raises(AuthenticationFailed):
        vault.unlock(WRONG_PASSPHRASE)
    assert failures_on_disk(vault.path) == 2


def test_failed_unlocks_delay_the_right_passphrase_then_reach_the_audit_log(vault: Any) -> None:
    clock: ManualClock = vault.clock
    times = []
    for _ in range(lockout.FREE_TRIES):
        times.append(iso_utc(clock.now()))
        with pytest.raises(AuthenticationFailed) as info:
            vault.unlock(WRONG_PASSPHRASE)
        assert not isinstance(info.value, LockedOut)
        clock.advance(0.25)
    assert failures_on_disk(vault.path) == 3

    # The fourth try, with the RIGHT passphrase, must wait: 2 s from the last failure.
    with pytest.raises(LockedOut) as locked:
        vault.unlock()
    assert locked.value.exit_code == 3
    assert locked.value.seconds == pytest.approx(lockout.BASE_SECONDS - 0.25)
    assert failures_on_disk(vault.path) == 3  # waiting is not a failure
    clock.advance(1.0)
    with pytest.raises(LockedOut):
        vault.unlock()
    clock.advance(1.0)

    v = vault.unlock()
    try:
        assert actions(v, Action.UNLOCK_FAILED) == 3
        failed = [r for r in v.audit.repo.all() if r.action == Action.UNLOCK_FAILED]
        assert [r.ts for r in failed] == times
        assert all('"recorded_late":true' in r.details for r in failed)
        assert v.audit_warning is None
    finally:
        v.lock()
    assert failures_on_disk(vault.path) == 0


def test_the_delay_doubles_and_survives_a_fresh_process_view(vault: Any) -> None:
    clock: ManualClock = vault.clock
    for attempt in range(4):
        if attempt:
            clock.advance(lockout.delay_after(failures_on_disk(vault.path)))
        with pytest.raises(AuthenticationFailed) as info:
            vault.unlock(WRONG_PASSPHRASE)
        assert not isinstance(info.value, LockedOut)
    hdr = header.read(vault.path / HEADER_FILE)
    assert hdr.lockout.failures == 4
    assert lockout.seconds_to_wait(hdr.lockout, clock.now()) == pytest.approx(4.0)
    with pytest.raises(LockedOut) as info:
        vault.unlock()
    assert info.value.seconds == pytest.approx(4.0)


# ------------------------------------------------------------------ key file
def test_keyfile_vault(make_vault: Callable[..., Any]) -> None:
    handle = make_vault(keyfile=KEYFILE)
    assert header.read(handle.path / HEADER_FILE).passphrase.keyfile is True

    with pytest.raises(AuthenticationFailed) as missing:
        handle.unlock()
    assert missing.value.key == "error.keyfile_required"
    assert missing.value.exit_code == 3

    with pytest.raises(AuthenticationFailed) as wrong:
        handle.unlock(keyfile=OTHER_KEYFILE)
    assert wrong.value.exit_code == 3
    assert wrong.value.key == "error.wrong_passphrase"

    with pytest.raises(AuthenticationFailed):
        handle.unlock(WRONG_PASSPHRASE, keyfile=KEYFILE)

    v = handle.unlock(keyfile=KEYFILE)
    assert v.info()["kdf"]["keyfile"] is True
    v.lock()


def test_keyfile_given_to_a_vault_without_one(vault: Any) -> None:
    with pytest.raises(InvalidInput) as info:
        vault.unlock(keyfile=KEYFILE)
    assert info.value.key == "error.keyfile_not_used"
    assert info.value.exit_code == 1
    assert failures_on_disk(vault.path) == 0


def test_a_too_small_keyfile_is_refused_at_creation(make_vault: Callable[..., Any]) -> None:
    with pytest.raises(InvalidInput) as info:
        make_vault(keyfile=b"x" * 31)
    assert info.value.key == "error.keyfile_too_small"


# ------------------------------------------------------------------ Vietnamese passphrases
VIETNAMESE = "Bảo mật hồ sơ cán bộ Tỉnh ủy — năm 2026"


@pytest.mark.parametrize(("made_with", "typed_as"), [("NFC", "NFD"), ("NFD", "NFC")])
def test_nfc_and_nfd_passphrases_unlock_the_same_vault(
    make_vault: Callable[..., Any], made_with: str, typed_as: str
) -> None:
    created = unicodedata.normalize(made_with, VIETNAMESE)
    typed = unicodedata.normalize(typed_as, VIETNAMESE)
    assert created != typed
    handle = make_vault(passphrase=created)
    v = handle.unlock(typed)
    v.lock()
    with pytest.raises(AuthenticationFailed):
        handle.unlock(typed.replace("2026", "2025"))


# ------------------------------------------------------------------ passphrase change
def test_passphrase_change(vault: Any) -> None:
    v = vault.unlock()
    recovery_before = header.read(vault.path / HEADER_FILE).recovery
    v.change_passphrase(vault.passphrase, NEW_PASSPHRASE, kdf_params=weak(vault), kdf_floor=weak(vault))
    v.lock()
    assert header.read(vault.path / HEADER_FILE).recovery == recovery_before  # only the passphrase slot

    with pytest.raises(AuthenticationFailed):
        vault.unlock(vault.passphrase)
    v = vault.unlock(NEW_PASSPHRASE)
    try:
        assert actions(v, Action.PASSPHRASE_CHANGE) == 1
    finally:
        v.lock()

    # The recovery code written at creation still opens the vault.
    recovered, _ = recover_weak(vault, vault.created.recovery_code, NEWER_PASSPHRASE)
    recovered.lock()
    v = vault.unlock(NEWER_PASSPHRASE)
    v.lock()


def test_passphrase_change_refuses_a_wrong_current_passphrase(vault: Any) -> None:
    v = vault.unlock()
    slot_before = header.read(vault.path / HEADER_FILE).passphrase
    with pytest.raises(AuthenticationFailed):
        v.change_passphrase(WRONG_PASSPHRASE, NEW_PASSPHRASE, kdf_params=weak(vault), kdf_floor=weak(vault))
    with pytest.raises(InvalidInput):
        v.change_passphrase(vault.passphrase, "too short", kdf_params=weak(vault), kdf_floor=weak(vault))
    with pytest.raises(InvalidInput):
        v.change_passphrase(vault.passphrase, vault.passphrase, kdf_params=weak(vault), kdf_floor=weak(vault))
    v.lock()
    assert header.read(vault.path / HEADER_FILE).passphrase == slot_before
    again = vault.unlock()
    again.lock()


def test_passphrase_change_can_add_a_keyfile(vault: Any) -> None:
    v = vault.unlock()
    v.change_passphrase(
        vault.passphrase, vault.passphrase, new_keyfile=KEYFILE, kdf_params=weak(vault), kdf_floor=weak(vault)
    )
    v.lock()
    with pytest.raises(AuthenticationFailed):
        vault.unlock()
    vault.unlock(keyfile=KEYFILE).lock()


# ------------------------------------------------------------------ recovery
def test_recovery_retires_the_used_code(vault: Any) -> None:
    old_code = vault.created.recovery_code
    v, new_code = recover_weak(vault, old_code, NEW_PASSPHRASE)
    try:
        assert new_code != old_code
        assert actions(v, Action.RECOVER) == 1
        assert actions(v, Action.UNLOCK) == 1  # the recovery's own unlock
    finally:
        v.lock()

    with pytest.raises(AuthenticationFailed) as info:
        recover_weak(vault, old_code, NEWER_PASSPHRASE)
    assert info.value.key == "error.wrong_recovery_code"
    assert info.value.exit_code == 3

    with pytest.raises(AuthenticationFailed):
        vault.unlock(vault.passphrase)
    vault.unlock(NEW_PASSPHRASE).lock()

    typed = new_code.lower().replace("-", " ")
    again, _ = recover_weak(vault, typed, NEWER_PASSPHRASE)
    again.lock()
    vault.unlock(NEWER_PASSPHRASE).lock()


def test_a_mistyped_recovery_code_is_reported_as_a_typo(vault: Any) -> None:
    code = vault.created.recovery_code
    typo = code[:-1] + ("0" if code[-1] != "0" else "1")
    with pytest.raises(AuthenticationFailed) as info:
        recover_weak(vault, typo, NEW_PASSPHRASE)
    assert info.value.key == "error.recovery_code_malformed"
    assert code not in info.value.message()


def test_recovery_refuses_a_short_new_passphrase_before_anything(vault: Any) -> None:
    before = header_bytes(vault.path)
    with pytest.raises(InvalidInput):
        recover_weak(vault, vault.created.recovery_code, "short")
    assert header_bytes(vault.path) == before


def test_reissue_recovery_code(vault: Any) -> None:
    v = vault.unlock()
    slot_before = v.header.passphrase
    new_code = v.reissue_recovery_code(vault.passphrase, kdf_floor=weak(vault))
    assert new_code != vault.created.recovery_code
    assert actions(v, Action.RECOVERY_CODE_REISSUE) == 1
    v.lock()
    assert header.read(vault.path / HEADER_FILE).passphrase == slot_before

    with pytest.raises(AuthenticationFailed) as info:
        recover_weak(vault, vault.created.recovery_code, NEW_PASSPHRASE)
    assert info.value.key == "error.wrong_recovery_code"
    vault.unlock().lock()  # the passphrase is unchanged
    again, _ = recover_weak(vault, new_code, NEW_PASSPHRASE)
    again.lock()


def test_reissue_needs_the_right_passphrase(vault: Any) -> None:
    v = vault.unlock()
    with pytest.raises(AuthenticationFailed):
        v.reissue_recovery_code(WRONG_PASSPHRASE, kdf_floor=weak(vault))
    v.lock()
    assert header.read(vault.path / HEADER_FILE).recovery.wrapped_key
    recover_weak(vault, vault.created.recovery_code, NEW_PASSPHRASE)[0].lock()


# ------------------------------------------------------------------ data-key rotation
def test_rotate_data_key(vault: Any) -> None:
    old_header = header_bytes(vault.path)
    old_dek = dek_of(vault.path, old_header, vault.passphrase)
    assert opens_with(vault.path, old_dek)  # control: the saved header's key opens the file now

    v = vault.unlock()
    v.change_setting("marker", "before rotation")
    new_code = v.rotate_data_key(vault.passphrase, kdf_floor=weak(vault))
    assert v.is_open
    assert v.setting("marker") == "before rotation"
    assert actions(v, Action.REKEY) == 1
    v.lock()

    assert not (vault.path / NEXT_HEADER_FILE).exists()
    new_dek = dek_of(vault.path, header_bytes(vault.path), vault.passphrase)
    assert new_dek != old_dek
    assert not opens_with(vault.path, old_dek)
    assert opens_with(vault.path, new_dek)

    again = vault.unlock()
    try:
        assert again.setting("marker") == "before rotation"
        assert again.recovery_code_needed is False
        assert again.audit_warning is None
    finally:
        again.lock()

    with pytest.raises(AuthenticationFailed):
        recover_weak(vault, vault.created.recovery_code, NEW_PASSPHRASE)
    recovered, _ = recover_weak(vault, new_code, NEW_PASSPHRASE)
    recovered.lock()


def test_rotation_needs_the_right_passphrase(vault: Any) -> None:
    v = vault.unlock()
    before = header_bytes(vault.path)
    with pytest.raises(AuthenticationFailed):
        v.rotate_data_key(WRONG_PASSPHRASE, kdf_floor=weak(vault))
    assert not (vault.path / NEXT_HEADER_FILE).exists()
    v.lock()
    assert dek_of(vault.path, header_bytes(vault.path), vault.passphrase) == dek_of(
        vault.path, before, vault.passphrase
    )


def _start_rotation(vault: Any, v: Vault) -> tuple[bytes, str]:
    """What ``rotate_data_key`` does up to writing ``header.json.next``: the new key and code."""
    new_dek = keys.random_key()
    code, text = slots.new_recovery_code()
    slot = slots.new_passphrase_slot(weak(vault), False)
    draft = replace(v.header, passphrase=slot)
    nxt = slots.seal_slots(draft, new_dek, slots.passphrase_kek(slot, vault.passphrase, None), code)
    header.write(vault.path / NEXT_HEADER_FILE, nxt)
    return new_dek, text


def test_rotation_interrupted_after_rekey_is_completed_at_unlock(vault: Any) -> None:
    old_header = header_bytes(vault.path)
    old_dek = dek_of(vault.path, old_header, vault.passphrase)
    v = vault.unlock()
    v.change_setting("marker", "kept")
    new_dek, new_code = _start_rotation(vault, v)
    v.db.rekey(new_dek)
    v.close_quietly()  # the crash: header.json.next never promoted
    assert header_bytes(vault.path) == old_header
    assert (vault.path / NEXT_HEADER_FILE).exists()

    again = vault.unlock()
    try:
        assert again.recovery_code_needed is True
        assert again.setting("marker") == "kept"
        assert again.audit_warning is None
    finally:
        again.lock()
    assert not (vault.path / NEXT_HEADER_FILE).exists()
    assert dek_of(vault.path, header_bytes(vault.path), vault.passphrase) == new_dek
    assert not opens_with(vault.path, old_dek)

    # The next unlock is an ordinary one.
    plain = vault.unlock()
    assert plain.recovery_code_needed is False
    plain.lock()

    with pytest.raises(AuthenticationFailed):
        recover_weak(vault, vault.created.recovery_code, NEW_PASSPHRASE)
    recover_weak(vault, new_code, NEW_PASSPHRASE)[0].lock()


def test_rotation_interrupted_before_rekey_is_discarded_at_unlock(vault: Any) -> None:
    old_header = header_bytes(vault.path)
    old_dek = dek_of(vault.path, old_header, vault.passphrase)
    v = vault.unlock()
    _, next_code = _start_rotation(vault, v)
    v.lock()  # the crash came before PRAGMA rekey

    again = vault.unlock()
    try:
        assert again.recovery_code_needed is False
    finally:
        again.lock()
    assert not (vault.path / NEXT_HEADER_FILE).exists()
    assert header_bytes(vault.path) == old_header
    assert opens_with(vault.path, old_dek)

    with pytest.raises(AuthenticationFailed):
        recover_weak(vault, next_code, NEW_PASSPHRASE)
    recover_weak(vault, vault.created.recovery_code, NEW_PASSPHRASE)[0].lock()


# ------------------------------------------------------------------ schema, info
def test_a_newer_schema_is_an_integrity_violation(vault: Any) -> None:
    dek = dek_of(vault.path, header_bytes(vault.path), vault.passphrase)
    db = Database(vault.path / DB_FILE, dek)
    newer = latest_version() + 1
    db.execute(f"PRAGMA user_version = {newer}")
    db.close()

    with pytest.raises(IntegrityViolation) as info:
        vault.unlock()
    assert info.value.key == "error.schema_too_new"
    assert info.value.exit_code == 4
    assert info.value.params["found"] == newer
    assert info.value.params["supported"] == latest_version()
    assert DB_FILE in info.value.message("en")
    assert "newer HoSo" in info.value.message("en")
    assert failures_on_disk(vault.path) == 0

    db = Database(vault.path / DB_FILE, dek)
    try:
        assert current_version(db) == newer  # nothing was migrated or written
    finally:
        db.close()


def test_info_counts(vault: Any) -> None:
    v = vault.unlock()
    try:
        info = v.info()
        assert info["vault_id"] == vault.created.vault_id
        assert info["format_version"] == latest_version()
        assert info["kdf"] == {"name": "argon2id", **weak(vault).as_dict(), "keyfile": False}
        for key in ("dossiers", "readers", "approvals", "copies"):
            assert info[key] == 0
        entries = info["audit_entries"]
        assert entries == v.audit.repo.count() >= 2  # vault.create and this unlock
        v.change_setting("secrecy_default", "mat")
        v.change_setting("idle_lock_minutes", "5")
        assert v.info()["audit_entries"] == entries + 2
    finally:
        v.lock()


def test_unlock_rejects_a_vault_from_another_folder_with_this_header(make_vault: Callable[..., Any]) -> None:
    first, second = make_vault(), make_vault()
    # Same passphrase, different data keys: second's header does not open first's database.
    shutil.copy(second.path / HEADER_FILE, first.path / HEADER_FILE)
    with pytest.raises(IntegrityViolation) as info:
        first.unlock()
    assert info.value.exit_code == 4
    assert DB_FILE in info.value.message()


def test_keys_never_appear_in_error_messages(vault: Any) -> None:
    with pytest.raises(AuthenticationFailed) as info:
        vault.unlock(WRONG_PASSPHRASE)
    text = info.value.message("en") + info.value.message("vi") + repr(info.value.params)
    assert WRONG_PASSPHRASE not in text
    assert vault.passphrase not in text


def test_large_vaults_get_the_bounded_check_at_unlock(vault: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import json as _json

    from app.vault import unlock as unlock_module

    monkeypatch.setattr(unlock_module, "FULL_CHECK_MAX_BYTES", 1)
    opened = vault.unlock()
    try:
        head = opened.audit.repo.head()
        assert head is not None
        assert _json.loads(head.details)["integrity_check"] == "bounded"
    finally:
        opened.lock()
