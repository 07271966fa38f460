"""An edited ``header.json`` is refused, whoever edited it and however (DESIGN §3).

Every field is edited twice: once by hand (the checksum no longer matches) and once by an
informed attacker who recomputes the checksum. The right passphrase must then still be refused,
with exit status 4 and a message naming ``header.json`` wherever the edit can be recognised
without the key. Edits to what binds the passphrase slot (its salt, KDF costs, wrapped key, key
file flag, and the vault id in its associated data) cannot be told apart from a wrong passphrase
by anyone: there the refusal is exit 3 ("wrong passphrase or key file"). Either way
``vault.db`` is not touched.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from app.canonical import canonical
from app.clock import ManualClock
from app.errors import AuthenticationFailed, HosoError, IntegrityViolation
from app.vault import DB_FILE, HEADER_FILE, header
from app.vault.create import create_vault
from app.vault.unlock import recover, unlock
from crypto.kdf import FLOOR, KdfParams

Doc = dict[str, Any]
Edit = Callable[[Doc], None]

NEW_PASSPHRASE = "Mật khẩu mới sau khôi phục 2027"

HEADER_REFUSALS = {
    "error.header_checksum",
    "error.header_malformed",
    "error.header_not_json",
    "error.header_mac",
    "error.header_too_new",
    "error.kdf_below_floor",
}
#: Refusals that cannot name header.json: without the key, an edited slot is a wrong secret.
SECRET_REFUSALS = {"error.wrong_passphrase", "error.keyfile_required", "error.wrong_recovery_code"}


# ------------------------------------------------------------------ editing helpers
def flip_b64(value: str) -> str:
    raw = bytearray(base64.b64decode(value))
    raw[len(raw) // 2] ^= 0x01
    return base64.b64encode(bytes(raw)).decode()


def pp(doc: Doc) -> Doc:
    slot: Doc = doc["slots"]["passphrase"]
    return slot


def rc(doc: Doc) -> Doc:
    slot: Doc = doc["slots"]["recovery"]
    return slot


def set_in(getter: Callable[[Doc], Doc], key: str, value: Any) -> Edit:
    return lambda doc: getter(doc).__setitem__(key, value)


def change_in(getter: Callable[[Doc], Doc], key: str, change: Callable[[Any], Any]) -> Edit:
    def edit(doc: Doc) -> None:
        target = getter(doc)
        target[key] = change(target[key])

    return edit


def drop(getter: Callable[[Doc], Doc], key: str) -> Edit:
    return lambda doc: getter(doc).pop(key)


def top(doc: Doc) -> Doc:
    return doc


def lockout(doc: Doc) -> Doc:
    part: Doc = doc["lockout"]
    return part


def recent_failures(doc: Doc) -> None:
    doc["lockout"] = {"failures": 12, "recent": ["2026-01-01T00:00:00.000Z"]}


#: name -> (edit, refusal with the passphrase, refusal with the recovery code), for an attacker
#: who recomputed the checksum. Every top-level field, every field of both slots, the MAC, the
#: lockout record, unknown and missing keys.
FIELD_EDITS: dict[str, tuple[Edit, str, str]] = {
    "format": (
        set_in(top, "format", "hoso.vault-header-x"),
        "error.header_malformed",
        "error.header_malformed",
    ),
    "format_version_older": (
        set_in(top, "format_version", 0),
        "error.header_malformed",
        "error.header_malformed",
    ),
    "format_version_text": (
        set_in(top, "format_version", "1"),
        "error.header_malformed",
        "error.header_malformed",
    ),
    "vault_id_other": (
        set_in(top, "vault_id", uuid.UUID(int=7).hex),
        "error.wrong_passphrase",
        "error.wrong_recovery_code",
    ),
    "vault_id_malformed": (
        set_in(top, "vault_id", "../../etc"),
        "error.header_malformed",
        "error.header_malformed",
    ),
    "created_at": (
        set_in(top, "created_at", "2020-01-01T00:00:00.000Z"),
        "error.header_mac",
        "error.header_mac",
    ),
    "passphrase.kdf": (set_in(pp, "kdf", "argon2i"), "error.header_malformed", "error.header_malformed"),
    "passphrase.memory_kib": (
        change_in(pp, "memory_kib", lambda v: v * 2),
        "error.wrong_passphrase",
        "error.header_mac",
    ),
    "passphrase.iterations": (
        change_in(pp, "iterations", lambda v: v + 1),
        "error.wrong_passphrase",
        "error.header_mac",
    ),
    "passphrase.lanes": (
        change_in(pp, "lanes", lambda v: v + 1),
        "error.wrong_passphrase",
        "error.header_mac",
    ),
    "passphrase.salt": (change_in(pp, "salt", flip_b64), "error.wrong_passphrase", "error.header_mac"),
    "passphrase.keyfile": (set_in(pp, "keyfile", True), "error.keyfile_required", "error.header_mac"),
    "passphrase.wrapped_key": (
        change_in(pp, "wrapped_key", flip_b64),
        "error.wrong_passphrase",
        "error.header_mac",
    ),
    "passphrase.memory_kib_text": (
        change_in(pp, "memory_kib", str),
        "error.header_malformed",
        "error.header_malformed",
    ),
    "passphrase.salt_short": (set_in(pp, "salt", "AAAA"), "error.header_malformed", "error.header_malformed"),
    "recovery.kdf": (set_in(rc, "kdf", "pbkdf2"), "error.header_malformed", "error.header_malformed"),
    "recovery.salt": (change_in(rc, "salt", flip_b64), "error.header_mac", "error.wrong_recovery_code"),
    "recovery.wrapped_key": (
        change_in(rc, "wrapped_key", flip_b64),
        "error.header_mac",
        "error.wrong_recovery_code",
    ),
    "recovery.wrapped_key_not_b64": (
        set_in(rc, "wrapped_key", "***"),
        "error.header_malformed",
        "error.header_malformed",
    ),
    "mac": (change_in(top, "mac", flip_b64), "error.header_mac", "error.header_mac"),
    "lockout.failures": (recent_failures, "error.locked_out", "error.locked_out"),
    "lockout.failures_negative": (
        set_in(lockout, "failures", -1),
        "error.header_malformed",
        "error.header_malformed",
    ),
    "lockout.recent_not_list": (
        set_in(lockout, "recent", "now"),
        "error.header_malformed",
        "error.header_malformed",
    ),
    "extra_top_level_key": (set_in(top, "comment", "hi"), "error.header_malformed", "error.header_malformed"),
    "extra_slot_key": (set_in(pp, "note", "hi"), "error.header_malformed", "error.header_malformed"),
    "extra_slot": (
        lambda doc: doc["slots"].__setitem__("spare", {}),
        "error.header_malformed",
        "error.header_malformed",
    ),
    "missing_format": (drop(top, "format"), "error.header_malformed", "error.header_malformed"),
    "missing_created_at": (drop(top, "created_at"), "error.header_malformed", "error.header_malformed"),
    "missing_lockout": (drop(top, "lockout"), "error.header_malformed", "error.header_malformed"),
    "missing_mac": (drop(top, "mac"), "error.header_malformed", "error.header_malformed"),
    "missing_passphrase_salt": (drop(pp, "salt"), "error.header_malformed", "error.header_malformed"),
    "missing_recovery_slot": (
        lambda doc: doc["slots"].pop("recovery"),
        "error.header_malformed",
        "error.header_malformed",
    ),
}

#: Edits of the checksum itself (recomputing it would undo them).
CHECKSUM_EDITS: dict[str, tuple[Edit, str]] = {
    "checksum_changed": (
        change_in(top, "checksum", lambda v: ("0" if v[0] != "0" else "1") + v[1:]),
        "error.header_checksum",
    ),
    "checksum_upper_case": (change_in(top, "checksum", str.upper), "error.header_checksum"),
    "checksum_not_text": (set_in(top, "checksum", 0), "error.header_malformed"),
    "checksum_missing": (drop(top, "checksum"), "error.header_malformed"),
}


#: Whole-file damage: name -> (new content from the old, refusal).
FILE_EDITS: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "truncated": (lambda raw: raw[: len(raw) // 2], "error.header_not_json"),
    "truncated_one_byte": (lambda raw: raw.rstrip()[:-1], "error.header_not_json"),
    "empty": (lambda raw: b"", "error.header_not_json"),
    "not_json": (lambda raw: b"HoSo header? no.\n", "error.header_not_json"),
    "binary_noise": (lambda raw: bytes(range(256)) * 4, "error.header_not_json"),
    "utf16": (lambda raw: raw.decode("utf-8").encode("utf-16"), "error.header_not_json"),
    "json_array": (lambda raw: b"[1, 2, 3]", "error.header_malformed"),
    "one_megabyte": (lambda raw: raw.rstrip() + b" " * (1024 * 1024) + b"\n", "error.header_malformed"),
}


def recompute_checksum(doc: Doc) -> None:
    body = {k: v for k, v in doc.items() if k != "checksum"}
    doc["checksum"] = hashlib.sha256(canonical(body)).hexdigest()


def rewrite(path: Path, edit: Edit, recompute: bool) -> None:
    doc = json.loads((path / HEADER_FILE).read_bytes())
    edit(doc)
    if recompute:
        recompute_checksum(doc)
    (path / HEADER_FILE).write_bytes(json.dumps(doc, indent=2, ensure_ascii=False).encode() + b"\n")


# ------------------------------------------------------------------ the attempt and its checks
def attempt(handle: Any, weak: KdfParams, secret: str) -> HosoError:
    """Try to open the vault with the RIGHT secret; the error it must raise."""
    try:
        if secret == "passphrase":
            opened = handle.unlock()
        else:
            opened, _ = recover(
                handle.path,
                handle.created.recovery_code,
                NEW_PASSPHRASE,
                kdf_params=weak,
                kdf_floor=weak,
                clock=handle.clock,
            )
    except HosoError as exc:
        return exc
    opened.lock()
    pytest.fail("the tampered vault was opened")


def check_refusal(exc: HosoError, expected_key: str) -> None:
    assert exc.key == expected_key, exc.message("en")
    if expected_key in HEADER_REFUSALS:
        assert isinstance(exc, IntegrityViolation)
        assert exc.exit_code == 4
        assert HEADER_FILE in exc.message("en")
        assert HEADER_FILE in exc.message("vi")
    else:
        assert isinstance(exc, AuthenticationFailed)
        assert exc.exit_code == 3
        assert expected_key in SECRET_REFUSALS or expected_key == "error.locked_out"


@pytest.fixture
def handle(make_vault: Callable[..., Any]) -> Iterator[Any]:
    made = make_vault()
    db_before = (made.path / DB_FILE).read_bytes()
    yield made
    assert (made.path / DB_FILE).read_bytes() == db_before, "vault.db changed during a refused unlock"


# ------------------------------------------------------------------ tests
def test_recomputing_the_checksum_alone_is_accepted(make_vault: Callable[..., Any]) -> None:
    """Control: the informed attacker's rewrite really passes the checksum check."""
    made = make_vault()
    rewrite(made.path, lambda doc: None, recompute=True)
    made.unlock().close_quietly()


