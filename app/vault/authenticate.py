"""Proving who is at the keyboard: header checks, the failed-unlock delay, the KDF and the slot.

Cheap refusals come first (malformed or edited header, KDF below the floor, lockout) so that no
KDF time is spent on them. A failed attempt is counted in the header before the error is raised.
Used by unlock, recovery and every act that asks for the passphrase again. Must not import Qt.
"""

from __future__ import annotations

from pathlib import Path

from app.clock import Clock
from app.errors import AuthenticationFailed, IntegrityViolation, InvalidInput, LockedOut, NotFound
from app.vault import DB_FILE, HEADER_FILE, header, lockout, slots
from app.vault.header import Header
from crypto.kdf import FLOOR, KdfParams


def read_header(path: Path, kdf_floor: KdfParams = FLOOR) -> Header:
    """The vault's header after every check that needs no secret."""
    if not path.is_dir():
        raise NotFound("error.vault_missing", path=str(path))
    hdr = header.read(path / HEADER_FILE)
    if not hdr.passphrase.kdf.at_least(kdf_floor):
        raise IntegrityViolation("error.kdf_below_floor", file=str(path / HEADER_FILE))
    if not (path / DB_FILE).is_file():
        raise IntegrityViolation("error.db_missing", path=str(path / DB_FILE))
    return hdr


def _check_keyfile(hdr: Header, keyfile: bytes | None) -> None:
    if hdr.passphrase.keyfile and keyfile is None:
        raise AuthenticationFailed("error.keyfile_required")
    if not hdr.passphrase.keyfile and keyfile is not None:
        raise InvalidInput("error.keyfile_not_used")


def _fail(path: Path, hdr: Header, clock: Clock) -> None:
    header.write(path / HEADER_FILE, hdr.with_lockout(lockout.record_failure(hdr.lockout, clock.now())))


def unwrap_passphrase(
    path: Path, passphrase: str, keyfile: bytes | None, clock: Clock, kdf_floor: KdfParams = FLOOR
) -> tuple[Header, bytes]:
    """The header and the data key, or an authentication error counted as a failed unlock."""
    hdr = read_header(path, kdf_floor)
    wait = lockout.seconds_to_wait(hdr.lockout, clock.now())
    if wait > 0:
        raise LockedOut(wait)
    _check_keyfile(hdr, keyfile)
    kek = slots.passphrase_kek(hdr.passphrase, passphrase, keyfile)
    try:
        dek = slots.open_passphrase_slot(hdr, kek)
    except AuthenticationFailed:
        _fail(path, hdr, clock)
        raise
    if not slots.mac_ok(hdr, dek):
        raise IntegrityViolation("error.header_mac", file=str(path / HEADER_FILE))
    return hdr, dek


def unwrap_recovery(
    path: Path, code: str, clock: Clock, kdf_floor: KdfParams = FLOOR
) -> tuple[Header, bytes]:
    hdr = read_header(path, kdf_floor)
    wait = lockout.seconds_to_wait(hdr.lockout, clock.now())
    if wait > 0:
        raise LockedOut(wait)
    try:
        dek = slots.open_recovery_slot(hdr, code)
    except AuthenticationFailed:
        _fail(path, hdr, clock)
        raise
    if not slots.mac_ok(hdr, dek):
        raise IntegrityViolation("error.header_mac", file=str(path / HEADER_FILE))
    return hdr, dek
