"""Structural validation: is this document a dossier at all, field by field?

Types, lengths, partial dates, 12-digit personal ids, catalog codes, table sizes, unknown keys,
masked values fed back in, and the officer's field policy — the checks an import must pass before
anything is written. Returns the problems (path + message key + parameters) and a normalised
copy (strings trimmed, empties dropped). Semantic rules (date order, derived levels) live in
``rules``. Must not import Qt.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from app import i18n
from app.dossier import catalogs, dates, fields
from app.dossier.document import MASK, Doc, prune
from app.dossier.fields import Field, Kind, Policy

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PID = re.compile(r"^\d{12}$")
MAX_INT = 10**13


@dataclass(frozen=True, slots=True)
class Problem:
    path: str  # e.g. "identity.birth_date" or "training[2].from"
    key: str  # message key
    params: dict[str, Any] = field(default_factory=dict)
    severity: str = "error"  # or "warning"

    def message(self, lang: str | None = None) -> str:
        return i18n.t(self.key, lang=lang, **self.params)


def _blank(row: Any) -> bool:
    """An empty row: {} or only empty members (cheap: rows are flat apart from sub-tables)."""
    if isinstance(row, dict):
        return all(
            v is None or v == "" or v == [] or v == {} or (isinstance(v, str) and not v.strip())
            for v in row.values()
        )
    return row is None or row == "" or row == []


def _restricted(path: str) -> bool:
    """Whether a problem path (``family[2].birth_year``, ``identity.phone``) points at restricted data."""
    parts = path.split("[", 1)[0].split(".")
    try:
        return fields.is_restricted(".".join(parts[:2]) if len(parts) > 1 else parts[0])
    except KeyError:
        return False


class _Checker:
    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.problems: list[Problem] = []

    def bad(self, path: str, key: str, **params: Any) -> None:
        if _restricted(path):  # a message never quotes a restricted value (DESIGN §3)
            params = {k: (MASK if k in ("value", "code") else v) for k, v in params.items()}
        self.problems.append(Problem(path, key, params))

    def value(self, spec: Field, path: str, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, str):
            if not value.strip():
                return None  # empty is absent, whatever the kind (spec §9: "to": "" = still ongoing)
            if MASK in value:
                self.bad(path, "dossier.bad.masked")  # whatever the kind: a masked export fed back in
                return None
        elif value == [] or value == {}:
            return None
        kind = spec.kind
        if kind in (Kind.TEXT, Kind.LONG_TEXT):
            return self.text(spec, path, value)
        if kind == Kind.DATE:
            if not isinstance(value, str) or dates.parse(value) is None:
                self.bad(path, "dossier.bad.date", value=str(value)[:40])
                return None
            return value.strip()
        if kind in (Kind.YEAR, Kind.INT):
            if type(value) is not int or not (
                dates.MIN_YEAR <= value <= dates.MAX_YEAR if kind == Kind.YEAR else -MAX_INT < value < MAX_INT
            ):
                self.bad(
                    path,
                    "dossier.bad.year" if kind == Kind.YEAR else "dossier.bad.int",
                    value=str(value)[:40],
                )
                return None
            return value
        if kind == Kind.DECIMAL:
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not math.isfinite(value)
                or abs(value) >= MAX_INT
            ):
                self.bad(path, "dossier.bad.number", value=str(value)[:40])
                return None
            return value
        if kind == Kind.CATALOG:
            return self.code(spec, path, value)
        if kind == Kind.PERSONAL_ID:
            text = value.strip() if isinstance(value, str) else None
            if text is None or not _PID.match(text):
                self.bad(path, "dossier.bad.personal_id")  # never echo the value: it is restricted
                return None
            return text
        if kind in (Kind.PLACE, Kind.RECORD):
            return self.record(spec, path, value) or None
        if kind == Kind.TABLE:
            return self.table(spec, path, value) or None
        raise AssertionError(kind)

    def text(self, spec: Field, path: str, value: Any) -> str | None:
        if not isinstance(value, str):
            self.bad(path, "dossier.bad.text")
            return None
        if value.strip() == MASK or MASK in value:
            self.bad(path, "dossier.bad.masked")
            return None
        if len(value) > spec.max_len:
            self.bad(path, "dossier.bad.too_long", max=spec.max_len, length=len(value))
            return None
        allowed = (
            value.replace("\n", "").replace("\r", "").replace("\t", "")
            if spec.kind == Kind.LONG_TEXT
            else value
        )
        if _CONTROL.search(allowed) or (spec.kind == Kind.TEXT and ("\n" in value or "\r" in value)):
            self.bad(path, "dossier.bad.control")
            return None
        return value.strip()

    def code(self, spec: Field, path: str, value: Any) -> str | None:
        if not isinstance(value, str) or len(value) > 64:
            self.bad(path, "dossier.bad.code", catalog=spec.catalog or "")
            return None
        if spec.catalog is None or catalogs.load(spec.catalog).get(value.strip()) is None:
            self.bad(path, "dossier.bad.unknown_code", code=value[:40], catalog=spec.catalog or "")
            return None
        return value.strip()

    def record(self, spec: Field, path: str, value: Any) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.bad(path, "dossier.bad.object")
            return None
        out = {}
        for key, item in value.items():
            column = spec.column(key) if isinstance(key, str) else None
            if column is None:
                self.bad(f"{path}.{str(key)[:40]}", "dossier.bad.unknown_key")
                continue
            checked = self.value(column, f"{path}.{key}", item)
            if checked is not None:
                out[key] = checked
        return out

    def table(self, spec: Field, path: str, value: Any) -> list[Any] | None:
        if not isinstance(value, list):
            self.bad(path, "dossier.bad.list")
            return None
        if len(value) > fields.MAX_TABLE_ROWS:
            self.bad(path, "dossier.bad.too_many_rows", max=fields.MAX_TABLE_ROWS)
            return None
        rows = []
        n = 0
        for row in value:
            if _blank(row):
                continue  # an empty row is dropped: numbering follows the rows that are kept
            n += 1
            checked = self.record(spec, f"{path}[{n}]", row)
            if checked:
                rows.extend([checked])
                for column in spec.columns:
                    where = f"{path}[{n}].{column.key}"
                    if column.required and column.key not in checked and column.key not in row:
                        self.bad(where, "dossier.bad.required")
        return rows


def check(doc: Any, policy: Policy | None = None) -> tuple[Doc, list[Problem]]:
    """(the normalised document, its structural problems)."""
    checker = _Checker(policy or Policy())
    if not isinstance(doc, dict):
        return {}, [Problem("", "dossier.bad.object")]
    out: Doc = {}
    for key, value in doc.items():
        if not isinstance(key, str) or key not in fields.SECTION_KEYS:
            if key not in ("id", "secrecy"):
                checker.bad(str(key)[:40], "dossier.bad.unknown_section")
            continue
        section = fields.section(key)
        if section.table is not None:
            checked = checker.value(section.table, key, value)
            if checked is not None and not checker.policy.kept(key) and prune(checked) is not None:
                checker.bad(key, "dossier.bad.not_kept")
                continue
            if checked is not None:
                out[key] = checked
            continue
        if not isinstance(value, dict):
            checker.bad(key, "dossier.bad.object")
            continue
        part = {}
        for name, item in value.items():
            spec = section.field(name) if isinstance(name, str) else None
            if spec is None:
                checker.bad(f"{key}.{str(name)[:40]}", "dossier.bad.unknown_key")
                continue
            checked = checker.value(spec, f"{key}.{name}", item)
            if checked is None:
                continue
            if not checker.policy.kept(f"{key}.{name}") and prune(checked) is not None:
                checker.bad(f"{key}.{name}", "dossier.bad.not_kept")
                continue
            part[name] = checked
        if part:
            out[key] = part
    normalised = out  # every checker step already dropped empty values, records and rows
    for section in fields.SECTIONS:
        for spec in section.fields:
            path = f"{section.key}.{spec.key}"
            if (
                spec.required
                and checker.policy.kept(path)
                and not (normalised.get(section.key) or {}).get(spec.key)
            ) and not any(p.path == path for p in checker.problems):
                checker.bad(path, "dossier.bad.required")
    secrecy = doc.get("secrecy")
    if secrecy is not None:
        if not isinstance(secrecy, str) or catalogs.load("secrecy").get(secrecy) is None:
            checker.bad("secrecy", "dossier.bad.unknown_code", code=str(secrecy)[:40], catalog="secrecy")
        else:
            normalised["secrecy"] = secrecy
    return normalised, checker.problems
