"""A statistics report as CSV for a spreadsheet: UTF-8 with a byte-order mark (so that Excel reads
the diacritics), one header line per column level, one line per row, the figures as numbers.

Every text cell that a spreadsheet would take for a formula (starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return) is prefixed with an apostrophe: unit names are the officer's
own text and a report must never carry a live formula (CSV injection). Figures are written by
this module and are never text. Must not import Qt.
"""

from __future__ import annotations

import csv
import io

from app.datefmt import partial_date
from app.i18n import t
from app.stats.service import Report

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe(text: str) -> str:
    """``text`` made inert for a spreadsheet."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _figure(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def to_csv(report: Report) -> bytes:
    """The report's table (and, when compared, last year's figures and the percentage)."""
    lang = report.lang
    table = report.table
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    definition = report.definition
    writer.writerow([safe(definition.form or definition.name), safe(definition.text(lang))])
    writer.writerow([t("stats.as_of", lang), partial_date(report.on.isoformat())])
    if report.before is not None:
        names = [t("stats.this_period", lang), t("stats.last_year", lang), t("stats.change", lang)]
    else:
        names = [""]
    groups = [t("stats.criterion", lang)]
    labels = [""]
    subs = [""]
    for col in table.columns:
        for name in names:
            groups.append(safe(col.group))
            labels.append(safe(col.label))
            subs.append(name)
    writer.writerow(groups)
    writer.writerow(labels)
    if report.before is not None:
        writer.writerow(subs)
    for n, row in enumerate(table.rows):
        line = ["  " * row.indent + safe(row.label)]
        for c in range(len(table.columns)):
            line.append(_figure(table.values[n][c]))
            if report.before is not None and report.change is not None:
                line.append(_figure(report.before.values[n][c]))
                line.append(_figure(report.change[n][c]))
        writer.writerow(line)
    return "\ufeff".encode() + out.getvalue().encode("utf-8")
