"""``hoso backup VAULT DEST [--keep N]`` and ``hoso restore BACKUP VAULT``.

A backup is made while the vault is open (another process may have it unlocked too), verified
before it is reported, and audited (``vault.backup``); ``--keep`` (or the vault's ``backup_keep``
setting) rotates older backups of the same vault out of DEST. A restore checks the backup's
manifest (exit 4 when a file is missing, truncated or altered), copies it into VAULT — a folder that
must not exist: never over a vault in use — then unlocks it with the backup's passphrase, checks every
page and the audit chain (exit 4, and the restored folder is deleted, when either fails) and records
``vault.restore`` in the restored vault's log. Must not import Qt.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path
from typing import Any

from app import i18n
from app.audit.actions import Action
from app.cli.context import Context
from app.cli.reader_commands import positive
from app.errors import IntegrityViolation
from app.vault import backup
from app.vault.unlock import unlock
from storage import CorruptDatabase


def cmd_backup(ctx: Context) -> int:
    with ctx.unlocked() as vault:
        keep = ctx.args.keep or int(vault.setting(backup.KEEP_SETTING) or backup.DEFAULT_KEEP)
        made = backup.make_backup(vault, Path(ctx.args.dest), keep=keep)
    lines = [i18n.t("cli.backup.done", folder=made.folder, sha256=made.sha256[:16])]
    if made.removed:
        lines.append(i18n.t("cli.backup.rotated", n=len(made.removed), keep=keep))
    data: dict[str, Any] = {"file": str(made.folder / "vault.db"), "folder": str(made.folder)}
    data.update(sha256=made.sha256, verified=made.verified, rotated=list(made.removed))
    ctx.out.result(data, *lines)
    return 0


def cmd_restore(ctx: Context) -> int:
    source, target = Path(ctx.args.backup), Path(ctx.args.vault)
    manifest = backup.restore_files(source, target)
    passphrase = ctx.secrets.passphrase()
    try:
        vault = unlock(target, passphrase, keyfile=ctx.keyfile())
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    try:
        try:
            vault.db.check_integrity()
            report = vault.verify_audit()
        except CorruptDatabase:
            report = None
        if report is None or not report.ok:
            raise IntegrityViolation("backup.restored_bad", folder=source.name)
        info = vault.info()
        details = {"backup": source.name, "made_at": manifest["made_at"]}
        details["sha256"] = manifest["files"]["vault.db"]["sha256"]
        vault.audit.record(Action.VAULT_RESTORE, source.name, details)
    except BaseException:
        vault.lock(reason="restore_failed")
        shutil.rmtree(target, ignore_errors=True)
        raise
    vault.lock(reason="command_done")
    line = i18n.t("cli.restore.done", vault=target, dossiers=info["dossiers"], entries=info["audit_entries"])
    ctx.out.result({"ok": True, "vault": str(target), "made_at": manifest["made_at"]}, line)
    return 0


def register(sub: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    bak = sub.add_parser("backup", parents=[common], help="an encrypted, verified backup of the vault")
    bak.add_argument("vault", metavar="VAULT")
    bak.add_argument("dest", metavar="DEST", help="an existing folder (removable media)")
    bak.add_argument(
        "--keep", type=positive, metavar="N", help="keep only the N newest backups of this vault"
    )
    bak.set_defaults(func=cmd_backup)
    res = sub.add_parser("restore", parents=[common], help="restore a backup into a new vault folder")
    res.add_argument("backup", metavar="BACKUP", help="a backup folder made by hoso backup")
    res.add_argument("vault", metavar="VAULT", help="the new vault folder (must not exist)")
    res.set_defaults(func=cmd_restore)
