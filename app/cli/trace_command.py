"""``hoso trace VAULT FILE...``: which registered copy each page of the given files came from.

Reads every file first (a missing or oversized file stops the command before anything is
traced), then traces them all in one audited run (:mod:`app.trace.service`). Exit status
(spec/cli.md): 0 when at least one page was identified and no token was forged, 1 when nothing
was identified, 4 when any token was forged. Must not import Qt.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app import i18n
from app.cli.context import Context
from app.datefmt import local_datetime
from app.extract import serials
from app.trace import sources
from app.trace.identify import LAYERS
from app.trace.service import Match, TraceService, Unidentified


def _where(number: int | None) -> str:
    return i18n.t("cli.trace.where", page=number) if number is not None else ""


def match_line(m: Match) -> str:
    return i18n.t(
        "cli.trace.match", file=m.file, where=_where(m.input_page), k=m.copy_no, n=m.copies,
        serial=serials.grouped(m.serial), reader=m.reader, decision=m.decision, dossier=m.dossier,
        cadre=m.cadre, issued=local_datetime(m.issued_at, False),
        page=i18n.t("cli.trace.page", page=m.page) if m.page else "",
        layer=i18n.t(f"trace.layer.{m.layer}"),
        authentic=i18n.t("cli.trace.authentic" if m.authentic else "cli.trace.not_authentic"),
    )  # fmt: skip


def unidentified_line(u: Unidentified) -> str:
    serial = f" {serials.grouped(u.serial)}" if u.serial else ""
    if u.candidates:
        serial += i18n.t("cli.trace.candidates", serials=", ".join(serials.grouped(s) for s in u.candidates))
    reason = u.message or i18n.t(f"trace.reason.{u.reason}")
    return i18n.t(
        "cli.trace.unidentified", file=u.file, where=_where(u.input_page), reason=reason, serial=serial
    )


def cmd_trace(ctx: Context) -> int:
    given = [sources.load(Path(f)) for f in ctx.args.files]
    layers = tuple(ctx.args.layers) if ctx.args.layers else LAYERS
    with ctx.unlocked() as vault:
        report = TraceService(vault).trace(given, layers=layers)
    lines = [match_line(m) for m in report.matches] + [unidentified_line(u) for u in report.unidentified]
    ctx.out.result(report.as_json(), *lines)
    if report.forged:
        return 4
    return 0 if report.matches else 1


def _layers(text: str) -> list[str]:
    chosen = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [c for c in chosen if c not in LAYERS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"layers are {', '.join(LAYERS)}")
    return chosen


def register(sub: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    trc = sub.add_parser("trace", parents=[common], help="identify copies from PDFs, images or text")
    trc.add_argument("vault", metavar="VAULT")
    trc.add_argument("files", nargs="+", metavar="FILE")
    trc.add_argument("--layers", type=_layers, metavar="L,...", help="only these of qr,lattice,text")
    trc.set_defaults(func=cmd_trace)
