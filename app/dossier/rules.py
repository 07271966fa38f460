"""Semantic rules: does a structurally valid dossier hang together?

Owns the checks that run after ``structure.check`` on its normalised document: the order and
plausibility of career dates (Party probation, ages at joining and recruitment, appointment,
army service), from/to intervals of every dated table, dates in the future or before birth,
the status date, the declared highest levels against the training table, yearly ratings,
family birth years against the cadre's, and the structure of the 12-digit CCCD number.

Each finding is a :class:`Finding` (a ``structure.Problem``) naming the exact path, e.g.
``career.party_official_date`` or ``training[3].to`` (rows numbered from 1), with a message key
in ``resources/i18n/*/rules.json``. Severity ``error`` blocks saving and import; ``warning`` does
not. Partial dates stand for periods (``dates``), so a rule fires only when it surely fails:
"1999" is never "before" "1999-05-19". Restricted values (personal id, family rows, personal
history, discipline) may be checked, but no message quotes them: it names the row instead.
The checks are defensive: masked or missing values are skipped, never raised on.
Must not import Qt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from app import i18n
from app.datefmt import partial_date
from app.dossier import catalogs, document, fields
from app.dossier.dates import Partial, parse
from app.dossier.document import Doc
from app.dossier.folding import fold, words
from app.dossier.structure import Problem

ERROR, WARNING = "error", "warning"
FIELD = "field"  # a label source: the param holds a path, shown as that field's label

BIRTH = "identity.birth_date"
RECRUITED = "career.recruitment_date"
JOINED, OFFICIAL = "career.party_join_date", "career.party_official_date"
ENLISTED, DISCHARGED = "career.army_enlist_date", "career.army_discharge_date"
APPOINTED, REAPPOINTED = "position.appointed_on", "position.reappointed_on"
STATUS, STATUS_DATE = "position.status", "position.status_date"
CAREER_DATES = (
    RECRUITED,
    "career.current_agency_date",
    "career.revolution_date",
    JOINED,
    OFFICIAL,
    "career.mass_org_date",
    ENLISTED,
    DISCHARGED,
    APPOINTED,
    REAPPOINTED,
    STATUS_DATE,
)
INTERVAL_TABLES = (
    "training",
    "work_history",
    "self_history.old_regime",
    "self_history.foreign_orgs",
    "discipline",
    "salary_history",
    "allowance_history",
)
# (earlier, later, message key, may they fall on the same day): a later one surely earlier is an error
ORDER = (
    (JOINED, OFFICIAL, "rules.party.official_before_join", True),
    (RECRUITED, APPOINTED, "rules.appointed_before_recruitment", True),
    (APPOINTED, REAPPOINTED, "rules.reappointed_not_after", False),
    (ENLISTED, DISCHARGED, "rules.army.discharge_not_after", False),
)
# (date, the age it needs, message key, severity): surely younger fires
AGES = (
    (JOINED, 18, "rules.party.under_18", WARNING),
    (RECRUITED, 15, "rules.recruitment.too_young", ERROR),
)
PROBATION_DAYS = (335, 396)  # 12 months of probation, give or take a month
GENERATION = 12  # years between a parent and a child, at least

_SI = r"s[iy]"  # "sĩ" and "sỹ" are both written
DEGREE_PATTERNS = (
    ("tien_si_khoa_hoc", (rf"tien {_SI} khoa hoc", "tskh")),
    ("tien_si", (rf"(?:pho )?tien {_SI}", "ts", "pts", "phd")),
    ("thac_si", (rf"thac {_SI}", "ths", "cao hoc", "master")),
    ("dai_hoc", ("cu nhan", "ky su", rf"bac {_SI}", rf"duoc {_SI}", "kien truc su", "dai hoc", "cn", "ks")),
    ("cao_dang", ("cao dang",)),
    ("trung_cap", ("trung cap", "trung hoc chuyen nghiep")),
    ("so_cap", ("so cap",)),
)
THEORY_PATTERNS = (
    ("cu_nhan", ("cu nhan",)),
    ("cao_cap", ("cao cap",)),
    ("trung_cap", ("trung cap",)),
    ("so_cap", ("so cap",)),
)
PARENTS = frozenset({"bo", "me", "cha", "ba", "ma", "bo de", "me de", "cha de", "bo ruot", "me ruot"})
CHILDREN = frozenset({"con", "con trai", "con gai", "con de", "con ruot"})


@dataclass(frozen=True, slots=True)
class Finding(Problem):
    """A rule's problem. ``labels`` names params that hold a field path (``"field"``) or a catalog
    code (the catalog's name): the message shows their labels in the reader's language."""

    labels: tuple[tuple[str, str], ...] = ()

    def message(self, lang: str | None = None) -> str:
        lang = lang or i18n.language()
        params = dict(self.params)
        for name, source in self.labels:
            value = str(params.get(name, ""))
            params[name] = label(value, lang) if source == FIELD else catalogs.load(source).label(value, lang)
        return i18n.t(self.key, lang=lang, **params)


def label(path: str, lang: str) -> str:
    """The label of a field, table or table column named by ``section[.key]``."""
    head, _, rest = path.partition(".")
    sec = fields.section(head)
    spec = (sec.table.column(rest) if sec.table is not None else sec.field(rest)) if rest else None
    if spec is None:
        return sec.label if lang == "vi" else sec.label_en
    return spec.label if lang == "vi" else spec.label_en


def plus_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def rows(doc: Doc, path: str) -> list[dict[str, Any]]:
    """The rows of the table at ``section`` or ``section.column`` ([] when absent or masked)."""
    head, _, rest = path.partition(".")
    value = doc.get(head)
    if rest:
        value = value.get(rest) if isinstance(value, dict) else None
    if not isinstance(value, list):
        return []
    return [row if isinstance(row, dict) else {} for row in value]


def when(value: Any) -> Partial | None:
    return parse(value) if isinstance(value, str) else None


def show(day: Partial | date) -> str:
    return partial_date(day.iso() if isinstance(day, Partial) else day.isoformat())


class _Rules:
    def __init__(self, doc: Doc, today: date) -> None:
        self.doc, self.today = doc, today
        self.found: list[Problem] = []
        self.birth = self.date(BIRTH)

    def date(self, path: str) -> Partial | None:
        return when(document.get(self.doc, path))

    def add(self, severity: str, path: str, key: str, *labels: tuple[str, str], **params: Any) -> None:
        self.found.append(Finding(path, key, params, severity, labels))

    def dates(self) -> None:
        birth, today = self.birth, self.today
        if birth is not None and birth.first > today:
            self.add(ERROR, BIRTH, "rules.birth_in_future", value=show(birth), today=show(today))
        for path in CAREER_DATES:
            day = self.date(path)
            shown = {"field": path, "value": show(day)} if day else {}
            if day and day.first > today:
                self.add(ERROR, path, "rules.date.future", (FIELD, FIELD), **shown, today=show(today))
            elif day and birth and day.last < birth.first:
                self.add(ERROR, path, "rules.date.before_birth", (FIELD, FIELD), **shown, birth=show(birth))

    def career(self) -> None:
        birth = self.birth
        for earlier_path, later_path, key, same_day_ok in ORDER:
            earlier, later = self.date(earlier_path), self.date(later_path)
            if (
                earlier
                and later
                and (later.last < earlier.first or (later.last == earlier.first and not same_day_ok))
            ):
                self.add(ERROR, later_path, key, later=show(later), earlier=show(earlier))
        for path, age, key, severity in AGES:
            day = self.date(path)
            if day and birth and birth.first <= day.last < plus_years(birth.first, age):
                self.add(severity, path, key, value=show(day), birth=show(birth))
        joined, official = self.date(JOINED), self.date(OFFICIAL)
        if joined and official and not official.last < joined.first:
            low, high = (official.first - joined.last).days, (official.last - joined.first).days
            if high < PROBATION_DAYS[0] or low > PROBATION_DAYS[1]:
                self.add(
                    WARNING, OFFICIAL, "rules.party.probation", later=show(official), earlier=show(joined)
                )
        status = document.get(self.doc, STATUS)
        if isinstance(status, str) and status != "dang_cong_tac" and self.date(STATUS_DATE) is None:
            self.add(WARNING, STATUS_DATE, "rules.status_date_missing", ("status", "status"), status=status)

    def intervals(self) -> None:
        for table in INTERVAL_TABLES:
            secret = fields.section(table.split(".", 1)[0]).restricted
            tail = "_restricted" if secret else ""
            for n, row in enumerate(rows(self.doc, table), 1):
                start, end = when(row.get("from")), when(row.get("to"))
                at = f"{table}[{n}]"
                values: dict[str, Any] = {}
                if start and end and end.last < start.first:
                    if not secret:
                        values = {"start": show(start), "end": show(end)}
                    self.add(
                        ERROR,
                        f"{at}.to",
                        "rules.interval.reversed" + tail,
                        (FIELD, FIELD),
                        field=table,
                        row=n,
                        **values,
                    )
                first = start or end
                if first and first.first > self.today:
                    values = {} if secret else {"value": show(first), "today": show(self.today)}
                    self.add(
                        WARNING,
                        f"{at}.{'from' if start else 'to'}",
                        "rules.interval.future" + tail,
                        (FIELD, FIELD),
                        field=table,
                        row=n,
                        **values,
                    )

    def levels(self) -> None:
        training = rows(self.doc, "training")
        for path, catalog, kind, patterns, key in (
            ("qualifications.highest_degree", "degree", "chuyen_mon", DEGREE_PATTERNS, "rules.level.degree"),
            (
                "qualifications.political_theory",
                "political_theory",
                "ly_luan_chinh_tri",
                THEORY_PATTERNS,
                "rules.level.theory",
            ),
        ):
            declared = document.get(self.doc, path)
            found = derive(training, kind, catalog, patterns, self.today)
            if isinstance(declared, str) and found is not None and found[0] != declared:
                self.add(
                    WARNING,
                    path,
                    key,
                    ("declared", catalog),
                    ("derived", catalog),
                    declared=declared,
                    derived=found[0],
                    row=found[1],
                )

    def yearly(self) -> None:
        recruited = self.date(RECRUITED)
        seen: dict[int, int] = {}
        for n, row in enumerate(rows(self.doc, "yearly_ratings"), 1):
            year = row.get("year")
            if not isinstance(year, int):
                continue
            path = f"yearly_ratings[{n}].year"
            if year in seen:
                self.add(ERROR, path, "rules.yearly.duplicate", row=n, year=year, first=seen[year])
            else:
                seen[year] = n
            if recruited and year < recruited.year:
                self.add(
                    WARNING,
                    path,
                    "rules.yearly.before_recruitment",
                    row=n,
                    year=year,
                    recruitment=show(recruited),
                )
            elif year > self.today.year:
                self.add(WARNING, path, "rules.yearly.future", row=n, year=year)

    def family(self) -> None:
        if self.birth is None:
            return
        own = self.birth.year
        for n, row in enumerate(rows(self.doc, "family"), 1):
            year, relation = row.get("birth_year"), row.get("relation")
            if (
                not isinstance(year, int)
                or not isinstance(relation, str)
                or row.get("side") == "ben_vo_chong"
            ):
                continue
            kin = " ".join(words(fold(relation)))
            if kin in PARENTS and own - year < GENERATION:
                self.add(WARNING, f"family[{n}].birth_year", "rules.family.parent_too_young", row=n)
            elif kin in CHILDREN and year - own < GENERATION:
                self.add(WARNING, f"family[{n}].birth_year", "rules.family.child_too_old", row=n)

    def personal_id(self) -> None:
        path = "identity.personal_id"
        pid = document.get(self.doc, path)
        if not isinstance(pid, str) or not re.fullmatch(r"\d{12}", pid):
            return
        if pid[:3] not in province_codes():
            self.add(WARNING, path, "rules.pid.province")
        if self.birth is None:
            return
        year = self.birth.year
        century, digit = year // 100 - 19, int(pid[3])
        sex = document.get(self.doc, "identity.sex")
        if 0 <= century <= 4:
            if digit // 2 != century:
                self.add(WARNING, path, "rules.pid.century", birth_year=year)
            elif sex in ("nam", "nu") and digit % 2 != (sex == "nu"):
                self.add(WARNING, path, "rules.pid.sex", ("sex", "sex"), sex=sex)
        if pid[4:6] != f"{year % 100:02d}":
            self.add(WARNING, path, "rules.pid.year", birth_year=year)


def derive(
    training: list[dict[str, Any]],
    kind: str,
    catalog: str,
    patterns: tuple[tuple[str, tuple[str, ...]], ...],
    today: date,
) -> tuple[str, int] | None:
    """(the highest level the finished ``kind`` rows of ``training`` show, its row number)."""
    ranks = catalogs.load(catalog)
    best: tuple[int, str, int] | None = None
    for n, row in enumerate(training, 1):
        end = when(row.get("to")) or when(row.get("from"))
        if row.get("kind") != kind or (end is not None and end.first > today):
            continue
        # The credential says the level; the major only when the credential says nothing
        # ("Tiến sĩ" in "Khoa học cây trồng" is a doctorate, not a "Tiến sĩ khoa học").
        found = _level(fold(str(row.get("credential") or "")), patterns) or _level(
            fold(str(row.get("major") or "")), patterns
        )
        if found is not None:
            entry = ranks.get(found)
            rank = int(entry.extra.get("rank", 0)) if entry is not None else 0
            if best is None or rank > best[0]:
                best = (rank, found, n)
    return (best[1], best[2]) if best else None


def _level(text: str, patterns: tuple[tuple[str, tuple[str, ...]], ...]) -> str | None:
    """The first level code whose spellings occur as whole words in ``text`` (patterns are ordered
    most specific first)."""
    for code, spellings in patterns:
        if any(re.search(rf"(?<!\w){w}(?!\w)", text) for w in spellings):
            return code
    return None


@cache
def province_codes() -> frozenset[str]:
    """The 3-digit province codes a CCCD number may begin with (001–096, as in the catalog)."""
    codes = (str(e.extra.get("gso_code", "")) for e in catalogs.load("province").entries)
    return frozenset(c.zfill(3) for c in codes if c.isdigit() and 1 <= int(c) <= 96)


def check(doc: Doc, *, today: date | None = None) -> list[Problem]:
    """The semantic problems of a structurally valid, normalised document, grouped by rule."""
    rules = _Rules(doc, today or date.today())
    rules.personal_id()
    rules.dates()
    rules.career()
    rules.levels()
    rules.intervals()
    rules.yearly()
    rules.family()
    return rules.found
