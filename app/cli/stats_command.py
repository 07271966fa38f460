"""``hoso stats VAULT``: statistics reports over the dossiers.

- ``--list``: the reports (name, version in force, effective date, form, title);
- ``--report NAME`` (or ``--definition FILE``, a definition not installed, or ``--cross ROWS COLS``,
  two dimensions) ``[--as-of DATE] [--compare]``: the table; ``--json`` gives ``{"report",
  "as_of", "columns", "rows"}`` (spec/cli.md) with the title, form, version and, when compared,
  last year's figures and the percentage; ``--pdf F`` / ``--csv F`` also write the report to a
  new file; ``--members ROW COL`` lists the dossiers behind one cell;
- ``--install FILE``: add a report definition (or a new version of one) to the vault.

Dates are ``dd/mm/yyyy`` or ``yyyy-mm-dd``. Every run, export, listing of a cell and installation
is audited by ``app.stats.service``. Must not import Qt.
"""

from __future__ import annotations

import argparse
import unicodedata
from pathlib import Path
from typing import Any

from app import i18n
from app.cli.context import Context
from app.datefmt import parse_day, partial_date
from app.errors import InvalidInput, UsageError
from app.stats import definitions
from app.stats.csv_export import to_csv
from app.stats.definitions import Definition
from app.stats.predicates import DefinitionError
from app.stats.service import Report, StatsService, cross_definition

LABEL_WIDTH = 44


