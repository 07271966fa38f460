"""Synthetic training: schooling before recruitment and the courses taken after it.

Owns the university (or college, then a part-time degree) studied before recruitment, later
master's and doctoral studies, defence and security courses, IT and language certificates, and
the :class:`Studies` record that collects the training rows together with the levels they
reach, so that the qualifications section is derived from the rows and always matches them.
Political theory and state-management courses are planned by ``civics``. Institutions carry
the years their names were in use. Must not import Qt.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from app.dossier.synthetic import civics
from app.dossier.synthetic.data import Picker, between, load, weighted, ym
from app.dossier.synthetic.person import Person
from app.dossier.synthetic.salary import Pay

DEGREE_OF = {
    "Tiến sĩ": "tien_si",
    "Thạc sĩ": "thac_si",
    "Cử nhân": "dai_hoc",
    "Kỹ sư": "dai_hoc",
    "Bác sĩ": "dai_hoc",
    "Dược sĩ": "dai_hoc",
    "Cao đẳng": "cao_dang",
    "Trung cấp": "trung_cap",
}
DEGREE_RANK = {"khong": 0, "trung_cap": 2, "cao_dang": 3, "dai_hoc": 4, "thac_si": 5, "tien_si": 6}
THEORY_RANK = {"": 0, "so_cap": 1, "trung_cap": 2, "cao_cap": 3, "cu_nhan": 4}
MANAGEMENT_RANK = {"": 0, "cv": 2, "cvc": 3, "cvcc": 4}
Row = dict[str, Any]


def window(rng: random.Random, low: int, high: int) -> int | None:
    """A uniform month in [low, high], or None when the window is empty."""
    return low + int(rng.random() * (high - low + 1)) if low <= high else None


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


@dataclass(slots=True)
class Studies:
    """The training rows of one person and the highest levels they reach."""

    rows: list[Row] = field(default_factory=list)
    degree: str = "khong"
    major: str = ""
    theory: str = ""
    management: str = ""
    it_level: str = ""
    languages: list[dict[str, str]] = field(default_factory=list)

    def add(self, kind: str, start: int, stop: int, institution: str, **columns: Any) -> Row:
        row = {"kind": kind, "from": ym(start), "to": ym(stop), "institution": institution}
        row.update(columns)
        self.rows.append(row)
        return row

    def degree_course(
        self, start: int, stop: int, institution: str, major: str, mode: str, credential: str
    ) -> None:
        self.add("chuyen_mon", start, stop, institution, major=major, mode=mode, credential=credential)
        code = DEGREE_OF[credential]
        if DEGREE_RANK[code] >= DEGREE_RANK[self.degree]:
            self.degree, self.major = code, major

    def theory_course(
        self, code: str, start: int, stop: int, institution: str, mode: str, credential: str
    ) -> None:
        self.add("ly_luan_chinh_tri", start, stop, institution, mode=mode, credential=credential)
        if THEORY_RANK[code] > THEORY_RANK[self.theory]:
            self.theory = code

    def management_course(
        self, code: str, start: int, stop: int, spec: dict[str, str], institution: str
    ) -> None:
        self.add(
            "quan_ly_nha_nuoc",
            start,
            stop,
            institution,
            major=spec["major"],
            mode="Bồi dưỡng",
            credential=spec["credential"],
        )
        if code in MANAGEMENT_RANK and MANAGEMENT_RANK[code] > MANAGEMENT_RANK[self.management]:
            self.management = code


@dataclass(slots=True)
class School:
    studies: Studies
    graduated: int  # month
    field: str
    upgrade: bool  # a college graduate who will study for a degree part-time


class Trainings:
    def __init__(self, world_label: str) -> None:
        self.edu = load("education")
        self.label = world_label
        self._pickers: dict[tuple[str, int, str], Picker[dict[str, Any]]] = {}
        self._languages: dict[int, Picker[str]] = {}
        levels = self.edu["language_levels"]
        self.old_levels, self.new_levels = weighted(levels["old"]), weighted(levels["new"])
        self.new_levels_from = int(levels["new_from"]) * 12

    def _pick(self, rng: random.Random, group: str, year: int, field: str = "") -> dict[str, Any]:
        """An institution of ``group`` open in ``year`` (of ``field`` when there is one)."""
        key = (group, year, field)
        picker = self._pickers.get(key)
        if picker is None:
            open_then = [e for e in self.edu[group] if e.get("from", 0) <= year <= e.get("until", 9999)]
            of_field = [e for e in open_then if not field or e.get("field") == field]
            picker = Picker((e, e.get("weight", 1.0)) for e in of_field or open_then)
            self._pickers[key] = picker
        return picker.pick(rng)

    # -- before recruitment ----------------------------------------------------------------------
    def schooling(self, rng: random.Random, p: Person) -> School:
        year = p.birth // 12 + 18 + (1 if rng.random() < 0.2 else 0)
        if p.army:
            year = max(year, p.army[1] // 12 + (1 if p.army[1] % 12 >= 7 else 0))
        start = year * 12 + 8  # September
        college = p.birth // 12 <= 1978 and not p.army and rng.random() < 0.1
        school = self._pick(rng, "colleges" if college else "universities", year)
        major, credential, years, field = school["majors"][int(rng.random() * len(school["majors"]))]
        stop = start + years * 12 - 3 + (0 if college or rng.random() >= 0.3 else 1)
        studies = Studies()
        studies.degree_course(start, stop, school["name"], major, "Chính quy", credential)
        return School(studies, stop, field, college)

    # -- after recruitment -------------------------------------------------------------------------
    def courses(self, rng: random.Random, p: Person, school: School, pay: Pay) -> Studies:
        """Every training row in date order, with the levels reached."""
        studies = school.studies
        limit = min(p.end, p.today - 1)  # the last month a finished course may end in
        leader_from = p.promotions[2] if p.level >= 3 else None
        if school.upgrade:
            start = window(rng, p.recruit + 12, min(p.recruit + 60, limit - 47))
            if start is not None:
                up = self._pick(rng, "upgrade", start // 12, school.field)
                studies.degree_course(
                    start, start + 47, up["name"], up["major"], "Tại chức", up["credential"]
                )
        self._degrees(rng, p, school, studies, limit)
        civics.political_theory(rng, p, studies, self.edu["political_theory"], self.label, limit, leader_from)
        civics.state_management(
            rng, p, pay, studies, self.edu["state_management"], self.label, limit, leader_from
        )
        defence = self.edu["defence"]
        start = window(rng, p.recruit + 24, limit - 1)
        if start is not None and rng.random() < 0.7:
            self._short_course(studies, "quoc_phong_an_ninh", start, 1, defence[0])
        if leader_from is not None and rng.random() < 0.85:
            start = window(rng, leader_from, limit - 1)
            if start is not None:
                self._short_course(studies, "quoc_phong_an_ninh", start, 1, defence[1])
        start = window(rng, p.recruit, limit - 2)
        if start is not None and rng.random() < 0.9:
            year = start // 12
            item = next(i for i in self.edu["it"] if i.get("from", 0) <= year <= i.get("until", 9999))
            self._short_course(studies, "tin_hoc", start, 2, item)
            studies.it_level = item["level"]
        start = window(rng, max(p.recruit - 24, p.birth + 20 * 12), limit - 3)
        if start is not None and rng.random() < 0.92:
            self._language(rng, studies, start)
        studies.rows.sort(key=lambda r: str(r["from"]))
        return studies

    def _short_course(
        self, studies: Studies, kind: str, start: int, months: int, spec: dict[str, str]
    ) -> None:
        institution = spec["institution"].replace("{tinh}", self.label)
        studies.add(
            kind,
            start,
            start + months,
            institution,
            major=spec["major"],
            mode="Bồi dưỡng",
            credential=spec["credential"],
        )

    def _degrees(self, rng: random.Random, p: Person, school: School, studies: Studies, limit: int) -> None:
        chance = 0.75 if p.level >= 5 else 0.62 if p.level >= 3 else 0.45
        if p.birth // 12 >= 1980:
            chance += 0.1
        if rng.random() >= chance:
            return
        start = window(rng, max(p.recruit + 24, p.birth + 26 * 12), limit - 24)
        if start is None:
            return
        start = start - start % 12 + 9  # October intake
        if start + 23 > limit:
            return
        field = school.field if rng.random() < 0.6 else "gov"
        master = self._pick(rng, "masters", start // 12, field)
        major = master["majors"][int(rng.random() * len(master["majors"]))]
        mode = "Chính quy" if rng.random() < 0.4 else "Vừa làm vừa học"
        studies.degree_course(start, start + 23, master["name"], major, mode, "Thạc sĩ")
        chance = 0.2 if p.level >= 5 else 0.1 if p.level >= 3 else 0.04
        if rng.random() >= chance:
            return
        months = between(rng, 36, 48)
        begin = window(rng, start + 36, limit - months)
        if begin is None:
            return
        doctor = self._pick(rng, "doctorates", begin // 12, field)
        major = doctor["majors"][int(rng.random() * len(doctor["majors"]))]
        studies.degree_course(begin, begin + months - 1, doctor["name"], major, "Vừa làm vừa học", "Tiến sĩ")

    def _language(self, rng: random.Random, studies: Studies, start: int) -> None:
        year = start // 12
        picker = self._languages.get(year)
        if picker is None:
            known = [lang for lang in self.edu["languages"] if year <= lang.get("until", 9999)]
            picker = self._languages[year] = Picker((lang["language"], lang["weight"]) for lang in known)
        language = picker.pick(rng)
        new = start >= self.new_levels_from
        level = (self.new_levels if new else self.old_levels).pick(rng)
        schools = self.edu["language_schools"]
        school = next(s["name"] for s in schools if s.get("from", 0) <= year <= s.get("until", 9999))
        credential = (
            level if level.startswith("Chứng chỉ") else f"Chứng chỉ {_lower(language)} {_lower(level)}"
        )
        row = studies.add(
            "ngoai_ngu", start, start + 3, school, language=language, mode="Bồi dưỡng", credential=credential
        )
        if new:
            row["score"] = f"{between(rng, 40, 75) / 10:.1f}"
        studies.languages.append({"language": language, "level": level})
