"""``hoso reader add|list|deactivate``, ``hoso approval add|revoke|list`` and ``hoso reading
open|close|list``: the readers, their written approvals and the reading register.

Every act is audited by the services in ``app.extract``. Must not import Qt.
"""

from __future__ import annotations

import argparse
from typing import Any

from app import i18n
from app.cli.context import Context
from app.datefmt import local_datetime, partial_date
from app.extract.approvals import ApprovalInput, Approvals
from app.extract.readers import ReaderBook
from app.extract.reading import ReadingRegister
from app.extract.scope import FORMS


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}")
    return value


def id_list(text: str) -> tuple[int, ...]:
    return tuple(positive(part) for part in text.split(",") if part.strip())


def name_list(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def cmd_reader_add(ctx: Context) -> int:
    a = ctx.args
    with ctx.unlocked() as vault:
        reader_id = ReaderBook(vault).add(a.name, a.unit, a.title or "", a.id_document or "", a.notes or "")
    ctx.out.result({"id": reader_id}, i18n.t("cli.reader.added", id=reader_id))
    return 0


def cmd_reader_list(ctx: Context) -> int:
    with ctx.unlocked() as vault:
        readers = ReaderBook(vault).find()
    inactive = "  " + i18n.t("cli.inactive")
    lines = [
        f"{r.id:>5}  {r.full_name:<30}  {r.title:<25}  {r.unit}{'' if r.active else inactive}"
        for r in readers
    ]
    ctx.out.result([r.as_json() for r in readers], *lines)
    return 0


def cmd_reader_deactivate(ctx: Context) -> int:
    with ctx.unlocked() as vault:
        ReaderBook(vault).deactivate(ctx.args.id)
    ctx.out.result({"ok": True}, i18n.t("cli.done"))
    return 0


def cmd_approval_add(ctx: Context) -> int:
    a = ctx.args
    given = ApprovalInput(
        reader_id=a.reader, decision_no=a.decision_no, decision_date=a.decision_date, signer=a.signer,
        dossiers=a.dossiers, sections=a.sections, valid_until=a.valid_until, copies=a.copies, form=a.form,
        signer_title=a.signer_title or "", purpose=a.purpose or "", valid_from=a.valid_from or "",
    )  # fmt: skip
    with ctx.unlocked() as vault:
        approval_id = Approvals(vault).add(given)
    ctx.out.result({"id": approval_id}, i18n.t("cli.approval.added", id=approval_id))
    return 0


def cmd_approval_revoke(ctx: Context) -> int:
    with ctx.unlocked() as vault:
        Approvals(vault).revoke(ctx.args.id, ctx.args.reason or "")
    ctx.out.result({"ok": True}, i18n.t("cli.approval.revoked", id=ctx.args.id))
    return 0


def cmd_approval_list(ctx: Context) -> int:
    with ctx.unlocked() as vault:
        service = Approvals(vault)
        approvals, today = service.find(ctx.args.reader), service.today()
    data, lines = [], []
    for approval in approvals:
        r, state = approval.row, approval.state(today)
        data.append({**approval.as_json(), "state": state})
        lines.append(
            f"{r.id:>5}  {r.decision_no:<14} {partial_date(r.decision_date)}"
            f"  {i18n.t('cli.reader')} {r.reader_id}"
            f"  {r.form}  {r.copies}  {partial_date(r.valid_from)}–{partial_date(r.valid_until)}"
            f"  {i18n.t(f'cli.state.{state}')}  {','.join(map(str, r.dossiers))}  {','.join(r.sections)}"
        )
    ctx.out.result(data, *lines)
    return 0


def cmd_reading_open(ctx: Context) -> int:
    a = ctx.args
    with ctx.unlocked() as vault:
        session_id = ReadingRegister(vault).open(a.approval, a.dossiers, a.sections, a.remarks or "")
    ctx.out.result({"id": session_id}, i18n.t("cli.reading.opened", id=session_id))
    return 0


def cmd_reading_close(ctx: Context) -> int:
    with ctx.unlocked() as vault:
        ReadingRegister(vault).close(ctx.args.id, ctx.args.remarks)
    ctx.out.result({"ok": True}, i18n.t("cli.done"))
    return 0


def cmd_reading_list(ctx: Context) -> int:
    with ctx.unlocked() as vault:
        readings = ReadingRegister(vault).find(open_only=ctx.args.open)
    lines = [
        f"{s.row.id:>5}  {i18n.t('cli.reader')} {s.row.reader_id}  {local_datetime(s.row.opened_at, False)}"
        f" – {local_datetime(s.row.closed_at, False) if s.row.closed_at else i18n.t('cli.reading.open_now')}"
        f"  {','.join(map(str, s.row.dossiers))}  {','.join(s.row.sections)}  {s.row.remarks}"
        for s in readings
    ]
    ctx.out.result([s.as_json() for s in readings], *lines)
    return 0


def register(sub: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    reader = sub.add_parser("reader", help="readers approved to study dossiers")
    rsub = reader.add_subparsers(dest="reader_command", required=True, metavar="add|list|deactivate")
    add = rsub.add_parser("add", parents=[common], help="register a reader")
    add.add_argument("vault", metavar="VAULT")
    add.add_argument("--name", required=True, metavar="N")
    add.add_argument("--unit", required=True, metavar="U")
    add.add_argument("--title", metavar="T", default="")
    add.add_argument("--id-document", metavar="NO", help="identity document number (kept sealed)")
    add.add_argument("--notes", metavar="TEXT")
    add.set_defaults(func=cmd_reader_add)
    lst = rsub.add_parser("list", parents=[common], help="list readers")
    lst.add_argument("vault", metavar="VAULT")
    lst.set_defaults(func=cmd_reader_list)
    deact = rsub.add_parser("deactivate", parents=[common], help="deactivate a reader (never deleted)")
    deact.add_argument("vault", metavar="VAULT")
    deact.add_argument("id", type=positive, metavar="ID")
    deact.set_defaults(func=cmd_reader_deactivate)

    approval = sub.add_parser("approval", help="written approvals")
    asub = approval.add_subparsers(dest="approval_command", required=True, metavar="add|revoke|list")
    add = asub.add_parser("add", parents=[common], help="record a written approval")
    add.add_argument("vault", metavar="VAULT")
    add.add_argument("--reader", required=True, type=positive, metavar="ID")
    add.add_argument("--decision-no", required=True, metavar="NO")
    add.add_argument("--decision-date", required=True, metavar="D", help="dd/mm/yyyy or yyyy-mm-dd")
    add.add_argument("--signer", required=True, metavar="S")
    add.add_argument("--signer-title", metavar="T")
    add.add_argument("--dossiers", required=True, type=id_list, metavar="ID[,ID]")
    add.add_argument("--sections", required=True, type=name_list, metavar="S[,S]")
    add.add_argument("--copies", required=True, type=positive, metavar="N")
    add.add_argument("--valid-from", metavar="D", help="default: the decision date")
    add.add_argument("--valid-until", required=True, metavar="D")
    add.add_argument("--purpose", metavar="P")
    add.add_argument("--form", choices=FORMS, default="ban_in")
    add.set_defaults(func=cmd_approval_add)
    rev = asub.add_parser("revoke", parents=[common], help="revoke an approval at once")
    rev.add_argument("vault", metavar="VAULT")
    rev.add_argument("id", type=positive, metavar="ID")
    rev.add_argument("--reason", metavar="TEXT")
    rev.set_defaults(func=cmd_approval_revoke)
    lst = asub.add_parser("list", parents=[common], help="list approvals and their state today")
    lst.add_argument("vault", metavar="VAULT")
    lst.add_argument("--reader", type=positive, metavar="ID")
    lst.set_defaults(func=cmd_approval_list)

    reading = sub.add_parser("reading", help="the reading register (on-site reading sessions)")
    gsub = reading.add_subparsers(dest="reading_command", required=True, metavar="open|close|list")
    opn = gsub.add_parser("open", parents=[common], help="open a reading session")
    opn.add_argument("vault", metavar="VAULT")
    opn.add_argument("--approval", required=True, type=positive, metavar="ID")
    opn.add_argument("--dossiers", required=True, type=id_list, metavar="ID[,ID]")
    opn.add_argument("--sections", required=True, type=name_list, metavar="S[,S]")
    opn.add_argument("--remarks", metavar="TEXT")
    opn.set_defaults(func=cmd_reading_open)
    cls = gsub.add_parser("close", parents=[common], help="close a reading session")
    cls.add_argument("vault", metavar="VAULT")
    cls.add_argument("id", type=positive, metavar="ID")
    cls.add_argument("--remarks", metavar="TEXT")
    cls.set_defaults(func=cmd_reading_close)
    lst = gsub.add_parser("list", parents=[common], help="the reading register")
    lst.add_argument("vault", metavar="VAULT")
    lst.add_argument("--open", action="store_true", help="only sessions not closed")
    lst.set_defaults(func=cmd_reading_list)