def _figure(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def as_json(report: Report) -> dict[str, Any]:
    table, definition = report.table, report.definition
    rows = []
    for n, row in enumerate(table.rows):
        item: dict[str, Any] = {
            "key": row.key,
            "label": row.label,
            "indent": row.indent,
            "heading": row.heading,
            "values": list(table.values[n]),
        }
        if report.before is not None and report.change is not None:
            item["last_year"] = list(report.before.values[n])
            item["change_pct"] = list(report.change[n])
        rows.append(item)
    return {
        "report": definition.name,
        "version": definition.version,
        "effective": definition.effective,
        "title": definition.text(report.lang),
        "form": definition.form,
        "as_of": report.on.isoformat(),
        "counted": table.population,
        "compared_with": report.before.pop.on.isoformat() if report.before is not None else None,
        "columns": [{"key": c.key, "label": c.label, "group": c.group} for c in table.columns],
        "rows": rows,
    }


def _figures(values: tuple[float | None, ...], widths: list[int]) -> str:
    return "".join(" " + _figure(v).rjust(w) for v, w in zip(values, widths, strict=True))


def _fit(text: str, width: int) -> str:
    value = unicodedata.normalize("NFC", " ".join(text.split()))
    return (value[: width - 1] + "…" if len(value) > width else value).ljust(width)


def text_lines(report: Report) -> list[str]:
    table, definition = report.table, report.definition
    lines = [
        f"{definition.form or definition.name} — {definition.text(report.lang)}",
        i18n.t("cli.stats.heading", date=partial_date(report.on.isoformat()), counted=table.population,
               version=definition.version),
    ]  # fmt: skip
    widths = [max(6, min(14, len(c.label))) for c in table.columns]
    header = _fit(i18n.t("stats.criterion"), LABEL_WIDTH)
    header += "".join(" " + _fit(c.label, w).rjust(w) for c, w in zip(table.columns, widths, strict=True))
    lines += [header.rstrip(), "-" * len(header.rstrip())]
    for n, row in enumerate(table.rows):
        text = _fit("  " * row.indent + row.label, LABEL_WIDTH)
        text += _figures(table.values[n], widths)
        lines.append(text.rstrip())
        if report.before is not None and report.change is not None and not row.heading:
            before = "".join(
                " " + _figure(v).rjust(w) for v, w in zip(report.before.values[n], widths, strict=True)
            )
            change = "".join(" " + _figure(v).rjust(w) for v, w in zip(report.change[n], widths, strict=True))
            lines.append((_fit("    " + i18n.t("stats.last_year"), LABEL_WIDTH) + before).rstrip())
            lines.append((_fit("    " + i18n.t("stats.change"), LABEL_WIDTH) + change).rstrip())
    return lines


def _list(ctx: Context, service: StatsService) -> int:
    found = service.catalogue()
    data = [
        {"name": d.name, "version": d.version, "effective": d.effective, "form": d.form,
         "title": d.text(i18n.language()), "origin": d.origin}
        for d in found
    ]  # fmt: skip
    lines = [
        f"{d['name']:<16} {d['version']:<8} {partial_date(d['effective']):<11} {d['form']} — {d['title']}"
        for d in data
    ]
    ctx.out.result({"reports": data}, *lines)
    return 0


def _definition(args: argparse.Namespace) -> Definition | str:
    if args.cross:
        return cross_definition(*args.cross)
    if args.definition:
        path = Path(args.definition)
        try:
            return definitions.parse(path.read_bytes(), origin=path.name)
        except OSError:
            raise InvalidInput("cli.stats.unreadable", file=str(path)) from None
        except DefinitionError as exc:
            raise InvalidInput("stats.bad_definition", reason=str(exc)) from None
    if not args.report:
        raise UsageError("cli.stats.what")
    return str(args.report)


def _as_of(text: str | None) -> str | None:
    if not text:
        return None
    day = parse_day(text)
    if day is None:
        raise InvalidInput("cli.stats.bad_date", value=text[:40])
    return day.isoformat()


def cmd_stats(ctx: Context) -> int:
    a = ctx.args
    with ctx.unlocked() as vault:
        service = StatsService(vault)
        if a.install:
            try:
                raw = Path(a.install).read_bytes()
            except OSError:
                raise InvalidInput("cli.stats.unreadable", file=str(a.install)) from None
            added = service.install(raw)
            ctx.out.result({"installed": added.name, "version": added.version}, i18n.t(
                "cli.stats.installed", name=added.name, version=added.version))  # fmt: skip
            return 0
        if a.list:
            return _list(ctx, service)
        report = service.run(_definition(a), as_of=_as_of(a.as_of), compare=a.compare)
        if a.members:
            ids = service.members(report, a.members[0], a.members[1])
            ctx.out.result({"members": ids}, *(str(i) for i in ids))
            return 0
        if a.pdf:
            from app.stats.pdf_export import to_pdf

            organisation = a.organisation if a.organisation is not None else service.organisation()
            service.save(report, "pdf", to_pdf(report, organisation=organisation), Path(a.pdf))
        if a.csv:
            service.save(report, "csv", to_csv(report), Path(a.csv))
    ctx.out.result(as_json(report), *text_lines(report))
    return 0


def register(sub: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    cmd = sub.add_parser(
        "stats",
        parents=[common],
        help="statistics reports (Biểu 9A-BTCTW, BM02/BNV, …) as of any date",
        description="Reports are versioned definitions: the shipped ones and those installed with --install.",
    )
    cmd.add_argument("vault", metavar="VAULT")
    what = cmd.add_mutually_exclusive_group()
    what.add_argument("--list", action="store_true", help="list the reports")
    what.add_argument("--report", metavar="NAME", help="run the report NAME")
    what.add_argument("--definition", metavar="FILE", help="run the definition in FILE without installing it")
    what.add_argument("--cross", nargs=2, metavar=("ROWS", "COLS"), help="cross-tabulate two dimensions")
    what.add_argument("--install", metavar="FILE", help="add the report definition in FILE to the vault")
    cmd.add_argument("--as-of", metavar="DATE", help="count the dossiers as they stood that day (dd/mm/yyyy)")
    cmd.add_argument("--compare", action="store_true", help="add the same period last year and the % change")
    cmd.add_argument("--pdf", metavar="F", help="also write the report as a PDF to the new file F")
    cmd.add_argument(
        "--organisation", metavar="TEXT", help="the committee at the head of the PDF (the vault's setting)"
    )
    cmd.add_argument("--csv", metavar="F", help="also write the report as CSV to the new file F")
    cmd.add_argument(
        "--members", nargs=2, metavar=("ROW", "COL"), help="list the dossier ids behind one cell"
    )
    cmd.set_defaults(func=cmd_stats)
