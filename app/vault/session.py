"""An unlocked vault: its database, audit log, keys and settings, and the acts on its keys.

Holds no passphrase and no data key: the database connection holds the page key inside
SQLCipher, and acts on the key slots (passphrase change, recovery code, data-key rotation) ask
for the current passphrase again. ``lock`` records the act, truncates the WAL, closes the
database and wipes the subkeys. Must not import Qt.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal

from app.atomic_file import fsync_dir
from app.audit import verify as audit_verify
from app.audit.actions import Action
from app.audit.checkpoint import Checkpoint, check_authentic, sign_checkpoint
from app.audit.log import AuditLog
from app.clock import Clock, iso_utc
from app.errors import HosoError, IntegrityViolation, InvalidInput
from app.vault import DB_FILE, HEADER_FILE, NEXT_HEADER_FILE, header, slots
from app.vault.authenticate import unwrap_passphrase
from app.vault.create import check_new_passphrase
from app.vault.header import Header, RecoverySlot
from app.vault.keyring import Keyring
from crypto import aead, kdf, keys
from storage.audit_repo import GENESIS_HASH
from storage.connection import Database
from storage.meta import MetaRepository, SettingsRepository, table_counts
from storage.migrations import current_version

KEEP: Literal["keep"] = "keep"
COUNTED_TABLES = ("dossiers", "readers", "approvals", "copies", "audit_log")


class Vault:
    def __init__(self, path: Path, hdr: Header, db: Database, clock: Clock, actor: str) -> None:
        self.path = path
        self.header = hdr
        self.clock = clock
        self.actor = actor
        self.recovery_code_needed = False
        self.audit_warning: audit_verify.Report | None = None
        self._bind(db)

    @classmethod
    def attach(cls, path: Path, hdr: Header, db: Database, clock: Clock, actor: str) -> Vault:
        return cls(path, hdr, db, clock, actor)

    def _bind(self, db: Database) -> None:
        self.db = db
        self.meta = MetaRepository(db)
        self.settings = SettingsRepository(db)
        self.keys = Keyring.load(self.meta)
        self.audit = AuditLog(db, self.clock, self.actor)
        self._open = True

    # -- state -------------------------------------------------------------------------
    @property
    def vault_id(self) -> str:
        return self.keys.vault_id

    @property
    def is_open(self) -> bool:
        return self._open

    def lock(self, reason: str = "user") -> None:
        """Record the lock, close the database and drop the keys. Safe to call twice."""
        if not self._open:
            return
        try:
            self.audit.record(Action.LOCK, self.vault_id, {"reason": reason})
        finally:
            self.close_quietly()

    def close_quietly(self) -> None:
        if self._open:
            self._open = False
            self.keys.wipe()
            with contextlib.suppress(Exception):
                self.db.close()

    # -- information ---------------------------------------------------------------------
    def info(self) -> dict[str, Any]:
        counts = table_counts(self.db, COUNTED_TABLES)
        return {
            "vault": str(self.path),
            "vault_id": self.vault_id,
            "format_version": current_version(self.db),
            "header_version": header.FORMAT_VERSION,
            "created_at": self.header.created_at,
            "kdf": {
                "name": "argon2id",
                **self.header.passphrase.kdf.as_dict(),
                "keyfile": self.header.passphrase.keyfile,
            },
            "dossiers": counts["dossiers"],
            "readers": counts["readers"],
            "approvals": counts["approvals"],
            "copies": counts["copies"],
            "audit_entries": counts["audit_log"],
        }

    # -- settings ------------------------------------------------------------------------
    def setting(self, key: str, default: str | None = None) -> str | None:
        value = self.settings.get(key)
        return default if value is None else value

    def change_setting(self, key: str, value: str) -> None:
        """Change a vault setting; audited with the old and new value (settings are never dossier data)."""
        old = self.settings.get(key)
        if old == value:
            return
        with self.db.transaction() as tx:
            self.settings.put(key, value)
            self.audit.record(Action.SETTINGS_CHANGE, key, {"old": old, "new": value}, tx=tx)

    # -- audit ---------------------------------------------------------------------------
    def check_audit_on_unlock(self) -> audit_verify.Report:
        report = audit_verify.verify_recent(self.audit.repo)
        if not report.ok and report.problem is not None:
            self.audit_warning = report
            with contextlib.suppress(HosoError):
                self.audit.record(
                    Action.AUDIT_WARNING,
                    self.vault_id,
                    {"first_bad": report.problem.seq, "reason": report.problem.reason_key},
                )
        return report

    def checkpoint(self) -> Checkpoint:
        """Sign the current head of the audit log (the act itself is recorded first, so the
        checkpoint covers it)."""
        self.audit.record(Action.AUDIT_CHECKPOINT, self.vault_id)
        head = self.audit.repo.head()
        seq, head_hash = (head.seq, head.entry_hash) if head else (0, GENESIS_HASH)
        return sign_checkpoint(
            self.vault_id, seq, head_hash, iso_utc(self.clock.now()), self.keys.signing_private()
        )

    def verify_audit(
        self, audit_key: bytes | None = None, checkpoints: list[tuple[Checkpoint, str]] | None = None
    ) -> audit_verify.Report:
        cps = []
        for cp, source in checkpoints or []:
            check_authentic(cp, self.vault_id, self.keys.signing_public(), source)
            cps.append(cp)
        report = audit_verify.verify(self.audit.repo, audit_key, cps)
        details: dict[str, Any] = {
            "ok": report.ok,
            "with_audit_key": audit_key is not None,
            "checkpoints": len(cps),
        }
        if report.problem:
            details["first_bad"] = report.problem.seq
        with contextlib.suppress(HosoError):
            self.audit.record(Action.AUDIT_VERIFY, self.vault_id, details)
        return report

    # -- key slots -----------------------------------------------------------------------
    def _reauthenticate(self, passphrase: str, keyfile: bytes | None, kdf_floor: kdf.KdfParams) -> bytes:
        hdr, dek = unwrap_passphrase(self.path, passphrase, keyfile, self.clock, kdf_floor)
        self.header = hdr
        return dek

    def _new_pp_slot(
        self, dek: bytes, hdr: Header, passphrase: str, keyfile: bytes | None, params: kdf.KdfParams | None
    ) -> tuple[Header, bytes]:
        """``hdr`` with a new passphrase slot sealing ``dek``, and that slot's KEK."""
        check_new_passphrase(passphrase)
        if params is None:
            params, _ = kdf.calibrate()
        slot = slots.new_passphrase_slot(params, keyfile is not None)
        draft = replace(hdr, passphrase=slot)
        kek = slots.passphrase_kek(slot, passphrase, keyfile)
        sealed = replace(slot, wrapped_key=aead.seal(kek, dek, draft.slot_ad("passphrase")))
        return slots.with_mac(replace(draft, passphrase=sealed), dek), kek

    def change_passphrase(
        self,
        current: str,
        new: str,
        *,
        keyfile: bytes | None = None,
        new_keyfile: bytes | Literal["keep"] | None = KEEP,
        kdf_params: kdf.KdfParams | None = None,
        kdf_floor: kdf.KdfParams = kdf.FLOOR,
    ) -> None:
        """Rewrite only the passphrase slot (atomically); the recovery code stays valid."""
        if current == new and new_keyfile == KEEP:
            raise InvalidInput("error.passphrase_unchanged")
        dek = self._reauthenticate(current, keyfile, kdf_floor)
        target_keyfile = keyfile if new_keyfile == KEEP else new_keyfile
        hdr, _ = self._new_pp_slot(dek, self.header, new, target_keyfile, kdf_params)
        header.write(self.path / HEADER_FILE, hdr)
        self.header = hdr
        self.audit.record(
            Action.PASSPHRASE_CHANGE,
            self.vault_id,
            {"kdf": hdr.passphrase.kdf.as_dict(), "keyfile": hdr.passphrase.keyfile},
        )

    def rewrite_slots(
        self,
        dek: bytes,
        passphrase: str,
        keyfile: bytes | None,
        kdf_params: kdf.KdfParams | None,
        action: Action,
    ) -> str:
        """New passphrase slot and a new recovery code (returned); used after recovery."""
        hdr, kek = self._new_pp_slot(dek, self.header, passphrase, keyfile, kdf_params)
        code, text = slots.new_recovery_code()
        hdr = slots.seal_slots(hdr, dek, kek, code)  # same slot parameters, so the same KEK
        header.write(self.path / HEADER_FILE, hdr)
        self.header = hdr
        self.audit.record(
            action, self.vault_id, {"kdf": hdr.passphrase.kdf.as_dict(), "recovery_code_reissued": True}
        )
        return text

    def reissue_recovery_code(
        self, passphrase: str, *, keyfile: bytes | None = None, kdf_floor: kdf.KdfParams = kdf.FLOOR
    ) -> str:
        """Retire the recovery code and issue a new one (a new sealed envelope)."""
        dek = self._reauthenticate(passphrase, keyfile, kdf_floor)
        code, text = slots.new_recovery_code()
        draft = replace(self.header, recovery=RecoverySlot(os.urandom(16), b""))
        rc_kek = slots.recovery_kek(draft.recovery.salt, code)
        sealed = replace(draft.recovery, wrapped_key=aead.seal(rc_kek, dek, draft.slot_ad("recovery")))
        hdr = slots.with_mac(replace(draft, recovery=sealed), dek)
        header.write(self.path / HEADER_FILE, hdr)
        self.header = hdr
        self.audit.record(Action.RECOVERY_CODE_REISSUE, self.vault_id)
        return text

    def rotate_data_key(
        self,
        passphrase: str,
        *,
        keyfile: bytes | None = None,
        kdf_params: kdf.KdfParams | None = None,
        kdf_floor: kdf.KdfParams = kdf.FLOOR,
    ) -> str:
        """New data key: ``PRAGMA rekey``, verified by re-opening, then the header. Issues a new
        recovery code (returned): the old envelope cannot open the re-keyed vault.

        Crash safety: the new header is written beside the old one (``header.json.next``) before
        the rekey; unlock finishes or discards an interrupted rotation.
        """
        self._reauthenticate(passphrase, keyfile, kdf_floor)
        new_dek = keys.random_key()
        code, text = slots.new_recovery_code()
        params = kdf_params or self.header.passphrase.kdf
        slot = slots.new_passphrase_slot(params, keyfile is not None)
        draft = replace(self.header, passphrase=slot)
        nxt = slots.seal_slots(draft, new_dek, slots.passphrase_kek(slot, passphrase, keyfile), code)
        header.write(self.path / NEXT_HEADER_FILE, nxt)
        self.db.rekey(new_dek)
        self.close_quietly()
        try:
            db = Database(self.path / DB_FILE, new_dek)
            db.check_integrity()
        except Exception:
            raise IntegrityViolation("error.rekey_verify_failed", path=str(self.path / DB_FILE)) from None
        (self.path / NEXT_HEADER_FILE).replace(self.path / HEADER_FILE)
        fsync_dir(self.path)
        self.header = nxt
        self._bind(db)
        self.audit.record(Action.REKEY, self.vault_id, {"verified": True, "recovery_code_reissued": True})
        return text
