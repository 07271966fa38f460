"""``hoso doc``: a dossier's documents and their scans.

- ``hoso doc add VAULT DOSSIER --kind K [--title T] [--number N] [--date D] [--issuer I]
  [--secrecy S] [--pages N] [--received D] [--year Y] [--scan FILE ...]`` files a document, with
  the pages of the scan files (JPEG, PNG, TIFF, PDF; all or nothing);
- ``hoso doc scan VAULT DOCUMENT FILE...`` adds scanned pages to a document;
- ``hoso doc list VAULT DOSSIER [--removed]`` lists the inventory, its scans, and the yearly items
  missing for each year of service;
- ``hoso doc remove VAULT DOCUMENT --reason R`` / ``hoso doc remove-scan VAULT SCAN --reason R``
  remove, keeping a tombstone (who, when, why) and deleting the images.

Every act is audited by ``app.documents.service``. Must not import Qt.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app import i18n
from app.cli.context import Context
from app.cli.reader_commands import positive
from app.datefmt import local_datetime, partial_date
from app.documents.service import DocumentService, Filed
from app.errors import InvalidInput

MAX_FILE = 60 * 1024 * 1024


def _files(paths: list[str]) -> list[tuple[str, bytes]]:
    out = []
    for text in paths or []:
        path = Path(text)
        try:
            if path.stat().st_size > MAX_FILE:
                raise InvalidInput("cli.doc.too_large", file=path.name, mb=MAX_FILE // (1024 * 1024))
            out.append((path.name, path.read_bytes()))
        except OSError:
            raise InvalidInput("cli.doc.unreadable", file=str(path)) from None
    return out


def _json(item: Filed) -> dict[str, Any]:
    d = item.document
    return {
        "id": d.id, "kind": d.kind, "title": d.title, "number": d.number, "date": d.date, "issuer": d.issuer,
        "secrecy": d.secrecy, "page_count": d.page_count, "received_on": d.received_on, "year": d.year,
        "created_at": d.created_at, "removed_at": d.removed_at, "removed_by": d.removed_by,
        "removal_reason": d.removal_reason,
        "scans": [{"id": s.id, "position": s.position, "mime": s.mime, "width": s.width, "height": s.height,
                   "size": s.size, "sha256": s.sha256, "removed_at": s.removed_at} for s in item.scans],
    }  # fmt: skip


def _line(service: DocumentService, item: Filed) -> str:
    d = item.document
    parts = [f"{d.id:>5}", service.kind_label(d.kind)]
    if d.year:
        parts.append(str(d.year))
    parts += [p for p in (d.title, d.number, partial_date(d.date) if d.date else "") if p]
    live = [s for s in item.scans if s.removed_at is None]
    parts.append(i18n.t("cli.doc.pages", n=len(live)))
    if d.removed_at:
        parts.append(
            i18n.t("cli.doc.removed", at=local_datetime(d.removed_at, False), reason=d.removal_reason)
        )
    return "  ".join(parts)


def cmd_doc_list(ctx: Context) -> int:
    with ctx.unlocked() as vault:
        service = DocumentService(vault)
        items = service.documents(ctx.args.dossier, removed=ctx.args.removed)
        missing = service.missing_yearly(ctx.args.dossier)
        lines = [_line(service, item) for item in items] or [i18n.t("cli.doc.none")]
        for year, kinds in missing.items():
            lines.append(
                i18n.t("cli.doc.missing", year=year, kinds=", ".join(service.kind_label(k) for k in kinds))
            )
    data = {"documents": [_json(i) for i in items], "missing_yearly": {str(y): k for y, k in missing.items()}}
    ctx.out.result(data, *lines)
    return 0


def cmd_doc_add(ctx: Context) -> int:
    a = ctx.args
    values = {"kind": a.kind, "title": a.title, "number": a.number, "date": a.date, "issuer": a.issuer}
    values.update(secrecy=a.secrecy, page_count=a.pages, received_on=a.received, year=a.year)
    files = _files(a.scan)
    with ctx.unlocked() as vault:
        document_id = DocumentService(vault).add(a.dossier, {k: v for k, v in values.items() if v}, files)
    ctx.out.result({"id": document_id}, i18n.t("cli.doc.added", id=document_id))
    return 0


def cmd_doc_scan(ctx: Context) -> int:
    files = _files(ctx.args.files)
    with ctx.unlocked() as vault:
        ids = DocumentService(vault).add_scans(ctx.args.document, files)
    ctx.out.result({"scans": ids}, i18n.t("cli.doc.scanned", n=len(ids), id=ctx.args.document))
    return 0


def cmd_doc_remove(ctx: Context) -> int:
    with ctx.unlocked() as vault:
        DocumentService(vault).remove(ctx.args.document, ctx.args.reason)
    ctx.out.result({"removed": ctx.args.document}, i18n.t("cli.doc.removed_one", id=ctx.args.document))
    return 0


def cmd_doc_remove_scan(ctx: Context) -> int:
    with ctx.unlocked() as vault:
        DocumentService(vault).remove_scan(ctx.args.scan, ctx.args.reason)
    ctx.out.result({"removed_scan": ctx.args.scan}, i18n.t("cli.doc.scan_removed", id=ctx.args.scan))
    return 0


def register(sub: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    doc = sub.add_parser("doc", help="a dossier's documents and scans")
    dsub = doc.add_subparsers(dest="doc_command", required=True, metavar="add|scan|list|remove|remove-scan")
    add = dsub.add_parser("add", parents=[common], help="file a document (with scans)")
    add.add_argument("vault", metavar="VAULT")
    add.add_argument("dossier", type=positive, metavar="DOSSIER")
    add.add_argument("--kind", required=True, metavar="K", help="a code of the document_kind catalog")
    for name, meta in (("--title", "T"), ("--number", "N"), ("--date", "D"), ("--issuer", "I")):
        add.add_argument(name, metavar=meta, default="")
    add.add_argument("--secrecy", metavar="S", help="mat or toi_mat")
    add.add_argument("--pages", type=int, metavar="N", help="pages of the paper original")
    add.add_argument("--received", metavar="D", help="the day the paper was received (dd/mm/yyyy)")
    add.add_argument("--year", type=int, metavar="Y", help="the year of a yearly item")
    add.add_argument("--scan", action="append", metavar="FILE", help="a scan file (repeatable)")
    add.set_defaults(func=cmd_doc_add)
    scan = dsub.add_parser("scan", parents=[common], help="add scanned pages to a document")
    scan.add_argument("vault", metavar="VAULT")
    scan.add_argument("document", type=positive, metavar="DOCUMENT")
    scan.add_argument("files", nargs="+", metavar="FILE")
    scan.set_defaults(func=cmd_doc_scan)
    lst = dsub.add_parser("list", parents=[common], help="the inventory of a dossier")
    lst.add_argument("vault", metavar="VAULT")
    lst.add_argument("dossier", type=positive, metavar="DOSSIER")
    lst.add_argument("--removed", action="store_true", help="show removed documents (tombstones) too")
    lst.set_defaults(func=cmd_doc_list)
    rem = dsub.add_parser("remove", parents=[common], help="remove a document (a tombstone stays)")
    rem.add_argument("vault", metavar="VAULT")
    rem.add_argument("document", type=positive, metavar="DOCUMENT")
    rem.add_argument("--reason", required=True, metavar="R")
    rem.set_defaults(func=cmd_doc_remove)
    rsc = dsub.add_parser("remove-scan", parents=[common], help="remove one scanned page (a tombstone stays)")
    rsc.add_argument("vault", metavar="VAULT")
    rsc.add_argument("scan", type=positive, metavar="SCAN")
    rsc.add_argument("--reason", required=True, metavar="R")
    rsc.set_defaults(func=cmd_doc_remove_scan)
