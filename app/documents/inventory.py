"""A dossier's inventory of documents (thành phần hồ sơ, spec/dossier.md §8): checking one entry
before it is filed, and which yearly items are missing for each year of service.

An entry is ``kind`` (catalog ``document_kind``), ``title``, ``number``, ``date`` (a partial date),
``issuer``, ``secrecy`` (catalog ``secrecy`` or none), ``page_count``, ``received_on`` (a whole day)
and ``year`` — required for the kinds the catalog marks ``yearly`` (phiếu bổ sung lý lịch, bản tự
kiểm điểm), refused for the others. The yearly check uses the same years of service as the
completeness score (``completeness.service_years``: from recruitment, 2010 at the earliest, to last
year). Must not import Qt.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from app.datefmt import parse_day
from app.dossier import catalogs, dates
from app.dossier.completeness import service_years
from app.dossier.document import Doc
from app.errors import InvalidInput

TEXT_LIMITS = {"title": 300, "number": 100, "issuer": 300}
MAX_PAGES = 10_000


def yearly_kinds() -> list[str]:
    return [e.code for e in catalogs.load("document_kind").entries if e.extra.get("yearly")]


def _text(values: dict[str, Any], key: str) -> str:
    value = values.get(key) or ""
    if not isinstance(value, str):
        raise InvalidInput("documents.bad.text", field=key)
    value = " ".join(value.split())
    if len(value) > TEXT_LIMITS[key]:
        raise InvalidInput("documents.bad.too_long", field=key, limit=TEXT_LIMITS[key])
    if any(ord(c) < 32 for c in value):
        raise InvalidInput("documents.bad.text", field=key)
    return value


def _int(values: dict[str, Any], key: str, low: int, high: int) -> int | None:
    value = values.get(key)
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise InvalidInput("documents.bad.number", field=key, low=low, high=high) from None
    if not low <= number <= high or isinstance(value, bool | float):
        raise InvalidInput("documents.bad.number", field=key, low=low, high=high)
    return number


def checked(values: dict[str, Any], today: date) -> dict[str, Any]:
    """``values`` as they will be stored, or :class:`InvalidInput` naming the first bad field."""
    unknown = sorted(set(values) - {"kind", "title", "number", "date", "issuer", "secrecy", "page_count",
                                    "received_on", "year"})  # fmt: skip
    if unknown:
        raise InvalidInput("documents.bad.unknown", fields=", ".join(unknown[:5]))
    kind = values.get("kind")
    if not isinstance(kind, str) or kind not in catalogs.load("document_kind"):
        raise InvalidInput("documents.bad.kind", value=str(kind)[:40])
    out: dict[str, Any] = {"kind": kind, **{k: _text(values, k) for k in TEXT_LIMITS}}
    issued = values.get("date") or None
    if issued is not None and (not isinstance(issued, str) or dates.parse(issued) is None):
        raise InvalidInput("documents.bad.date", field="date", value=str(issued)[:20])
    out["date"] = issued
    received = values.get("received_on") or None
    if received is not None:
        day = parse_day(str(received))
        if day is None or day > today:
            raise InvalidInput("documents.bad.date", field="received_on", value=str(received)[:20])
        received = day.isoformat()
    out["received_on"] = received
    secrecy = values.get("secrecy") or None
    if secrecy is not None and secrecy not in catalogs.load("secrecy"):
        raise InvalidInput("documents.bad.secrecy", value=str(secrecy)[:20])
    out["secrecy"] = secrecy
    out["page_count"] = _int(values, "page_count", 0, MAX_PAGES)
    out["year"] = _int(values, "year", dates.MIN_YEAR, today.year)
    if kind in yearly_kinds() and out["year"] is None:
        raise InvalidInput("documents.bad.year_needed", kind=catalogs.load("document_kind").label(kind))
    if kind not in yearly_kinds() and out["year"] is not None:
        raise InvalidInput("documents.bad.year_not_yearly", kind=catalogs.load("document_kind").label(kind))
    return out


def missing_by_year(doc: Doc, filed: Iterable[tuple[str, int | None]], today: date) -> dict[int, list[str]]:
    """For each year of service, the yearly kinds not filed for it (years with nothing missing left
    out). ``filed`` is (kind, year) of the dossier's live documents."""
    have = {(kind, year) for kind, year in filed if year is not None}
    kinds = yearly_kinds()
    out = {}
    for year in service_years(doc, today):
        gaps = [k for k in kinds if (k, year) not in have]
        if gaps:
            out[year] = gaps
    return out
