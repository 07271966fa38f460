"""Conditions in report definitions: checking them when a definition is read, and turning them
into boolean masks over a :class:`~app.stats.population.Population`.

A condition is JSON:

- ``{"dim": D, "in": [v, …]}`` — the value is one of these; ``"not_in"`` — it is known and is
  not one of these; ``{"dim": D, "present": true|false}`` — known or not;
- ``{"dim": "age", "min": a, "max": b}`` — full years, both ends included, either optional;
- ``{"dim": "party_join_date", "from": "1945-08-19", "to": "1954-07-20"}`` — dates, both ends
  included, either optional;
- ``{"dim": "missing", "has": PATH}`` — the required field PATH is empty; ``{"dim": "missing",
  "present": false}`` — no required field is empty;
- ``{"all": [C, …]}``, ``{"any": [C, …]}``, ``{"not": C}``.

Must not import Qt.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from app.dossier import dates
from app.dossier.completeness import REQUIRED
from app.stats import dimensions as dims
from app.stats.population import Mask, Population


class DefinitionError(ValueError):
    """A report definition that cannot be used; the message says where and why."""


_KEYS = {
    dims.CODE: {"in", "not_in", "present"},
    dims.NUMBER: {"min", "max", "present"},
    dims.DATE: {"from", "to", "present"},
    dims.SET: {"has", "present"},
}


def _fail(where: str, why: str) -> DefinitionError:
    return DefinitionError(f"{where}: {why}")


def check(cond: Any, where: str) -> None:
    """Raise :class:`DefinitionError` naming ``where`` unless ``cond`` is a valid condition."""
    if not isinstance(cond, dict) or not cond:
        raise _fail(where, "a condition must be a non-empty object")
    if "all" in cond or "any" in cond:
        (op,) = [k for k in ("all", "any") if k in cond] if len(cond) == 1 else [None]
        if op is None or not isinstance(cond[op], list) or not cond[op]:
            raise _fail(where, "'all'/'any' must be the only key and hold a non-empty list")
        for n, part in enumerate(cond[op]):
            check(part, f"{where}.{op}[{n}]")
        return
    if "not" in cond:
        if len(cond) != 1:
            raise _fail(where, "'not' must be the only key")
        check(cond["not"], f"{where}.not")
        return
    name = cond.get("dim")
    dim = dims.DIMENSIONS.get(name) if isinstance(name, str) else None
    if dim is None:
        raise _fail(where, f"unknown dimension {name!r} (known: {', '.join(dims.DIMENSIONS)})")
    tests = set(cond) - {"dim"}
    if not tests or not tests <= _KEYS[dim.kind]:
        allowed = ", ".join(sorted(_KEYS[dim.kind]))
        raise _fail(where, f"dimension {name!r} takes {allowed}; got {', '.join(sorted(tests)) or 'nothing'}")
    for key in tests & {"in", "not_in"}:
        if not isinstance(cond[key], list) or not all(isinstance(v, str) for v in cond[key]):
            raise _fail(where, f"'{key}' must be a list of codes")
    for key in tests & {"min", "max"}:
        if not isinstance(cond[key], int | float) or isinstance(cond[key], bool):
            raise _fail(where, f"'{key}' must be a number")
    for key in tests & {"from", "to"}:
        if not isinstance(cond[key], str) or not dims.date_number(cond[key]):
            raise _fail(where, f"'{key}' must be a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    if "present" in tests and not isinstance(cond["present"], bool):
        raise _fail(where, "'present' must be true or false")
    if "has" in tests and cond["has"] not in REQUIRED:
        raise _fail(where, f"'has' must name a required field ({', '.join(REQUIRED)})")


def _last_day(text: str) -> int:
    partial = dates.parse(text)
    if partial is None:  # check() refused it already
        raise DefinitionError(f"not a date: {text!r}")
    last = partial.last
    return last.year * 10000 + last.month * 100 + last.day


def mask(cond: dict[str, Any] | None, pop: Population) -> Mask:
    """The dossiers of ``pop`` meeting a checked condition (everyone for None)."""
    if cond is None:
        return pop.everyone()
    if "all" in cond:
        out = pop.everyone()
        for part in cond["all"]:
            out &= mask(part, pop)
        return out
    if "any" in cond:
        out = np.zeros(len(pop), dtype=np.bool_)
        for part in cond["any"]:
            out |= mask(part, pop)
        return out
    if "not" in cond:
        return ~mask(cond["not"], pop)
    name = cond["dim"]
    kind = dims.DIMENSIONS[name].kind
    out = pop.everyone()
    if kind == dims.CODE:
        coded = pop.coded[name]
        if "in" in cond:
            out &= coded.mask(cond["in"])
        if "not_in" in cond:
            out &= coded.present() & ~coded.mask(cond["not_in"])
        known = coded.present()
    elif kind == dims.NUMBER:
        values = pop.numbers[name]
        known = ~np.isnan(values)
        if "min" in cond:
            out &= known & (values >= cond["min"])
        if "max" in cond:
            out &= known & (values <= cond["max"])
    elif kind == dims.DATE:
        days = pop.dates[name]
        known = days > 0
        if "from" in cond:
            out &= known & (days >= dims.date_number(cond["from"]))
        if "to" in cond:
            out &= known & (days <= _last_day(cond["to"]))
    else:
        if "has" in cond:
            out &= pop.missing[cond["has"]]
        known = np.zeros(len(pop), dtype=np.bool_)
        for gap in pop.missing.values():
            known |= gap
    if "present" in cond:
        out &= known if cond["present"] else ~known
    return out