@pytest.mark.parametrize("name", sorted(FIELD_EDITS))
def test_field_edited_by_hand(handle: Any, weak_kdf: KdfParams, name: str) -> None:
    edit, _, _ = FIELD_EDITS[name]
    rewrite(handle.path, edit, recompute=False)
    exc = attempt(handle, weak_kdf, "passphrase")
    check_refusal(exc, "error.header_checksum")


@pytest.mark.parametrize("secret", ["passphrase", "recovery_code"])
@pytest.mark.parametrize("name", sorted(FIELD_EDITS))
def test_field_edited_with_checksum_recomputed(
    handle: Any, weak_kdf: KdfParams, name: str, secret: str
) -> None:
    edit, with_passphrase, with_code = FIELD_EDITS[name]
    rewrite(handle.path, edit, recompute=True)
    exc = attempt(handle, weak_kdf, secret)
    check_refusal(exc, with_passphrase if secret == "passphrase" else with_code)


@pytest.mark.parametrize("name", sorted(CHECKSUM_EDITS))
def test_checksum_edited(handle: Any, weak_kdf: KdfParams, name: str) -> None:
    edit, expected = CHECKSUM_EDITS[name]
    rewrite(handle.path, edit, recompute=False)
    check_refusal(attempt(handle, weak_kdf, "passphrase"), expected)


