"""A dossier as a JSON-like document: reading and writing values by path, splitting normal from
restricted values, diffing two versions, masking, and the facts kept for filters.

Paths are ``section.field`` for sections of fields and ``section`` for tables and records
(``fields.paths()``). Empty values (None, "", [], {}) are absent: a document never stores them,
so two documents that differ only in empties are equal. Must not import Qt.
"""

from __future__ import annotations

import copy
from typing import Any

from app.dossier import fields

Doc = dict[str, Any]
MASK = "••••••"


def is_empty(value: Any) -> bool:
    if value is None or value == "" or value == [] or value == {}:
        return True
    if isinstance(value, dict):
        return all(is_empty(v) for v in value.values())
    return False


def prune(value: Any) -> Any:
    """``value`` without empty members, recursively (None when nothing is left)."""
    if isinstance(value, dict):
        kept = {k: p for k, v in value.items() if (p := prune(v)) is not None}
        return kept or None
    if isinstance(value, list):
        rows = [p for v in value if (p := prune(v)) is not None]
        return rows or None
    if isinstance(value, str):
        text = value.strip()
        return text or None
    return value


def get(doc: Doc, path: str) -> Any:
    head, _, rest = path.partition(".")
    value = doc.get(head)
    if rest:
        return value.get(rest) if isinstance(value, dict) else None
    return value


def put(doc: Doc, path: str, value: Any) -> None:
    head, _, rest = path.partition(".")
    if not rest:
        if is_empty(value):
            doc.pop(head, None)
        else:
            doc[head] = value
        return
    section = doc.setdefault(head, {})
    if is_empty(value):
        section.pop(rest, None)
        if not section:
            doc.pop(head, None)
    else:
        section[rest] = value


def values(doc: Doc) -> dict[str, Any]:
    """Every non-empty value of ``doc`` by path."""
    out = {}
    for path in fields.paths():
        value = prune(get(doc, path))
        if value is not None:
            out[path] = value
    return out


def build(by_path: dict[str, Any], *, copy_values: bool = True) -> Doc:
    """A document from values by path (copied unless the caller hands over fresh ones)."""
    doc: Doc = {}
    for path in fields.paths():
        if path in by_path:
            put(doc, path, copy.deepcopy(by_path[path]) if copy_values else by_path[path])
    return doc


def split(doc: Doc) -> tuple[Doc, dict[str, Any]]:
    """(normal values as a document, restricted values by path)."""
    normal: dict[str, Any] = {}
    restricted: dict[str, Any] = {}
    for path, value in values(doc).items():
        (restricted if fields.is_restricted(path) else normal)[path] = value
    return build(normal, copy_values=False), restricted  # values() already made fresh copies


def diff(old: Doc, new: Doc) -> list[tuple[str, Any, Any]]:
    """(path, old value, new value) for every path whose value differs, in registry order."""
    a, b = values(old), values(new)
    return [(p, a.get(p), b.get(p)) for p in fields.paths() if a.get(p) != b.get(p)]


def masked(doc: Doc) -> Doc:
    """``doc`` with every restricted value replaced by the mask."""
    out = copy.deepcopy(doc)
    for path, _ in values(doc).items():
        if fields.is_restricted(path):
            put(out, path, MASK)
    return out


def contains_mask(doc: Doc) -> list[str]:
    """Paths holding the mask (a masked export fed back as input)."""
    found = []
    for path, value in values(doc).items():
        if value == MASK or (isinstance(value, str) and MASK in value):
            found.append(path)
    return found


def facts(doc: Doc) -> dict[str, Any]:
    """The normal values kept as indexed columns for filters and statistics."""
    birth = get(doc, "identity.birth_date") or None
    year = int(birth[:4]) if isinstance(birth, str) and birth[:4].isdigit() else None
    return {
        "full_name": get(doc, "identity.full_name") or "",
        "sex": get(doc, "identity.sex"),
        "birth_date": birth,
        "birth_year": year,
        "ethnicity": get(doc, "identity.ethnicity"),
        "religion": get(doc, "identity.religion"),
        "management_tier": get(doc, "position.management_tier"),
        "employing_unit": get(doc, "position.employing_unit"),
        "current_post": get(doc, "position.current_post"),
        "post_group": get(doc, "position.post_group"),
        "highest_degree": get(doc, "qualifications.highest_degree"),
        "academic_title": get(doc, "qualifications.academic_title"),
        "political_theory": get(doc, "qualifications.political_theory"),
        "state_management": get(doc, "qualifications.state_management"),
        "status": get(doc, "position.status"),
        "party_join_date": get(doc, "career.party_join_date"),
        "party_official_date": get(doc, "career.party_official_date"),
    }
