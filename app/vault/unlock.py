"""Unlocking and recovery: after authentication (``authenticate``), the database, its
integrity, migrations, and the unlock's audit entries.

The header slot has already proved the data key right, so a database that will not open with it
is damaged (exit 4), not a wrong passphrase (exit 3) — which SQLite alone cannot tell apart.
Failed attempts counted in the header are written to the audit log at the next successful
unlock. Must not import Qt.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from app.audit.actions import Action
from app.clock import Clock, SystemClock
from app.errors import HosoError, IntegrityViolation
from app.vault import DB_FILE, HEADER_FILE, NEXT_HEADER_FILE, header, slots
from app.vault.authenticate import unwrap_passphrase, unwrap_recovery
from app.vault.create import check_new_passphrase
from app.vault.header import Header, Lockout
from app.vault.session import Vault
from crypto.kdf import FLOOR, KdfParams
from storage import CorruptDatabase, NotADatabase, SchemaTooNew
from storage.connection import Database
from storage.migrations import current_version, migrate

#: Up to this size every page's HMAC is checked at unlock (about 1 s per 150 MB here); above it a
#: bounded check runs instead and `hoso check` (or the backup) does the full one.
FULL_CHECK_MAX_BYTES = 128 * 1024 * 1024


def open_database(
    path: Path, hdr: Header, dek: bytes, passphrase: str | None, keyfile: bytes | None, kdf_floor: KdfParams
) -> tuple[Header, Database, bool]:
    """Open ``vault.db`` with a key the header vouched for. Finishes a data-key rotation that
    was interrupted after ``PRAGMA rekey`` (third value True: a new recovery code is needed)."""
    db_path = path / DB_FILE
    next_path = path / NEXT_HEADER_FILE
    if db_path.stat().st_size == 0:
        # SQLite would take an empty file for a new database and write into it.
        raise IntegrityViolation("error.db_corrupt", path=str(db_path))
    try:
        db = Database(db_path, dek)
    except NotADatabase:
        if passphrase is None or not next_path.exists():
            raise IntegrityViolation("error.db_unreadable", path=str(db_path)) from None
        nxt = header.read(next_path)
        if not nxt.passphrase.kdf.at_least(kdf_floor):
            raise IntegrityViolation("error.kdf_below_floor", file=str(next_path)) from None
        new_dek = slots.open_passphrase_slot(nxt, slots.passphrase_kek(nxt.passphrase, passphrase, keyfile))
        try:
            db = Database(db_path, new_dek)
        except NotADatabase:
            raise IntegrityViolation("error.db_unreadable", path=str(db_path)) from None
        next_path.replace(path / HEADER_FILE)
        return nxt, db, True
    next_path.unlink(missing_ok=True)  # a rotation that never reached PRAGMA rekey
    return hdr, db, False


def finish_open(
    path: Path, hdr: Header, db: Database, clock: Clock, actor: str, recovery_needed: bool, how: str
) -> Vault:
    """Integrity, migrations, identity, lockout reset and the unlock's audit entries."""
    full = (path / DB_FILE).stat().st_size <= FULL_CHECK_MAX_BYTES
    try:
        if full:
            db.check_integrity()
        else:
            db.check_bounded()
        if current_version(db) == 0:
            # An empty or schema-less file opens under any key; migrating it would overwrite
            # the evidence with a blank vault. A created vault always has schema 1 or later.
            raise CorruptDatabase("the database has no schema")
        migrate(db)
        db.assert_pragmas()
        vault = Vault.attach(path, hdr, db, clock, actor)
    except (CorruptDatabase, NotADatabase):
        db.close()
        raise IntegrityViolation("error.db_corrupt", path=str(path / DB_FILE)) from None
    except SchemaTooNew as exc:
        db.close()
        raise IntegrityViolation(
            "error.schema_too_new", path=str(path / DB_FILE), found=exc.found, supported=exc.supported
        ) from None
    except BaseException:
        db.close()
        raise
    try:
        if vault.vault_id != hdr.vault_id:
            raise IntegrityViolation("error.header_other_vault", path=str(path))
        failures = hdr.lockout.recent
        if failures or hdr.lockout.failures:
            header.write(path / HEADER_FILE, hdr.with_lockout(Lockout()))
        for when in failures:
            vault.audit.record(Action.UNLOCK_FAILED, vault.vault_id, {"recorded_late": True}, at=when)
        vault.audit.record(
            Action.UNLOCK, vault.vault_id, {"method": how, "integrity_check": "full" if full else "bounded"}
        )
    except BaseException:
        vault.close_quietly()  # the keys and the connection never outlive a failed unlock
        raise
    vault.recovery_code_needed = recovery_needed
    vault.check_audit_on_unlock()
    return vault


def unlock(
    path: Path,
    passphrase: str,
    *,
    keyfile: bytes | None = None,
    kdf_floor: KdfParams = FLOOR,
    clock: Clock | None = None,
    actor: str = "officer",
) -> Vault:
    """Open the vault. ``kdf_floor`` is the tests' in-process seam, never a user option."""
    clock = clock or SystemClock()
    hdr, dek = unwrap_passphrase(path, passphrase, keyfile, clock, kdf_floor)
    hdr, db, rotated = open_database(path, hdr, dek, passphrase, keyfile, kdf_floor)
    return finish_open(path, hdr, db, clock, actor, rotated, "passphrase")


def recover(
    path: Path,
    code: str,
    new_passphrase: str,
    *,
    new_keyfile: bytes | None = None,
    kdf_params: KdfParams | None = None,
    kdf_floor: KdfParams = FLOOR,
    clock: Clock | None = None,
    actor: str = "officer",
) -> tuple[Vault, str]:
    """Set a new passphrase with the recovery code. The used code is retired: a new one is
    issued (returned) for a fresh sealed envelope."""
    clock = clock or SystemClock()
    check_new_passphrase(new_passphrase)
    hdr, dek = unwrap_recovery(path, code, clock, kdf_floor)
    hdr, db, _ = open_database(path, hdr, dek, None, None, kdf_floor)
    vault = finish_open(path, hdr, db, clock, actor, False, "recovery_code")
    try:
        new_code = vault.rewrite_slots(dek, new_passphrase, new_keyfile, kdf_params, Action.RECOVER)
    except HosoError:
        with contextlib.suppress(HosoError):
            vault.lock()
        raise
    return vault, new_code
