"""Search filters on normal (class N) facts: parsing ``KEY=VALUE``, checking keys and values,
and turning them into conditions on the indexed fact columns of ``dossiers``.

=================  =======================================================================
key                value
=================  =======================================================================
sex                ``nam`` / ``nu``
birth_year         ``1970``, ``1970..1980``, ``1970..`` or ``..1980``; also the keys
                   ``birth_year>=`` and ``birth_year<=`` (``--where birth_year>=1970``)
ethnicity,         a code of the field's catalog, or its label typed with or without
religion,          diacritics (``Tày`` = ``tay``); several separated by commas; ``none`` for
management_tier,   "not recorded"
highest_degree,
political_theory,
academic_title,
state_management,
status, post_group
employing_unit     part of the unit's name; diacritics, case and punctuation ignored (``noi vu``)
party_member       ``yes`` / ``no`` (có / không): whether a Party joining date is recorded
=================  =======================================================================

An unknown key or a wrong value is an :class:`~app.errors.InvalidInput` whose message lists
what is accepted. Restricted (class R) fields are not filters. Must not import Qt.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from app.dossier import catalogs, dates
from app.dossier.folding import fold, words
from app.errors import InvalidInput
from storage.dossier_repo import Condition

MAX_VALUE_CHARS = 200
NONE = "none"
YES = frozenset({"yes", "y", "co", "true", "1"})
NO = frozenset({"no", "n", "khong", "false", "0"})


@dataclass(frozen=True, slots=True)
class _Coded:
    column: str
    catalog: str


CODED: dict[str, _Coded] = {
    "sex": _Coded("sex", "sex"),
    "ethnicity": _Coded("ethnicity", "ethnicity"),
    "religion": _Coded("religion", "religion"),
    "management_tier": _Coded("management_tier", "management_tier"),
    "highest_degree": _Coded("highest_degree", "degree"),
    "political_theory": _Coded("political_theory", "political_theory"),
    "academic_title": _Coded("academic_title", "academic_title"),
    "state_management": _Coded("state_management", "state_management"),
    "status": _Coded("status", "status"),
    "post_group": _Coded("post_group", "post_group"),
}
#: Every accepted filter key, as listed in error messages.
KEYS: tuple[str, ...] = (
    "sex",
    "birth_year",
    "birth_year>=",
    "birth_year<=",
    *(k for k in CODED if k != "sex"),
    "employing_unit",
    "party_member",
)
_WHERE = re.compile(r"^\s*([A-Za-z_]+)\s*(>=|<=|=)(.*)$", re.DOTALL)
_YEAR = re.compile(r"^\d{4}$")


def _plain(text: str) -> str:
    """Folded words separated by single spaces: "Sở Văn hóa, Thể thao" → "so van hoa the thao"."""
    return " ".join(words(fold(text)))


def parse_where(text: str) -> tuple[str, str]:
    """``"birth_year>=1970"`` → ``("birth_year>=", "1970")``; ``"sex=nu"`` → ``("sex", "nu")``."""
    match = _WHERE.match(text)
    if match is None:
        raise InvalidInput("search.bad.where", text=text[:60], keys=", ".join(KEYS))
    key, op, value = match.groups()
    return (key if op == "=" else key + op), value.strip()


def _codes(key: str, spec: _Coded, value: str) -> Condition:
    catalog = catalogs.load(spec.catalog)
    if fold(value) == NONE:
        return Condition(spec.column, "null")
    found: list[str] = []
    for item in value.split(","):
        wanted = fold(item)
        code = next(
            (
                e.code
                for e in catalog.entries
                if wanted in (e.code, fold(e.code.replace("_", " ")), fold(e.label), fold(e.label_en))
            ),
            None,
        )
        if code is None:
            shown = catalog.codes()
            listed = ", ".join(shown[:12]) + (", …" if len(shown) > 12 else "")
            raise InvalidInput("search.bad.code", field=key, value=item.strip()[:60], codes=listed, none=NONE)
        if code not in found:
            found.append(code)
    return Condition(spec.column, "in", tuple(found))


def _year(key: str, whole: str, text: str) -> int:
    value = text.strip()
    if not _YEAR.match(value) or not dates.MIN_YEAR <= int(value) <= dates.MAX_YEAR:
        raise InvalidInput(
            "search.bad.year", field=key, value=whole[:60], min=dates.MIN_YEAR, max=dates.MAX_YEAR
        )
    return int(value)


def _years(key: str, value: str) -> list[Condition]:
    if key == "birth_year>=":
        return [Condition("birth_year", ">=", (_year(key, value, value),))]
    if key == "birth_year<=":
        return [Condition("birth_year", "<=", (_year(key, value, value),))]
    low, sep, high = value.partition("..")
    if not sep:
        return [Condition("birth_year", "in", (_year(key, value, value),))]
    if not low.strip() and not high.strip():
        raise InvalidInput(
            "search.bad.year", field=key, value=value[:60], min=dates.MIN_YEAR, max=dates.MAX_YEAR
        )
    first = _year(key, value, low) if low.strip() else None
    last = _year(key, value, high) if high.strip() else None
    if first is not None and last is not None and first > last:
        raise InvalidInput("search.bad.year_order", field=key, value=value[:60])
    out = []
    if first is not None:
        out.append(Condition("birth_year", ">=", (first,)))
    if last is not None:
        out.append(Condition("birth_year", "<=", (last,)))
    return out


def conditions(filters: Mapping[str, str], units: Callable[[], list[str]]) -> list[Condition] | None:
    """The conditions for ``filters``; None when they can match nothing (no unit has that name).

    ``units`` lists the distinct employing units (asked only for an ``employing_unit`` filter).
    """
    out: list[Condition] = []
    for raw_key, raw_value in filters.items():
        key = raw_key.strip().lower() if isinstance(raw_key, str) else ""
        if key not in KEYS:
            raise InvalidInput("search.bad.key", field=str(raw_key)[:60], keys=", ".join(KEYS))
        value = raw_value.strip() if isinstance(raw_value, str) else ""
        if not value or len(value) > MAX_VALUE_CHARS:
            raise InvalidInput("search.bad.empty", field=key, max=MAX_VALUE_CHARS)
        if key in CODED:
            out.append(_codes(key, CODED[key], value))
        elif key.startswith("birth_year"):
            out.extend(_years(key, value))
        elif key == "party_member":
            answer = fold(value)
            if answer not in YES | NO:
                raise InvalidInput("search.bad.yes_no", field=key, value=value[:60])
            out.append(Condition("party_join_date", "not_null" if answer in YES else "null"))
        else:  # employing_unit
            part = _plain(value)
            if not part:
                raise InvalidInput("search.bad.unit", field=key, value=value[:60])
            matching = tuple(u for u in units() if part in _plain(u))
            if not matching:
                return None
            out.append(Condition("employing_unit", "in", matching))
    return out
