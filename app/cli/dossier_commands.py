"""``hoso show | history``: one dossier, masked unless revealed, now or as of a date; its changes.

Must not import Qt.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from app import i18n
from app.cli.context import Context
from app.datefmt import partial_date
from app.dossier import catalogs, document
from app.dossier.fields import SECTIONS, Kind
from app.dossier.service import DossierService
from app.errors import InvalidInput


def _dossier_id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a dossier id: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"not a dossier id: {text!r}")
    return value


def _lines(data: dict[str, Any]) -> list[str]:
    lang = i18n.language()
    lines = []
    for section in SECTIONS:
        value = data.get(section.key)
        if value is None:
            continue
        lines.append(f"== {section.label if lang == 'vi' else section.label_en} ==")
        if section.table is not None:
            lines.append(json.dumps(value, ensure_ascii=False, indent=1))
            continue
        for spec in section.fields:
            if spec.key in value:
                item = value[spec.key]
                shown = item if isinstance(item, str) else json.dumps(item, ensure_ascii=False)
                if spec.catalog and isinstance(item, str) and item != document.MASK:
                    shown = f"{catalogs.load(spec.catalog).label(item, lang)} ({item})"
                elif spec.kind == Kind.DATE and isinstance(item, str) and item != document.MASK:
                    shown = partial_date(item)
                elif spec.kind == Kind.PLACE and isinstance(item, dict):
                    shown = ", ".join(
                        str(item[k]) for k in ("commune", "district", "province") if item.get(k)
                    )
                lines.append(f"  {spec.label if lang == 'vi' else spec.label_en}: {shown}")
    return lines


def cmd_show(ctx: Context) -> int:
    with ctx.unlocked() as vault:
        dossier = DossierService(vault).get(ctx.args.id, reveal=ctx.args.reveal, as_of=ctx.args.as_of)
    ctx.out.result(dossier.as_json(), *_lines(dossier.data))
    return 0


def cmd_history(ctx: Context) -> int:
    with ctx.unlocked() as vault:
        changes = DossierService(vault).history(ctx.args.id, reveal=ctx.args.reveal)
    data = [c.as_json() for c in changes]
    lines = [
        f"{c.at}  {c.path:<32} {json.dumps(c.old, ensure_ascii=False)} → "
        f"{json.dumps(c.new, ensure_ascii=False)}  [{c.basis or ''}] {c.actor}"
        for c in changes
    ]
    ctx.out.result(data, *lines)
    return 0


def cmd_policy(ctx: Context) -> int:
    from app.dossier import fields

    with ctx.unlocked() as vault:
        service = DossierService(vault)
        if ctx.args.not_kept is not None:
            wanted = [p.strip() for p in ctx.args.not_kept.split(",") if p.strip()]
            known = set(fields.paths()) | set(fields.SECTION_KEYS)
            unknown = [p for p in wanted if p not in known]
            if unknown:
                raise InvalidInput("dossier.policy_unknown", paths=", ".join(unknown))
            service.set_policy(wanted)
        not_kept = sorted(service.policy().not_kept)
    ctx.out.result({"not_kept": not_kept}, i18n.t("dossier.policy_now", paths=", ".join(not_kept) or "—"))
    return 0


def cmd_completeness(ctx: Context) -> int:
    """The dossiers most in need of work ("đúng, đủ, sạch, sống"), neediest first."""
    from app.dossier.completeness import neediest

    with ctx.unlocked() as vault:
        service = DossierService(vault)
        ranked = neediest(service, limit=ctx.args.limit)
        rows = {i: service.repo.get(i) for i, _ in ranked}
    data: list[dict[str, Any]] = []
    lines: list[str] = []
    for i, c in ranked:
        row = rows[i]
        name = str(row.facts.get("full_name") or "") if row is not None else ""
        data.append(
            {
                "id": i,
                "full_name": name,
                "score": c.score,
                "missing": [p for p, _ in c.missing],
                "stale": c.stale,
                "yearly_missing": c.yearly_missing,
                "problems": len(c.problems),
            }
        )
        lines.append(
            i18n.t(
                "dossier.completeness_line",
                id=i,
                name=name,
                score=c.score,
                missing=len(c.missing),
                years=len(c.yearly_missing),
                problems=len(c.problems),
                stale=i18n.t("yes" if c.stale else "no"),
            )
        )
    ctx.out.result(data, *lines)
    return 0


def register(sub: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    show = sub.add_parser("show", parents=[common], help="one dossier (restricted fields masked)")
    show.add_argument("vault", metavar="VAULT")
    show.add_argument("id", metavar="ID", type=_dossier_id)
    show.add_argument("--reveal", action="store_true", help="show restricted fields (audited)")
    show.add_argument("--as-of", metavar="DATE", help="the dossier as it stood on DATE (YYYY[-MM[-DD]])")
    show.set_defaults(func=cmd_show)
    hist = sub.add_parser("history", parents=[common], help="the dossier's change history")
    hist.add_argument("vault", metavar="VAULT")
    hist.add_argument("id", metavar="ID", type=_dossier_id)
    hist.add_argument("--reveal", action="store_true", help="show restricted old/new values (audited)")
    hist.set_defaults(func=cmd_history)
    pol = sub.add_parser("policy", parents=[common], help="fields not recorded in software (field policy)")
    pol.add_argument("vault", metavar="VAULT")
    pol.add_argument("--not-kept", metavar="PATHS", help="comma-separated field paths (empty to clear)")
    pol.set_defaults(func=cmd_policy)
    comp = sub.add_parser("completeness", parents=[common], help="the dossiers most in need of work")
    comp.add_argument("vault", metavar="VAULT")
    comp.add_argument("--limit", type=int, default=20, metavar="N")
    comp.set_defaults(func=cmd_completeness)
