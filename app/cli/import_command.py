"""``hoso import | export``: interchange JSON or CSV in, all or nothing; interchange JSON out.

``import`` reads and validates the file before it asks for the passphrase: a file that is bad
on its own is refused without the vault being opened at all. Then, unlocked, it checks the
file against the vault (field policy, existing personal ids) and saves every record in one
transaction, or nothing. ``--json`` prints the report (``created``, ``updated``, ``unchanged``,
``errors``, ``warnings`` …); exit status 1 when the file is rejected.

``export`` writes the chosen dossiers (all by default), restricted values masked unless
``--reveal``; audited either way. Must not import Qt.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app import i18n
from app.cli.context import Context
from app.dossier import exporter, importer


def dossier_ids(text: str) -> list[int]:
    out: list[int] = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or int(part) < 1:
            raise argparse.ArgumentTypeError(f"not a dossier id: {part[:20]!r}")
        out.append(int(part))
    if not out:
        raise argparse.ArgumentTypeError("no dossier id given")
    return out


def print_problems(ctx: Context, report: importer.Report) -> None:
    """An import's errors and warnings, one sentence per line on stderr (not with ``--json``)."""
    if ctx.out.as_json:
        return
    for issue in report.errors.items:
        ctx.out.error(issue.line(report.file))
    for line in report.omitted_lines():
        sys.stderr.write(line + "\n")
    for issue in report.warnings.items:
        sys.stderr.write(i18n.t("import.warning", line=issue.line(report.file)) + "\n")


def _finish(ctx: Context, report: importer.Report) -> int:
    """The report: problems one sentence per line on stderr, the summary (or JSON) on stdout."""
    print_problems(ctx, report)
    if report.rejected:
        if ctx.out.as_json:
            ctx.out.result(report.as_json())
        else:
            ctx.out.error(report.summary())
        return 1
    ctx.out.result(report.as_json(), report.summary())
    return 0


def cmd_import(ctx: Context) -> int:
    path = Path(ctx.args.file)
    basis = importer.check_basis(ctx.args.basis)
    plan = importer.prepare(path)
    if not plan.ok:  # refused on its own: the vault is not even opened
        return _finish(ctx, importer.Report.of_plan(plan, dry_run=ctx.args.dry_run))
    with ctx.unlocked() as vault:
        report = importer.apply(vault, plan, basis=basis, dry_run=ctx.args.dry_run)
    return _finish(ctx, report)


def cmd_export(ctx: Context) -> int:
    out = Path(ctx.args.out)
    with ctx.unlocked() as vault:
        done = exporter.export(vault, out, ctx.args.ids, reveal=ctx.args.reveal)
    key = "export.done" if done.masked else "export.done_revealed"
    lines = [i18n.t(key, count=done.count, file=done.file)]
    if done.over_import_limit:
        lines.append(i18n.t("export.over_limit"))
    ctx.out.result(done.as_json(), *lines)
    return 0


def register(sub: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    imp = sub.add_parser("import", parents=[common], help="import interchange JSON or CSV (all or nothing)")
    imp.add_argument("vault", metavar="VAULT")
    imp.add_argument("file", metavar="FILE", help="interchange JSON (.json) or CSV (.csv)")
    imp.add_argument("--dry-run", action="store_true", help="validate and report; write nothing")
    imp.add_argument(
        "--basis", metavar="REF", help="reference of the decision behind the changes (kept in history)"
    )
    imp.set_defaults(func=cmd_import)
    exp = sub.add_parser("export", parents=[common], help="export dossiers as interchange JSON")
    exp.add_argument("vault", metavar="VAULT")
    exp.add_argument("--out", metavar="FILE", required=True, help="the file to write (mode 0600)")
    exp.add_argument("--ids", metavar="ID[,ID...]", type=dossier_ids, help="these dossiers (default: all)")
    exp.add_argument(
        "--reveal", action="store_true", help="restricted values in clear (plaintext on disk; audited)"
    )
    exp.set_defaults(func=cmd_export)
