"""What a statistic can count by: every dimension, and how each is derived from a dossier's stats
row (``app/dossier/stat_facts.py``) at a reference date.

A dimension is one of three kinds:

- ``code``: one value or none per dossier (a catalog code, or a derived class such as
  ``minority`` or ``party``), kept as integer codes into a list of levels;
- ``number``: ``age`` (full years) with NaN when the birth date is unknown;
- ``date``: a date as a YYYYMMDD number (0 when unknown), for eras such as the Party's
  admission periods;

plus the set ``missing`` (required fields left empty). Ages and Party standing depend on the
reference date; nothing else does. A partial birth date counts from its first day (the civil
registry's convention for an unknown day or month). Only class N values exist here: a report
cannot name a restricted field because no dimension holds one. Must not import Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from app.dossier import dates
from app.dossier.folding import fold

CODE, NUMBER, DATE, SET = "code", "number", "date", "set"


@dataclass(frozen=True, slots=True)
class Dimension:
    name: str
    kind: str
    catalog: str | None = None  # labels come from this catalog; else from i18n stats.value.<name>.<v>
    free_text: bool = False  # values are the officer's own text (units): shown as they are
    order: tuple[str, ...] = ()  # a derived dimension's values in the order tables list them


#: Every dimension, in the order pickers show them.
DIMENSIONS: dict[str, Dimension] = {
    d.name: d
    for d in (
        Dimension("sex", CODE, "sex"),
        Dimension("age", NUMBER),
        Dimension("ethnicity", CODE, "ethnicity"),
        Dimension("minority", CODE, order=("kinh", "thieu_so")),
        Dimension("religion", CODE, "religion"),
        Dimension("religious", CODE, order=("co", "khong")),
        Dimension("party", CODE, order=("chinh_thuc", "du_bi", "khong")),
        Dimension("party_join_date", DATE),
        Dimension("management_tier", CODE, "management_tier"),
        Dimension("employing_unit", CODE, free_text=True),
        Dimension("post_group", CODE, "post_group"),
        Dimension("post_level", CODE, order=("cap_truong", "cap_pho")),
        Dimension("committee", CODE, "committee"),
        Dimension("status", CODE, "status"),
        Dimension("highest_degree", CODE, "degree"),
        Dimension("academic_title", CODE, "academic_title"),
        Dimension("political_theory", CODE, "political_theory"),
        Dimension("state_management", CODE, "state_management"),
        Dimension("grade", CODE, order=("cvcc", "cvc", "cv", "can_su", "nhan_vien")),
        Dimension("it", CODE, order=("trung_cap_tro_len", "chung_chi")),
        Dimension("english", CODE, order=("dai_hoc", "chung_chi")),
        Dimension("other_language", CODE, order=("dai_hoc", "chung_chi")),
        Dimension("ethnic_language", CODE, order=("co", "khong")),
        Dimension("retirement", CODE, order=("chua", "qua_tuoi")),
        Dimension("stale", CODE, order=("co", "khong")),
        Dimension("missing", SET),
    )
}

#: The stats columns (``app/dossier/stat_facts.py``) each dimension is derived from.
SOURCES: dict[str, tuple[str, ...]] = {
    **{name: (name,) for name in ("sex", "ethnicity", "religion", "management_tier", "employing_unit")},
    **{name: (name,) for name in ("post_group", "committee", "status", "highest_degree", "academic_title")},
    **{name: (name,) for name in ("political_theory", "state_management", "ethnic_language", "missing")},
    "age": ("birth_date",),
    "minority": ("ethnicity",),
    "religious": ("religion",),
    "party": ("party_join_date", "party_official_date"),
    "party_join_date": ("party_join_date", "party_official_date"),
    "post_level": ("post_group",),
    "grade": ("grade_code",),
    "it": ("it_level",),
    "english": ("languages",),
    "other_language": ("languages",),
    "retirement": ("birth_date", "sex"),
    "stale": ("updated_at",),
}

#: Ngạch codes by rank (TT 02/2021/TT-BNV and its equivalents); a code not listed has no rank.
GRADE_RANKS = {
    "01.001": "cvcc", "01.002": "cvc", "01.003": "cv", "01.004": "can_su", "01.005": "nhan_vien",
    "04.023": "cvcc", "04.024": "cvc", "04.025": "cv",  # thanh tra viên
    "06.029": "cvcc", "06.030": "cvc", "06.031": "cv", "06.032": "can_su",  # kế toán viên
}  # fmt: skip


def date_number(text: str | None) -> int:
    """A stored (partial) date as YYYYMMDD from its first day; 0 when empty or not a date."""
    if text and len(text) == 10 and text[4] == text[7] == "-" and dates.parse(text) is not None:
        return int(text[:4]) * 10000 + int(text[5:7]) * 100 + int(text[8:10])
    partial = dates.parse(text) if text else None
    if partial is None:
        return 0
    first = partial.first
    return first.year * 10000 + first.month * 100 + first.day


def retirement_months(sex: str | None, on: date) -> int | None:
    """The normal retirement age in months on ``on`` (Bộ luật Lao động 2019 art. 169, NĐ 135/2020):
    from 2021, men 60 years 3 months rising 3 months a year to 62 (2028); women 55 years 4 months
    rising 4 months a year to 60 (2035). Before 2021, 60 and 55."""
    steps = max(0, on.year - 2020)
    if sex == "nam":
        return 720 + min(24, 3 * steps)
    if sex == "nu":
        return 660 + min(60, 4 * steps)
    return None


def _first_level(text: str, levels: Sequence[tuple[str, tuple[str, ...]]], other: str) -> str:
    folded = fold(text)
    for code, words in levels:
        if any(w in folded for w in words):
            return code
    return other


_IT_HIGH = (
    ("trung_cap_tro_len", ("trung cap", "cao dang", "dai hoc", "thac si", "tien si", "ky su", "cu nhan")),
)
_LANGUAGE_HIGH = (("dai_hoc", ("dai hoc", "cu nhan", "thac si", "tien si")),)


def it_class(text: str | None) -> str | None:
    """``trung_cap_tro_len`` for a vocational or academic IT qualification, else ``chung_chi``."""
    return _first_level(text, _IT_HIGH, "chung_chi") if text else None


def language_classes(text: str | None) -> tuple[str | None, str | None]:
    """(English, other language): ``dai_hoc`` when any is a degree, else ``chung_chi``, else None."""
    english: str | None = None
    other: str | None = None
    for pair in (text or "").split(";"):
        language, _, level = pair.partition("|")
        if not language and not level:
            continue
        grade = _first_level(level, _LANGUAGE_HIGH, "chung_chi")
        if "anh" in fold(language).split():
            english = "dai_hoc" if "dai_hoc" in (english, grade) else grade
        else:
            other = "dai_hoc" if "dai_hoc" in (other, grade) else grade
    return english, other


def yes_no(flag: bool | None) -> str | None:
    return None if flag is None else ("co" if flag else "khong")


Derive = Callable[[str | None], str | None]
