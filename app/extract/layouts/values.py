"""Dossier values as an extract prints them, in the copy's chosen variants.

Dates dd/mm/yyyy (partial dates mm/yyyy, yyyy; leading zeros per ``date.zero``), catalog codes as
their Vietnamese labels, places and addresses with the chosen abbreviations, coefficients and
areas with the chosen decimal mark, amounts with the chosen thousands separator and unit, and the
family grouped by relation the way the forms list it. Returns plain text (the caller escapes it).
Must not import Qt.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from app.datefmt import partial_date
from app.dossier import catalogs
from app.dossier.folding import fold
from app.extract.variants import Variants

# Text columns that often hold catalog codes: a code is shown as its label, other text as written.
SOFT_CATALOGS = {
    "yearly_ratings.professional_rating": "rating",
    "yearly_ratings.emulation_rating": "emulation_title",
    "discipline.form": "discipline_form",
}
GROUPS = ("bo_me", "vo_chong", "con", "anh_chi_em")


def label(catalog: str, code: Any) -> str:
    """The Vietnamese label of ``code`` in ``catalog`` (the value as written when not a code)."""
    if code is None or code == "":
        return ""
    return catalogs.load(catalog).label(str(code), "vi") if isinstance(code, str) else str(code)


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def date(v: Variants, iso: Any) -> str:
    """``17/05/1968``, ``05/1968``, ``1968`` (or without leading zeros, per the copy)."""
    if not isinstance(iso, str) or not iso:
        return text(iso)
    shown = partial_date(iso)
    if v.index("date.zero") and shown != iso:
        shown = "/".join(
            p.lstrip("0") or "0" if i < 2 and len(p) == 2 else p for i, p in enumerate(shown.split("/"))
        )
    return shown


def birth(v: Variants, iso: Any) -> str:
    """The date of birth: ``17/05/1968`` or ``ngày 17 tháng 05 năm 1968`` (per ``birth.style``)."""
    shown = date(v, iso)
    if not v.index("birth.style") or not isinstance(iso, str):
        return shown
    parts = shown.split("/")
    words = ("ngày", "tháng", "năm")[3 - len(parts) :]
    return " ".join(f"{w} {p}" for w, p in zip(words, parts, strict=True)) if len(parts) <= 3 else shown


def period(v: Variants, row: Mapping[str, Any]) -> str:
    """``08/2006 – 07/2009`` from a row's ``from``/``to`` (an open end prints as ``nay``)."""
    start, end = date(v, row.get("from")), date(v, row.get("to"))
    if not start and not end:
        return ""
    return f"{start} – {end or 'nay'}"


def decimal(v: Variants, value: Any, places: int | None = None) -> str:
    """A coefficient (``places`` = 2: ``4,74``), an area or a percentage (trailing zeros dropped)."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return text(value)
    shown = f"{number:.{places}f}" if places is not None else f"{number.normalize():f}"
    return shown.replace(".", v.pick("number.decimal"))


def amount(v: Variants, value: Any, unit: bool = True) -> str:
    """``197.964.000 đồng`` (thousands separator and unit per the copy)."""
    if value is None or value == "":
        return ""
    if not isinstance(value, int | float):
        return text(value)
    grouped = f"{round(value):,}".replace(",", v.pick("number.group"))
    return f"{grouped} {v.pick('unit.currency')}" if unit else grouped


def area(v: Variants, value: Any) -> str:
    shown = decimal(v, value)
    return f"{shown} {v.pick('unit.area')}" if shown else ""


def height(v: Variants, cm: Any) -> str:
    """``158 cm`` or ``1m58`` (per ``health.height``)."""
    if not isinstance(cm, int | float):
        return text(cm)
    whole = round(cm)
    if v.index("health.height") and 100 <= whole < 300:
        return v.pick("health.height", m=whole // 100, cm2=f"{whole % 100:02d}", cm=whole)
    return f"{whole} cm"


def place(v: Variants, value: Any) -> str:
    """A place (``{"commune", "district", "province"}``) or an address, abbreviated per the copy."""
    if isinstance(value, Mapping):
        parts = [text(value.get(k)) for k in ("commune", "district", "province")]
        return ", ".join(v.place(p) for p in parts if p)
    return v.place(text(value))


def place_parts(v: Variants, value: Any) -> tuple[str, str, str]:
    """(commune, district, province) of a place, each abbreviated per the copy."""
    if not isinstance(value, Mapping):
        return (place(v, value), "", "")
    commune, district, province = (v.place(text(value.get(k))) for k in ("commune", "district", "province"))
    return commune, district, province


def join(v: Variants, items: Iterable[str]) -> str:
    """Items joined with the copy's list separator (empty items dropped)."""
    return v.pick("list.sep").join(i for i in items if i)


def languages(v: Variants, rows: Any) -> str:
    """Foreign languages: ``Tiếng Anh Bậc 4 (B2); Tiếng Pháp B``."""
    if not isinstance(rows, list):
        return text(rows)
    return join(v, (" ".join(text(r.get(k)) for k in ("language", "level") if r.get(k)) for r in rows))


# ---------------------------------------------------------------- family


def _relation_entry(relation: str) -> catalogs.Entry | None:
    cat = catalogs.load("family_relation")
    entry = cat.get(relation)
    if entry is not None:
        return entry
    wanted = fold(relation)
    for e in cat.entries:
        if wanted in (fold(e.label), fold(str(e.extra.get("print_label", "")))):
            return e
    return None


def relation_label(v: Variants, relation: Any) -> str:
    """The relation as the forms print it (``Bố``/``Cha`` per the copy, ``Con``, ``Anh ruột`` …)."""
    entry = _relation_entry(text(relation))
    if entry is None:
        return text(relation)
    shown = str(entry.extra.get("print_label", entry.label))
    if shown.startswith("Bố"):
        shown = v.pick("family.father") + shown[2:]
    return shown


def family(rows: Any) -> dict[str, list[Mapping[str, Any]]]:
    """The family rows by side (``ban_than``, ``ben_vo_chong``), each grouped by relation in the
    forms' order — parents, spouse, children, siblings, others — keeping the recorded order within
    a group."""
    sides: dict[str, list[tuple[int, int, Mapping[str, Any]]]] = {"ban_than": [], "ben_vo_chong": []}
    for n, row in enumerate(rows if isinstance(rows, list) else []):
        if not isinstance(row, Mapping):
            continue
        entry = _relation_entry(text(row.get("relation")))
        group = str(entry.extra.get("group")) if entry is not None else ""
        side = row.get("side") or (entry.extra.get("side") if entry is not None else None) or "ban_than"
        rank = GROUPS.index(group) if group in GROUPS else len(GROUPS)
        sides.setdefault(str(side), []).append((rank, n, row))
    return {side: [r for _, _, r in sorted(found, key=lambda t: t[:2])] for side, found in sides.items()}


def family_row(v: Variants, row: Mapping[str, Any]) -> Sequence[str]:
    return (
        relation_label(v, row.get("relation")),
        text(row.get("full_name")),
        text(row.get("birth_year")),
        text(row.get("details")),
    )
