"""``hoso keys show`` and ``hoso package export | import | list | history``: sealed, signed packages
of dossiers handed between authorities on removable media (docs/packages.md).

``keys show`` prints this vault's public keys, their fingerprint (to compare aloud or on paper)
and the key text the other authority passes as ``--recipient`` or ``--sender``; ``--out`` writes
it to a small file (a key argument may also name such a file). ``package import`` reads the file
and checks its signature against ``--sender`` before it asks for the passphrase. Exit status: 1
when the package's contents are refused (the importer's report, one sentence per problem), 4 when
it is altered, truncated, signed by someone else, sealed for another vault or already imported.
Must not import Qt.
"""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path
from typing import Any

from app import i18n
from app.atomic_file import write_atomic
from app.cli.context import Context
from app.cli.import_command import dossier_ids, print_problems
from app.cli.reader_commands import positive
from app.datefmt import local_datetime
from app.errors import EnvironmentFault
from app.packages import identity
from app.packages import register as book
from app.packages.export import export_package
from app.packages.importer import Received, check_file, receive
from app.packages.payload import MAX_REFERENCE


def cmd_keys_show(ctx: Context) -> int:
    with ctx.unlocked() as vault:
        key = identity.OrgKey.of_vault(vault)
        vault_id = vault.vault_id
    out = ctx.args.out
    if out is not None:
        try:
            write_atomic(Path(out), identity.card(key, vault_id).encode("utf-8"))
        except OSError as exc:
            raise EnvironmentFault(
                "package.write_failed", file=Path(out).name, reason=exc.strerror or ""
            ) from None
    lines = [
        i18n.t("cli.keys.title", vault_id=vault_id),
        i18n.t("cli.keys.signing", value=key.signing.hex()),
        i18n.t("cli.keys.agreement", value=key.agreement.hex()),
        i18n.t("cli.keys.fingerprint", fingerprint=key.fingerprint),
        i18n.t("cli.keys.text"),
        key.text(),
    ]
    if out is not None:
        lines.append(i18n.t("cli.keys.written", file=out))
    ctx.out.result({"vault_id": vault_id, **key.as_json(), **({"file": str(out)} if out else {})}, *lines)
    return 0


def cmd_export(ctx: Context) -> int:
    recipient = identity.resolve(ctx.args.recipient, "--recipient")
    with ctx.unlocked() as vault:
        sent = export_package(
            vault,
            Path(ctx.args.to),
            recipient,
            ctx.args.ids,
            history=ctx.args.history,
            reference=ctx.args.reference,
            transfer=ctx.args.transfer,
        )
    lines = [
        i18n.t(
            "cli.package.exported", file=sent.file, count=len(sent.dossiers), recipient=recipient.fingerprint
        ),
        i18n.t("cli.package.contents", documents=sent.documents, scans=sent.scans, portraits=sent.portraits),
        i18n.t("cli.package.id", package_id=sent.package_id, sha256=sent.sha256[:16]),
    ]
    if sent.transfer:
        lines.append(i18n.t("cli.package.transferred", count=len(sent.dossiers), reference=sent.reference))
    ctx.out.result(sent.as_json(), *lines)
    return 0


def _finish(ctx: Context, result: Received) -> int:
    report = result.report
    print_problems(ctx, report)
    if report.rejected:
        if ctx.out.as_json:
            ctx.out.result(result.as_json())
        else:
            ctx.out.error(i18n.t("cli.package.rejected", file=report.file, count=report.errors.total))
        return 1
    key = "cli.package.checked" if report.dry_run else "cli.package.received"
    counts: dict[str, Any] = {
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
    }
    files: dict[str, Any] = {
        "documents": result.documents,
        "scans": result.scans,
        "portraits": result.portraits,
    }
    lines = [
        i18n.t(key, file=report.file, records=report.records, sender=result.sender.fingerprint, **counts),
        i18n.t("cli.package.files", skipped=result.skipped_documents, **files),
        i18n.t("cli.package.id", package_id=result.package_id, sha256=result.sha256[:16]),
    ]
    if result.reference:
        lines.append(i18n.t("cli.package.reference", reference=result.reference))
    ctx.out.result(result.as_json(), *lines)
    return 0


def cmd_import(ctx: Context) -> int:
    sender = identity.resolve(ctx.args.sender, "--sender")
    sealed = check_file(Path(ctx.args.file), sender)  # refused before the vault is opened
    with ctx.unlocked() as vault:
        result = receive(vault, sealed, basis=ctx.args.basis, dry_run=ctx.args.dry_run)
    return _finish(ctx, result)