@pytest.mark.parametrize("name", sorted(FILE_EDITS))
def test_damaged_header_file(handle: Any, weak_kdf: KdfParams, name: str) -> None:
    change, expected = FILE_EDITS[name]
    path = handle.path / HEADER_FILE
    path.write_bytes(change(path.read_bytes()))
    check_refusal(attempt(handle, weak_kdf, "passphrase"), expected)


def test_a_header_from_a_newer_hoso(handle: Any, weak_kdf: KdfParams) -> None:
    rewrite(handle.path, set_in(top, "format_version", header.FORMAT_VERSION + 1), recompute=True)
    exc = attempt(handle, weak_kdf, "passphrase")
    check_refusal(exc, "error.header_too_new")
    assert "newer HoSo" in exc.message("en")
    assert "mới hơn" in exc.message("vi")
    assert exc.params["found"] == header.FORMAT_VERSION + 1


def test_a_newer_header_edited_by_hand_is_still_a_checksum_error(handle: Any, weak_kdf: KdfParams) -> None:
    rewrite(handle.path, set_in(top, "format_version", header.FORMAT_VERSION + 1), recompute=False)
    check_refusal(attempt(handle, weak_kdf, "passphrase"), "error.header_checksum")


def test_failure_counter_reset_is_accepted_by_design(make_vault: Callable[..., Any]) -> None:
    """The lockout record is the one part no key protects (it must be writable while locked,
    lockout.py): resetting it lets the unlock through, and nothing else does."""
    handle = make_vault()
    for _ in range(3):
        with pytest.raises(AuthenticationFailed):
            handle.unlock("Mật khẩu sai hoàn toàn 2026")
    with pytest.raises(AuthenticationFailed):
        handle.unlock()  # locked out
    rewrite(
        handle.path, lambda doc: doc.__setitem__("lockout", {"failures": 0, "recent": []}), recompute=True
    )
    handle.unlock().close_quietly()


