"""``hoso init | info | passwd | recover | rekey | recovery-code | doctor``. Must not import Qt."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app import doctor, i18n
from app.cli.context import Context, cli_actor
from app.vault.create import Created, create_vault
from app.vault.unlock import recover


def _kdf_text(kdf: dict[str, Any]) -> dict[str, Any]:
    return {**kdf, "memory_mib": kdf["memory_kib"] // 1024}


def report_created(
    ctx: Context, created: Created, extra: dict[str, Any] | None = None, extra_lines: tuple[str, ...] = ()
) -> None:
    """What ``init`` (and ``demo``) print once: the vault, the KDF chosen, the recovery code and
    the inspector's audit key — the only time either secret is ever shown."""
    data = {
        "vault": str(created.path),
        "vault_id": created.vault_id,
        "recovery_code": created.recovery_code,
        "audit_key": created.audit_key,
        "kdf": {"name": "argon2id", **created.kdf.as_dict()},
        "kdf_seconds": round(created.kdf_seconds, 3) if created.kdf_seconds else None,
        **(extra or {}),
    }
    ctx.out.result(
        data,
        i18n.t("vault.created", vault=created.path),
        i18n.t("vault.kdf_chosen", seconds=data["kdf_seconds"], **_kdf_text(created.kdf.as_dict())),
        *extra_lines,
        "",
        i18n.t("vault.recovery_code"),
        f"    {created.recovery_code}",
        "",
        i18n.t("vault.audit_key"),
        f"    {created.audit_key}",
    )


def cmd_init(ctx: Context) -> int:
    passphrase = ctx.secrets.new_passphrase()
    created = create_vault(ctx.vault_path, passphrase, keyfile=ctx.keyfile(), actor=cli_actor())
    report_created(ctx, created)
    return 0


def cmd_info(ctx: Context) -> int:
    with ctx.unlocked() as vault:
        info = vault.info()
    kdf = info["kdf"]
    ctx.out.result(
        info,
        i18n.t("info.title", vault=info["vault"]),
        i18n.t("info.format", **info),
        i18n.t("info.kdf", **{**_kdf_text(kdf), "keyfile": i18n.t("yes" if kdf["keyfile"] else "no")}),
        i18n.t("info.counts", **info),
    )
    return 0


def cmd_passwd(ctx: Context) -> int:
    with ctx.unlocked() as vault:
        new = ctx.secrets.new_passphrase()
        vault.change_passphrase(ctx.last_passphrase, new, keyfile=ctx.keyfile())
    ctx.out.result({"ok": True}, i18n.t("vault.passphrase_changed"))
    return 0


def cmd_recover(ctx: Context) -> int:
    code = ctx.secrets.recovery_code()
    new = ctx.secrets.new_passphrase()
    vault, new_code = recover(ctx.vault_path, code, new, new_keyfile=ctx.keyfile(), actor=cli_actor())
    vault.lock(reason="command_done")
    ctx.out.result({"ok": True, "recovery_code": new_code}, i18n.t("vault.recovered"), f"    {new_code}")
    return 0


def cmd_rekey(ctx: Context) -> int:
    with ctx.unlocked() as vault:
        new_code = vault.rotate_data_key(ctx.last_passphrase, keyfile=ctx.keyfile())
    ctx.out.result({"ok": True, "recovery_code": new_code}, i18n.t("vault.rekeyed"), f"    {new_code}")
    return 0


def cmd_recovery_code(ctx: Context) -> int:
    with ctx.unlocked() as vault:
        new_code = vault.reissue_recovery_code(ctx.last_passphrase, keyfile=ctx.keyfile())
    ctx.out.result(
        {"ok": True, "recovery_code": new_code}, i18n.t("vault.recovery_reissued"), f"    {new_code}"
    )
    return 0


def cmd_check(ctx: Context) -> int:
    """Every page's HMAC and SQLite's structure, whatever the vault's size (unlock checks large
    vaults only in a bounded way), then the audit chain."""
    from app.errors import IntegrityViolation
    from storage import CorruptDatabase

    with ctx.unlocked() as vault:
        try:
            vault.db.check_integrity()
        except CorruptDatabase:
            raise IntegrityViolation("error.db_corrupt", path=str(vault.path / "vault.db")) from None
        report = vault.verify_audit()
    if not report.ok and report.problem is not None:
        reason = i18n.t(report.problem.reason_key, seq=report.problem.seq, **report.problem.params)
        raise IntegrityViolation("audit.verify.bad", reason=reason)
    ctx.out.result(
        {"ok": True, "audit_entries": report.entries}, i18n.t("vault.check_ok", entries=report.entries)
    )
    return 0


def cmd_doctor(ctx: Context) -> int:
    vault = Path(ctx.args.vault) if ctx.args.vault else None
    checks = doctor.run_checks(vault)
    overall = doctor.overall(checks)
    data = {
        "overall": overall,
        "checks": [
            {"id": c.id, "status": c.status, "title": c.title(), "detail": c.detail()} for c in checks
        ],
    }
    marks = {"green": "✓", "amber": "!", "red": "✗"}
    lines = [
        f"[{marks[c.status]}] {i18n.t('status.' + c.status)}: {c.title()} — {c.detail()}" for c in checks
    ]
    lines.append(i18n.t("terminal.overall", status=i18n.t("status." + overall)))
    ctx.out.result(data, *lines)
    return 1 if ctx.args.strict and overall == "red" else 0


def register(sub: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    def vault_cmd(name: str, func: Any, help_text: str) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = sub.add_parser(name, parents=[common], help=help_text)
        p.add_argument("vault", metavar="VAULT", help="vault directory")
        p.set_defaults(func=func)
        return p

    vault_cmd("init", cmd_init, "create a vault")
    vault_cmd("info", cmd_info, "format, KDF parameters, counts")
    vault_cmd("passwd", cmd_passwd, "change the passphrase (stdin: current, then new)")
    vault_cmd("recover", cmd_recover, "new passphrase with the recovery code (stdin: code, then new)")
    vault_cmd("rekey", cmd_rekey, "rotate the data key (PRAGMA rekey) and issue a new recovery code")
    vault_cmd("recovery-code", cmd_recovery_code, "retire the recovery code and issue a new one")
    vault_cmd("check", cmd_check, "check every page of the vault and the audit chain")
    doc = sub.add_parser("doctor", parents=[common], help="check this workstation")
    doc.add_argument("vault", metavar="VAULT", nargs="?", help="vault directory (optional)")
    doc.add_argument("--strict", action="store_true", help="exit 1 when a check is red")
    doc.set_defaults(func=cmd_doctor)
