"""``hoso search VAULT [TEXT] [--where KEY=VALUE ...] [--limit N]``: find dossiers by name, post
or unit (diacritics and word order ignored) and filter them on normal facts.

Prints a table (id, name, birth date dd/mm/yyyy, post, unit) and the number found, or with
``--json`` ``{"total", "results": [{"id", "full_name", "birth_date", "current_post",
"employing_unit"}]}``. Searching is not audited (see ``app.dossier.search``). Must not import Qt.
"""

from __future__ import annotations

import argparse
import unicodedata
from typing import Any

from app import i18n
from app.cli.context import Context
from app.datefmt import partial_date
from app.dossier.search import KEYS, Hit, parse_where, search
from app.dossier.search.filters import CODED
from app.errors import InvalidInput

WIDTHS = {"name": 32, "post": 40, "unit": 40}


def _filters(wheres: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for text in wheres:
        key, value = parse_where(text)
        if key in out:
            if key not in CODED:
                raise InvalidInput("search.bad.repeated", field=key, keys=", ".join(KEYS))
            value = f"{out[key]},{value}"  # --where ethnicity=kinh --where ethnicity=tay: either
        out[key] = value
    return out


def _cell(text: str | None, width: int) -> str:
    value = unicodedata.normalize("NFC", " ".join((text or "").split()))
    if len(value) > width:
        value = value[: width - 1] + "…"
    return value.ljust(width)


def _table(hits: list[Hit]) -> list[str]:
    name_w = min(WIDTHS["name"], max([len(i18n.t("search.col.name"))] + [len(h.full_name) for h in hits]))
    post_w = min(
        WIDTHS["post"], max([len(i18n.t("search.col.post"))] + [len(h.current_post or "") for h in hits])
    )
    id_w = max([len(i18n.t("search.col.id"))] + [len(str(h.id)) for h in hits])
    birth_w = max(len(i18n.t("search.col.birth")), 10)

    def line(ident: str, name: str, birth: str, post: str, unit: str) -> str:
        row = f"{ident.rjust(id_w)}  {_cell(name, name_w)}  {birth.ljust(birth_w)}  {_cell(post, post_w)}  "
        return (row + _cell(unit, WIDTHS["unit"])).rstrip()

    head = line(
        i18n.t("search.col.id"),
        i18n.t("search.col.name"),
        i18n.t("search.col.birth"),
        i18n.t("search.col.post"),
        i18n.t("search.col.unit"),
    )
    rows = [
        line(
            str(h.id),
            h.full_name,
            partial_date(h.birth_date) if h.birth_date else "",
            h.current_post or "",
            h.employing_unit or "",
        )
        for h in hits
    ]
    return [head, "-" * len(head), *rows]


def cmd_search(ctx: Context) -> int:
    filters = _filters(ctx.args.where or [])
    with ctx.unlocked() as vault:
        found = search(vault, ctx.args.text or "", filters, limit=ctx.args.limit)
    if not found.total:
        lines = [i18n.t("search.none")]
    elif found.total > len(found.results):
        lines = [*_table(found.results), i18n.t("search.shown", total=found.total, shown=len(found.results))]
    else:
        lines = [*_table(found.results), i18n.t("search.total", total=found.total)]
    ctx.out.result(found.as_json(), *lines)
    return 0


def _limit(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None


def register(sub: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    cmd = sub.add_parser(
        "search",
        parents=[common],
        help="find dossiers by name, post or unit, with filters",
        description="Diacritics and word order are ignored; every word may be the start of a word. "
        f"Filters: {', '.join(KEYS)}.",
    )
    cmd.add_argument("vault", metavar="VAULT")
    cmd.add_argument("text", metavar="TEXT", nargs="?", default="", help="words of a name, post or unit")
    cmd.add_argument(
        "--where",
        action="append",
        metavar="KEY=VALUE",
        help="a filter, e.g. sex=nu, birth_year=1970..1980, birth_year>=1970, ethnicity=tay, "
        "employing_unit='noi vu', party_member=yes (repeatable)",
    )
    cmd.add_argument("--limit", type=_limit, default=50, metavar="N", help="show at most N dossiers (50)")
    cmd.set_defaults(func=cmd_search)
