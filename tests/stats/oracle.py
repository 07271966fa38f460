"""Independent figures for the shipped reports, computed straight from interchange JSON records.

Nothing here imports ``app.stats``: each report's columns and rows are written again as plain
Python predicates over a dossier's JSON (as the forms read), so that a test comparing them with
the service checks the definitions, the stats table, the rewinding and the counting all at once.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import date
from typing import Any

Doc = dict[str, Any]
Pred = Callable[[Doc], bool]

PROVINCIAL = {
    "bch_tinh",
    "btv_tinh",
    "bi_thu",
    "pho_bi_thu",
    "hdnd_ct",
    "hdnd_pct",
    "ubnd_ct",
    "ubnd_pct",
    "doan_dbqh_truong",
    "doan_dbqh_pho",
    "ban_dang_truong",
    "ban_dang_pho",
    "mttq_doan_the_truong",
    "mttq_doan_the_pho",
    "giam_doc_so",
    "pho_giam_doc_so",
    "dvsn_truong",
    "dvsn_pho",
}
GRADES = {"01.001": "cvcc", "01.002": "cvc", "01.003": "cv", "01.004": "can_su", "01.005": "nhan_vien"}
REQUIRED = (
    "identity.full_name",
    "identity.sex",
    "identity.birth_date",
    "identity.birth_place",
    "identity.home_town",
    "identity.ethnicity",
    "identity.religion",
    "identity.personal_id",
    "identity.current_address",
    "career.recruitment_date",
    "career.recruiting_agency",
    "position.employing_unit",
    "position.current_post",
    "position.management_tier",
    "qualifications.general_education",
    "qualifications.highest_degree",
    "qualifications.political_theory",
    "salary.grade_title",
    "salary.coefficient",
    "health.status",
    "training",
    "work_history",
    "family",
)


def val(doc: Doc, path: str) -> Any:
    head, _, rest = path.partition(".")
    section = doc.get(head)
    if not rest:
        return section or None
    return (section or {}).get(rest) or None


def plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _day(text: str | None) -> tuple[int, int, int] | None:
    if not text:
        return None
    parts = [int(p) for p in text.split("-")]
    return parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1


def age(doc: Doc, on: date) -> int | None:
    born = _day(val(doc, "identity.birth_date"))
    if born is None:
        return None
    return on.year - born[0] - (1 if (on.month, on.day) < (born[1], born[2]) else 0)


def months_old(doc: Doc, on: date) -> int | None:
    born = _day(val(doc, "identity.birth_date"))
    if born is None:
        return None
    return (on.year - born[0]) * 12 + on.month - born[1] - (1 if on.day < born[2] else 0)


def over_retirement(doc: Doc, on: date) -> bool:
    months, sex = months_old(doc, on), val(doc, "identity.sex")
    if months is None or sex not in ("nam", "nu"):
        return False
    later = max(0, on.year - 2020)
    limit = 60 * 12 + min(24, 3 * later) if sex == "nam" else 55 * 12 + min(60, 4 * later)
    return months >= limit


def party(doc: Doc, on: date) -> str:
    joined, official = _day(val(doc, "career.party_join_date")), _day(val(doc, "career.party_official_date"))
    today = (on.year, on.month, on.day)
    if joined is None or joined > today:
        return "khong"
    return "chinh_thuc" if official is not None and official <= today else "du_bi"


def is_(path: str, *codes: str) -> Pred:
    return lambda d: val(d, path) in codes


def age_in(low: int | None, high: int | None, on: date) -> Pred:
    def test(d: Doc) -> bool:
        a = age(d, on)
        return a is not None and (low is None or a >= low) and (high is None or a <= high)

    return test


def minority(d: Doc) -> bool:
    return val(d, "identity.ethnicity") not in (None, "kinh")


def religious(d: Doc) -> bool:
    return val(d, "identity.religion") not in (None, "khong")


def it_high(d: Doc) -> bool | None:
    text = val(d, "qualifications.it_level")
    if not text:
        return None
    return any(
        w in plain(text)
        for w in ("trung cap", "cao dang", "dai hoc", "thac si", "tien si", "ky su", "cu nhan")
    )


def language(d: Doc, english: bool) -> str | None:
    best = None
    for item in val(d, "qualifications.foreign_languages") or []:
        if ("anh" in plain(item.get("language", "")).split()) != english:
            continue
        level = plain(item.get("level", ""))
        grade = "dh" if any(w in level for w in ("dai hoc", "cu nhan", "thac si", "tien si")) else "cc"
        best = "dh" if "dh" in (best, grade) else grade
    return best


def committee(*codes: str) -> Pred:
    return is_("position.committee", *codes)


def missing(d: Doc, path: str) -> bool:
    return val(d, path) is None


def stale(d: Doc, updated_at: str, on: date) -> bool:
    limit = date(on.year - 1, on.month, 28 if (on.month, on.day) == (2, 29) else on.day)
    return updated_at[:10] < limit.isoformat()


def count(docs: list[Doc], *preds: Pred) -> int:
    return sum(1 for d in docs if all(p(d) for p in preds))
