"""``hoso audit verify | checkpoint | log``: what the security inspector runs. Must not import Qt."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from app import i18n
from app.atomic_file import write_atomic
from app.audit import checkpoint as cp_mod
from app.audit.entry import decode_details
from app.cli.context import Context
from app.errors import InvalidInput
from app.vault.create import parse_audit_key
from storage.audit_repo import AuditFilter


def _audit_key(ctx: Context) -> bytes | None:
    args = ctx.args
    if args.audit_key_file is not None:
        try:
            return parse_audit_key(Path(args.audit_key_file).read_text(encoding="utf-8").strip())
        except OSError:
            raise InvalidInput("error.file_unreadable", file=str(args.audit_key_file)) from None
    if args.audit_key is not None:
        return parse_audit_key(args.audit_key)
    return None


def cmd_verify(ctx: Context) -> int:
    audit_key = _audit_key(ctx)
    checkpoints = [(cp_mod.load(Path(f)), str(f)) for f in ctx.args.checkpoint or []]
    with ctx.unlocked() as vault:
        report = vault.verify_audit(audit_key, checkpoints)
    problem = report.problem
    reason = i18n.t(problem.reason_key, seq=problem.seq, **problem.params) if problem else None
    data = {
        "ok": report.ok,
        "entries": report.entries,
        "macs_checked": report.macs_checked,
        "checkpoints_checked": report.checkpoints_checked,
        "first_bad": problem.seq if problem else None,
        "reason": reason,
    }
    if problem:
        # Exit 4 always comes with its one sentence on stderr; --json adds the document on stdout.
        ctx.out.error(i18n.t("audit.verify.bad", reason=reason))
        if ctx.out.as_json:
            ctx.out.result(data)
        return 4
    macs = i18n.t("audit.verify.with_macs" if report.macs_checked else "audit.verify.without_macs")
    cps = (
        i18n.t("audit.verify.checkpoints", n=report.checkpoints_checked) if report.checkpoints_checked else ""
    )
    ctx.out.result(data, i18n.t("audit.verify.ok", entries=report.entries, macs=macs, cps=cps))
    return 0


def cmd_checkpoint(ctx: Context) -> int:
    out = Path(ctx.args.out)
    with ctx.unlocked() as vault:
        cp = vault.checkpoint()
        if out.suffix.lower() == ".pdf":
            from app.audit.slip import checkpoint_pdf

            write_atomic(out, checkpoint_pdf(cp, vault_name=vault.path.name))
        else:
            write_atomic(out, json.dumps(cp.to_json(), indent=2).encode() + b"\n")
    ctx.out.result(cp.to_json(), i18n.t("checkpoint.written", seq=cp.seq, file=out))
    return 0


def cmd_log(ctx: Context) -> int:
    flt = AuditFilter(
        since=ctx.args.since, until=ctx.args.until, action=ctx.args.action, target=ctx.args.target
    )
    with ctx.unlocked() as vault:
        rows = vault.audit.repo.page(flt, 0, ctx.args.limit)
    entries: list[dict[str, Any]] = [
        {
            "seq": r.seq,
            "time": r.ts,
            "actor": r.actor,
            "action": r.action,
            "target": r.target,
            "details": decode_details(r.details),
            "entry_hash": r.entry_hash.hex(),
        }
        for r in reversed(rows)
    ]
    lines = [f"{e['seq']:>7}  {e['time']}  {e['action']:<28} {e['target']}  {e['actor']}" for e in entries]
    ctx.out.result(entries, *lines)
    return 0


def register(sub: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    audit = sub.add_parser("audit", help="verify and read the audit log")
    asub = audit.add_subparsers(dest="audit_command", required=True, metavar="verify|checkpoint|log")
    v = asub.add_parser("verify", parents=[common], help="verify the chain, MACs and checkpoints")
    v.add_argument("vault", metavar="VAULT")
    v.add_argument("--audit-key", metavar="K", help="the inspector's audit key K(0)")
    v.add_argument("--audit-key-file", metavar="F", help="read K(0) from a file instead")
    v.add_argument("--checkpoint", metavar="F", action="append", help="a checkpoint JSON (repeatable)")
    v.set_defaults(func=cmd_verify)
    c = asub.add_parser("checkpoint", parents=[common], help="write a signed checkpoint (JSON, or PDF slip)")
    c.add_argument("vault", metavar="VAULT")
    c.add_argument("--out", required=True, metavar="F")
    c.set_defaults(func=cmd_checkpoint)
    lg = asub.add_parser("log", parents=[common], help="read the audit log")
    lg.add_argument("vault", metavar="VAULT")
    lg.add_argument("--since", metavar="D", help="from this date/time (ISO, UTC)")
    lg.add_argument("--until", metavar="D", help="before this date/time (ISO, UTC)")
    lg.add_argument("--action", metavar="A", help="an action, or a prefix ending in '.'")
    lg.add_argument("--target", metavar="T", help="text contained in the target")
    lg.add_argument("--limit", type=int, default=1000, metavar="N")
    lg.set_defaults(func=cmd_log)
