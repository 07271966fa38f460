"""Where a validation problem belongs in the editor: the field widget a ``Problem.path`` points
into, and the rest of the path for the widget itself to place (a table cell, a record member).

``identity.birth_date`` → (``identity.birth_date``, ``""``); ``training[2].from`` →
(``training``, ``"[2].from"``); ``economy.housing[1].area_m2`` → (``economy``,
``".housing[1].area_m2"``); ``position.planned_posts[0].post`` → (``position.planned_posts``,
``"[0].post"``). A path naming no field (the whole document, ``secrecy``) gives None.
"""

from __future__ import annotations

import re
from collections import defaultdict

from app.dossier import fields
from app.dossier.structure import Problem

_HEAD = re.compile(r"^([A-Za-z_]+)")


def locate(path: str) -> tuple[str, str] | None:
    """(field path, sub-path) of a problem path, or None when it names no field."""
    head = _HEAD.match(path)
    if head is None:
        return None
    try:
        section = fields.section(head[1])
    except KeyError:
        return None
    rest = path[head.end() :]
    if section.table is not None:
        return section.key, rest
    if not rest.startswith("."):
        return None
    key = _HEAD.match(rest[1:])
    if key is None or section.field(key[1]) is None:
        return None
    field_path = f"{section.key}.{key[1]}"
    return field_path, rest[1 + key.end() :]


def by_field(problems: list[Problem]) -> tuple[dict[str, list[tuple[str, str]]], list[Problem]]:
    """Problems grouped by field path as (sub-path, message) pairs, and those naming no field."""
    grouped: defaultdict[str, list[tuple[str, str]]] = defaultdict(list)
    loose: list[Problem] = []
    for problem in problems:
        where = locate(problem.path)
        if where is None:
            loose.append(problem)
        else:
            grouped[where[0]].append((where[1], problem.message()))
    return dict(grouped), loose
