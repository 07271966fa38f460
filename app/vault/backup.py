"""Backups of an open vault and their restoration into a new vault folder.

A backup is a folder ``hoso-backup-<vault id prefix>-<yyyymmdd-hhmmss>`` holding ``vault.db`` (a
consistent copy made by ``VACUUM INTO`` under the same SQLCipher key — never a plaintext file),
``header.json`` (the key slots: the backup opens with the vault's passphrase or recovery code) and
``manifest.json`` (SHA-256 and size of both, schema version, counts, the last audit entry). It is
made while the vault is open and reported only once verified: the copy is opened under the same
key, every page read (their HMACs checked) and its structure checked, and its last audit entry must
be the live log's entry of the same number. ``keep`` rotates older backups of the same vault in the
destination. Restoring checks the manifest's hashes (a truncated or altered backup is refused, exit
4) and copies the files into a folder that does not exist yet; the caller then unlocks and checks it.
Must not import Qt.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from app.atomic_file import fsync_dir, write_atomic
from app.audit.actions import Action
from app.clock import iso_utc, parse_iso_utc
from app.errors import IntegrityViolation, InvalidInput
from app.vault.session import Vault
from storage import CopyFailed, CorruptDatabase
from storage.migrations import current_version

FORMAT = "hoso.backup"
MANIFEST = "manifest.json"
FILES = ("vault.db", "header.json")
PREFIX = "hoso-backup-"
LAST_BACKUP = "last_backup_at"
INTERVAL_SETTING = "backup_interval_days"
KEEP_SETTING = "backup_keep"
DEFAULT_INTERVAL_DAYS, DEFAULT_KEEP = 7, 10
COUNTED = ("dossiers", "audit_log", "copies", "dossier_documents", "document_scans")


@dataclass(frozen=True, slots=True)
class Backup:
    folder: Path
    sha256: str  # of vault.db
    verified: bool
    manifest: dict[str, Any]
    removed: tuple[str, ...] = ()  # older backups rotated out


def _digest(path: Path) -> tuple[str, int]:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest(), path.stat().st_size


def make_backup(vault: Vault, destination: Path, keep: int | None = None) -> Backup:
    """Back ``vault`` up into a new folder under ``destination`` (an existing folder), verified."""
    if not destination.is_dir():
        raise InvalidInput("backup.no_folder", folder=str(destination))
    now = vault.clock.now()
    folder = destination / f"{PREFIX}{vault.vault_id[:8]}-{now.astimezone():%Y%m%d-%H%M%S}"
    if folder.exists():
        raise InvalidInput("backup.exists", folder=folder.name)
    try:
        folder.mkdir(mode=0o700)
    except OSError as exc:
        raise InvalidInput("backup.write_failed", folder=folder.name, reason=exc.strerror or "") from None
    try:
        vault.db.copy_to(folder / "vault.db")
        shutil.copyfile(vault.path / "header.json", folder / "header.json")
        copy = vault.db.inspect_copy(folder / "vault.db", COUNTED)
        seq, head = copy["audit_head"]
        live = vault.db.one("SELECT entry_hash FROM audit_log WHERE seq = ?", (seq,))
        if live is None or bytes(live[0]) != head or copy["schema"] != current_version(vault.db):
            raise CorruptDatabase("the copy does not match the live vault")
        files: dict[str, dict[str, Any]] = {}
        for name in FILES:
            digest, size = _digest(folder / name)
            files[name] = {"sha256": digest, "size": size}
        manifest = {
            "format": FORMAT,
            "version": 1,
            "vault_id": vault.vault_id,
            "made_at": iso_utc(now),
            "schema_version": copy["schema"],
            "counts": {t: copy[t] for t in COUNTED},
            "audit_head": {"seq": seq, "hash": head.hex()},
            "files": files,
        }
        write_atomic(folder / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2).encode() + b"\n")
        fsync_dir(folder)
    except (CorruptDatabase, CopyFailed, OSError) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        if isinstance(exc, CorruptDatabase):
            raise IntegrityViolation("backup.unverified", folder=folder.name) from None
        reason = exc.strerror if isinstance(exc, OSError) else ""
        raise InvalidInput("backup.write_failed", folder=folder.name, reason=reason or "") from None
    removed = _rotate(destination, vault.vault_id, keep) if keep else ()
    details = {"folder": folder.name, "sha256": files["vault.db"]["sha256"], "verified": True}
    details["rotated"] = len(removed)
    vault.audit.record(Action.VAULT_BACKUP, folder.name, details)
    vault.change_setting(LAST_BACKUP, iso_utc(now))
    return Backup(folder, str(files["vault.db"]["sha256"]), True, manifest, removed)


def _rotate(destination: Path, vault_id: str, keep: int) -> tuple[str, ...]:
    """Delete this vault's oldest backups in ``destination`` beyond the ``keep`` newest."""
    mine = []
    for folder in sorted(destination.glob(f"{PREFIX}{vault_id[:8]}-*")):
        try:
            manifest = json.loads((folder / MANIFEST).read_text("utf-8"))
        except (OSError, ValueError):
            continue  # not a complete backup of ours: never deleted
        if manifest.get("vault_id") == vault_id:
            mine.append(folder)
    gone = mine[: max(0, len(mine) - keep)]
    for folder in gone:
        shutil.rmtree(folder)
    return tuple(f.name for f in gone)


def due(vault: Vault) -> bool:
    """Whether the last backup is older than the configured interval (or there is none)."""
    last = vault.setting(LAST_BACKUP)
    text = vault.setting(INTERVAL_SETTING) or ""
    days = int(text) if text.isdigit() and int(text) > 0 else DEFAULT_INTERVAL_DAYS
    if not last:
        return True
    return vault.clock.now() - parse_iso_utc(last) > timedelta(days=days)


def read_manifest(backup: Path) -> dict[str, Any]:
    """The backup's manifest once every file matches it; :class:`IntegrityViolation` otherwise."""
    try:
        manifest: dict[str, Any] = json.loads((backup / MANIFEST).read_text("utf-8"))
    except FileNotFoundError:
        raise InvalidInput("backup.not_a_backup", folder=str(backup)) from None
    except (OSError, ValueError):
        raise IntegrityViolation("backup.bad_manifest", folder=backup.name) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise IntegrityViolation("backup.bad_manifest", folder=backup.name)
    for name in FILES:
        expected = manifest.get("files", {}).get(name, {})
        path = backup / name
        if not path.is_file():
            raise IntegrityViolation("backup.file_missing", folder=backup.name, file=name)
        digest, size = _digest(path)
        if (digest, size) != (expected.get("sha256"), expected.get("size")):
            raise IntegrityViolation("backup.file_altered", folder=backup.name, file=name)
    return manifest


def restore_files(backup: Path, target: Path) -> dict[str, Any]:
    """Copy a checked backup into the new vault folder ``target`` (which must not exist)."""
    manifest = read_manifest(backup)
    if target.exists():
        raise InvalidInput("backup.target_exists", folder=str(target))
    staging = target.with_name(target.name + ".restoring")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(mode=0o700, parents=False)
    try:
        for name in FILES:
            shutil.copyfile(backup / name, staging / name)
            os.chmod(staging / name, 0o600)
        if any(_digest(staging / n)[0] != manifest["files"][n]["sha256"] for n in FILES):
            raise IntegrityViolation("backup.file_altered", folder=backup.name, file="vault.db")
        staging.rename(target)
        fsync_dir(target.parent)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return manifest


def made_at(manifest: dict[str, Any]) -> datetime:
    return parse_iso_utc(str(manifest["made_at"]))
