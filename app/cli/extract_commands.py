"""``hoso extract``, ``hoso copies`` and ``hoso copy``: issuing watermarked copies, reading the copy
register, recording a copy's later events.

``extract`` checks the output folder first, then issues and registers the copies (``app.extract``)
and writes one PDF per copy into that folder and nowhere else, each write audited. Must not import
Qt.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app import i18n
from app.cli.context import Context
from app.cli.reader_commands import name_list, positive
from app.datefmt import local_datetime
from app.errors import InvalidInput
from app.extract import serials
from app.extract.layouts import LAYOUTS
from app.extract.register import EVENTS, CopyRegister
from app.extract.register_report import copy_register_pdf
from app.extract.release import file_name, save_copy, save_report
from app.extract.service import ExtractService, Request


def cmd_extract(ctx: Context) -> int:
    a = ctx.args
    out = Path(a.out)
    if not out.is_dir():
        raise InvalidInput("extract.out_not_dir", dir=str(out))
    request = Request(a.approval, a.dossier, a.copies, a.layout, a.sections or ())
    results: list[dict[str, Any]] = []
    with ctx.unlocked() as vault:
        for copy in ExtractService(vault).issue(request):
            path = out / file_name(a.dossier, copy.copy_no, copy.copies, copy.serial)
            save_copy(vault, copy.serial, copy.pdf, path)
            results.append({**copy.as_json(), "file": str(path)})
    lines = [
        i18n.t(
            "cli.extract.copy",
            k=r["copy_no"],
            n=r["copies"],
            serial=serials.grouped(r["serial"]),
            pages=r["pages"],
            file=r["file"],
        )
        for r in results
    ]
    ctx.out.result({"copies": results}, *lines)
    return 0


def cmd_copies(ctx: Context) -> int:
    a = ctx.args
    with ctx.unlocked() as vault:
        entries = CopyRegister(vault).find(a.approval, a.dossier)
        if a.pdf:
            pdf = copy_register_pdf(vault, entries)
            save_report(vault, "copies", pdf, Path(a.pdf))
    lines = [
        f"{serials.grouped(e.row.serial)}  {e.row.copy_no}/{e.row.copies}"
        f"  {i18n.t('cli.reader')} {e.row.reader_id}"
        f"  {i18n.t('cli.dossier')} {e.row.dossier_id}  {e.row.layout:<8} {e.row.pages:>3}  "
        f"{local_datetime(e.row.issued_at, False)}  {i18n.t(f'cli.status.{e.row.status}')}"
        for e in entries
    ]
    ctx.out.result([e.as_json() for e in entries], *lines)
    return 0


def cmd_copy(ctx: Context) -> int:
    with ctx.unlocked() as vault:
        CopyRegister(vault).mark(ctx.args.serial, ctx.args.mark, ctx.args.note or "")
    ctx.out.result({"ok": True}, i18n.t("cli.done"))
    return 0


def register(sub: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    ext = sub.add_parser("extract", parents=[common], help="build and register watermarked copies")
    ext.add_argument("vault", metavar="VAULT")
    ext.add_argument("--approval", required=True, type=positive, metavar="ID")
    ext.add_argument("--dossier", required=True, type=positive, metavar="ID")
    ext.add_argument("--copies", required=True, type=positive, metavar="N")
    ext.add_argument("--out", required=True, metavar="DIR", help="an existing folder for the PDFs")
    ext.add_argument("--layout", choices=LAYOUTS, default="tt06")
    ext.add_argument("--sections", type=name_list, metavar="S,...", help="default: all the approval allows")
    ext.set_defaults(func=cmd_extract)
    cps = sub.add_parser("copies", parents=[common], help="the copy register")
    cps.add_argument("vault", metavar="VAULT")
    cps.add_argument("--approval", type=positive, metavar="ID")
    cps.add_argument("--dossier", type=positive, metavar="ID")
    cps.add_argument("--pdf", metavar="F", help="also write the register as a PDF report to F")
    cps.set_defaults(func=cmd_copies)
    cpy = sub.add_parser("copy", parents=[common], help="record a copy's later event")
    cpy.add_argument("vault", metavar="VAULT")
    cpy.add_argument("serial", metavar="SERIAL")
    cpy.add_argument("--mark", required=True, choices=EVENTS)
    cpy.add_argument("--note", metavar="T", help="for destroyed: the destruction record")
    cpy.set_defaults(func=cmd_copy)