# ------------------------------------------------------------------ downgraded KDF
@pytest.fixture(scope="module")
def floor_vault(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A vault at the real floor (one Argon2id derivation to make), copied by each test."""
    path = tmp_path_factory.mktemp("floor") / "vault"
    passphrase = "Mật khẩu ở mức sàn thật 2026"
    create_vault(path, passphrase, kdf_params=FLOOR, clock=ManualClock())
    return path, passphrase


@pytest.fixture
def floor_copy(floor_vault: tuple[Path, str], tmp_path: Path) -> tuple[Path, str]:
    source, passphrase = floor_vault
    path = tmp_path / "floor-copy"
    shutil.copytree(source, path)
    return path, passphrase


DOWNGRADES: dict[str, Edit] = {
    "memory_128_mib": set_in(pp, "memory_kib", 128 * 1024),
    "memory_one_below": set_in(pp, "memory_kib", FLOOR.memory_kib - 1),
    "two_passes": set_in(pp, "iterations", FLOOR.iterations - 1),
    "test_strength": lambda doc: pp(doc).update(memory_kib=8 * 1024, iterations=1, lanes=1),
}


@pytest.mark.parametrize("name", sorted(DOWNGRADES))
def test_weaker_kdf_is_refused_before_any_derivation(floor_copy: tuple[Path, str], name: str) -> None:
    path, passphrase = floor_copy
    db_before = (path / DB_FILE).read_bytes()
    rewrite(path, DOWNGRADES[name], recompute=True)
    started = time.perf_counter()
    with pytest.raises(IntegrityViolation) as info:
        unlock(path, passphrase, clock=ManualClock())
    elapsed = time.perf_counter() - started
    assert info.value.key == "error.kdf_below_floor"
    assert info.value.exit_code == 4
    message = info.value.message("en")
    assert HEADER_FILE in message
    assert "256 MiB" in message
    assert "3 passes" in message
    assert "256 MiB" in info.value.message("vi")
    assert elapsed < 0.2, f"{elapsed:.3f} s: KDF time was spent on a downgraded header"
    assert header.read(path / HEADER_FILE).lockout.failures == 0
    assert (path / DB_FILE).read_bytes() == db_before


def test_weaker_kdf_is_refused_for_the_recovery_code_too(floor_copy: tuple[Path, str]) -> None:
    path, _ = floor_copy
    rewrite(path, DOWNGRADES["memory_128_mib"], recompute=True)
    with pytest.raises(IntegrityViolation) as info:
        recover(path, "0000-0000-0000-0000-0000-0000-0000-00", NEW_PASSPHRASE, clock=ManualClock())
    assert info.value.key == "error.kdf_below_floor"


def test_weaker_kdf_edited_by_hand_is_a_checksum_error(floor_copy: tuple[Path, str]) -> None:
    path, passphrase = floor_copy
    rewrite(path, DOWNGRADES["memory_128_mib"], recompute=False)
    with pytest.raises(IntegrityViolation) as info:
        unlock(path, passphrase, clock=ManualClock())
    assert info.value.key == "error.header_checksum"


def test_the_floor_vault_itself_opens(floor_copy: tuple[Path, str]) -> None:
    """Control for the downgrade tests: the untouched copy opens with the same passphrase."""
    path, passphrase = floor_copy
    unlock(path, passphrase, clock=ManualClock()).close_quietly()