def cmd_list(ctx: Context) -> int:
    with ctx.unlocked() as vault:
        sent, received = book.sent(vault), book.received(vault)
    data = {
        "sent": [{**asdict(r), "dossier_ids": list(r.dossier_ids)} for r in sent],
        "received": [{**asdict(r), "dossier_ids": list(r.dossier_ids)} for r in received],
    }
    lines = [i18n.t("cli.package.sent_head", count=len(sent))]
    for s in sent:
        fingerprint = identity.grouped(bytes.fromhex(s.recipient))
        row: dict[str, Any] = {"package_id": s.package_id, "count": len(s.dossier_ids), "file": s.file}
        row.update(transfer="✓" if s.transfer else "–", reference=s.reference or "–")
        lines.append(
            i18n.t("cli.package.sent_row", at=local_datetime(s.created_at), recipient=fingerprint, **row)
        )
    lines.append(i18n.t("cli.package.received_head", count=len(received)))
    for r in received:
        fingerprint = identity.grouped(bytes.fromhex(r.sender))
        got: dict[str, Any] = {
            "package_id": r.package_id,
            "count": len(r.dossier_ids),
            "created": r.created,
            "updated": r.updated,
        }
        got["reference"] = r.reference or "–"
        lines.append(
            i18n.t("cli.package.received_row", at=local_datetime(r.received_at), sender=fingerprint, **got)
        )
    ctx.out.result(data, *lines)
    return 0


def cmd_history(ctx: Context) -> int:
    with ctx.unlocked() as vault:
        carried = book.carried_history(vault, ctx.args.id, reveal=ctx.args.reveal)
    lines = []
    for item in carried:
        lines.append(i18n.t("cli.package.history_head", package_id=item.package_id, count=len(item.changes)))
        for c in item.changes:
            lines.append(i18n.t("cli.package.history_line", at=local_datetime(c["at"]), actor=c["actor"],
                                path=c["path"], old=_shown(c["old"]), new=_shown(c["new"]),
                                source=c["source"] or "–", basis=c["basis"] or "–"))  # fmt: skip
    if not carried:
        lines.append(i18n.t("cli.package.no_history", id=ctx.args.id))
    data = [{"package_id": item.package_id, "changes": item.changes} for item in carried]
    ctx.out.result(data, *lines)
    return 0


def _shown(value: Any) -> str:
    if value is None:
        return "–"
    text = value if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _reference(text: str) -> str:
    if len(text) > MAX_REFERENCE:
        raise argparse.ArgumentTypeError(f"at most {MAX_REFERENCE} characters")
    return text


def register_keys(sub: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    keys = sub.add_parser("keys", help="this vault's organisation keys")
    ksub = keys.add_subparsers(dest="keys_command", required=True, metavar="show")
    show = ksub.add_parser("show", parents=[common], help="the public keys, fingerprint and key text")
    show.add_argument("vault", metavar="VAULT")
    show.add_argument("--out", metavar="FILE", help="also write the key text to FILE (for the other side)")
    show.set_defaults(func=cmd_keys_show)


def register(sub: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    register_keys(sub, common)
    package = sub.add_parser("package", help="sealed, signed packages of dossiers for another authority")
    psub = package.add_subparsers(dest="package_command", required=True, metavar="export|import|list|history")
    exp = psub.add_parser("export", parents=[common], help="seal dossiers for a recipient")
    exp.add_argument("vault", metavar="VAULT")
    exp.add_argument("--to", required=True, metavar="FILE", help="the package file to write (must not exist)")
    exp.add_argument("--recipient", required=True, metavar="KEY", help="the recipient's key text (or a file)")
    exp.add_argument("--ids", metavar="ID[,ID...]", type=dossier_ids, help="these dossiers (default: all)")
    exp.add_argument("--history", action="store_true", help="include each dossier's change history")
    exp.add_argument("--reference", type=_reference, metavar="REF", help="the covering decision or letter")
    exp.add_argument(
        "--transfer", action="store_true", help="mark the dossiers chuyen_di (needs --reference and --ids)"
    )
    exp.set_defaults(func=cmd_export)
    imp = psub.add_parser("import", parents=[common], help="verify, open and import a package")
    imp.add_argument("vault", metavar="VAULT")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument(
        "--sender", required=True, metavar="KEY", help="the expected sender's key text (or a file)"
    )
    imp.add_argument("--dry-run", action="store_true", help="check everything; write nothing")
    imp.add_argument(
        "--basis", metavar="REF", help="basis recorded in history (default: the package's reference)"
    )
    imp.set_defaults(func=cmd_import)
    lst = psub.add_parser("list", parents=[common], help="packages sent and received")
    lst.add_argument("vault", metavar="VAULT")
    lst.set_defaults(func=cmd_list)
    his = psub.add_parser(
        "history", parents=[common], help="the change history packages carried for a dossier"
    )
    his.add_argument("vault", metavar="VAULT")
    his.add_argument("id", type=positive, metavar="ID")
    his.add_argument("--reveal", action="store_true", help="restricted values in clear (audited)")
    his.set_defaults(func=cmd_history)
