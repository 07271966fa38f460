"""Creating a vault: directory, SQLCipher file, metadata, audit ratchet, header — all or nothing.

The officer receives, once: the recovery code (for the sealed envelope) and the inspector's
audit key K(0). Neither is stored anywhere. Must not import Qt.
"""

from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from app.audit.actions import Action
from app.audit.log import AuditLog
from app.clock import Clock, SystemClock, iso_utc
from app.errors import InvalidInput
from app.vault import DB_FILE, HEADER_FILE, header, slots
from app.vault.header import Header, RecoverySlot
from app.vault.keyring import provision
from crypto import BadCode, codes, kdf, keys
from storage.connection import Database
from storage.meta import MetaRepository
from storage.migrations import migrate

MIN_PASSPHRASE_CHARS = 12
AUDIT_KEY_BYTES = 32


@dataclass(frozen=True, slots=True)
class Created:
    path: Path
    vault_id: str
    created_at: str
    recovery_code: str
    audit_key: str
    kdf: kdf.KdfParams
    kdf_seconds: float | None


def check_new_passphrase(passphrase: str) -> None:
    if len(passphrase.strip()) < MIN_PASSPHRASE_CHARS:
        raise InvalidInput("error.passphrase_too_short", min=MIN_PASSPHRASE_CHARS)


def parse_audit_key(text: str) -> bytes:
    try:
        return codes.parse_code(text, AUDIT_KEY_BYTES)
    except BadCode as exc:
        raise InvalidInput("error.audit_key_malformed", reason=str(exc)) from None


def _prepare_dir(path: Path) -> bool:
    """Make the vault folder; True when this call created it (and may remove it on failure)."""
    if path.exists():
        if not path.is_dir() or any(path.iterdir()):
            raise InvalidInput("error.vault_exists", path=str(path))
        os.chmod(path, 0o700)
        return False
    try:
        path.mkdir(mode=0o700, parents=True)
    except OSError as exc:
        raise InvalidInput("error.cannot_create", path=str(path), reason=exc.strerror or "") from None
    return True


def create_vault(
    path: Path,
    passphrase: str,
    *,
    keyfile: bytes | None = None,
    kdf_params: kdf.KdfParams | None = None,
    clock: Clock | None = None,
    actor: str = "officer",
) -> Created:
    """Create a vault at ``path`` (absent or an empty folder).

    ``kdf_params`` is the test seam: without it the KDF is calibrated to about one second here,
    never below the floor. A vault made with weaker parameters is refused by a normal unlock.
    """
    clock = clock or SystemClock()
    check_new_passphrase(passphrase)
    if keyfile is not None and len(keyfile) < 32:
        raise InvalidInput("error.keyfile_too_small")
    seconds: float | None = None
    if kdf_params is None:
        kdf_params, seconds = kdf.calibrate()
    made_dir = _prepare_dir(path)
    try:
        return _create(path, passphrase, keyfile, kdf_params, seconds, clock, actor)
    except BaseException:
        for name in (DB_FILE, f"{DB_FILE}-wal", f"{DB_FILE}-shm", HEADER_FILE):
            (path / name).unlink(missing_ok=True)
        if made_dir:
            shutil.rmtree(path, ignore_errors=True)
        raise


def _create(
    path: Path,
    passphrase: str,
    keyfile: bytes | None,
    params: kdf.KdfParams,
    seconds: float | None,
    clock: Clock,
    actor: str,
) -> Created:
    vault_id = uuid.uuid4().hex
    created_at = iso_utc(clock.now())
    dek = keys.random_key()
    k0 = keys.random_key()
    recovery_code, recovery_text = slots.new_recovery_code()

    db = Database(path / DB_FILE, dek)
    try:
        migrate(db)
        log = AuditLog(db, clock, actor)
        with db.transaction() as tx:
            provision(MetaRepository(db), vault_id, created_at)
            log.start(tx, k0)
            log.record(
                Action.VAULT_CREATE,
                vault_id,
                {"kdf": params.as_dict(), "keyfile": keyfile is not None},
                tx=tx,
            )
        db.check_integrity()
    finally:
        db.close()
    for name in (DB_FILE, f"{DB_FILE}-wal", f"{DB_FILE}-shm"):
        if (path / name).exists():
            os.chmod(path / name, 0o600)

    draft = Header(
        vault_id=vault_id,
        created_at=created_at,
        passphrase=slots.new_passphrase_slot(params, keyfile is not None),
        recovery=RecoverySlot(b"", b""),
    )
    pp_kek = slots.passphrase_kek(draft.passphrase, passphrase, keyfile)
    header.write(path / HEADER_FILE, slots.seal_slots(draft, dek, pp_kek, recovery_code))
    return Created(path, vault_id, created_at, recovery_text, codes.format_code(k0), params, seconds)
