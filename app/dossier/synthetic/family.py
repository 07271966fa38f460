"""The family table of a synthetic dossier (quan hệ gia đình), both sides, and relatives abroad.

Owns parents (the father's surname passed on), spouse, children (the husband's surname),
brothers and sisters (older: anh/chị ruột, younger: em ruột), the spouse's parents and
siblings, with birth years that fit (parents 20–40 years older, children born to adults,
siblings within the mother's child-bearing years), occupations and deaths that fit those
ages, and the occasional sibling settled abroad. Relations are ``family_relation`` codes.
Must not import Qt.
"""

from __future__ import annotations

import random
from typing import Any

from app.dossier.synthetic.data import Picker, between, load, weighted
from app.dossier.synthetic.names import Names
from app.dossier.synthetic.person import Person

Row = dict[str, Any]
ABROAD_SHARE = 0.03
SIBLING_LABELS = {"anh_ruot": "Anh ruột", "chi_ruot": "Chị ruột", "em_ruot": "Em ruột"}


class Families:
    def __init__(self, names: Names, province_label: str) -> None:
        self.names = names
        self.label = province_label
        records = load("records")
        self.parent_jobs = weighted(records["parent_jobs"])
        self.spouse_jobs = weighted(records["spouse_jobs"])
        self.child_jobs = weighted(records["child_jobs"])
        self.sibling_jobs = weighted(records["sibling_jobs"])
        self.schools: list[str] = records["student_schools"]
        self.abroad = weighted(records["abroad"])
        self.abroad_jobs: list[str] = records["abroad_jobs"]
        self.children = Picker([(0, 2.0), (1, 20.0), (2, 60.0), (3, 18.0)])

    def _died(self, rng: random.Random, born: int, now: int, after: int) -> int | None:
        age = now - born
        chance = 0.85 if age >= 88 else 0.5 if age >= 78 else 0.2 if age >= 68 else 0.04
        if rng.random() >= chance:
            return None
        first = max(born + 45, after)
        return between(rng, first, now - 1) if first <= now - 1 else None

    def _parents(
        self,
        rng: random.Random,
        side: str,
        relations: tuple[str, str],
        surname: str,
        ethnicity: str,
        child: int,
        now: int,
        home: str,
    ) -> list[Row]:
        mother = child - between(rng, 20, 36)
        father = min(mother - between(rng, -1, 7), child - 20)
        rows = []
        for relation, sex, born in ((relations[0], "nam", father), (relations[1], "nu", mother)):
            name = self.names.full(rng, sex, ethnicity, surname if sex == "nam" else None)
            job = self.parent_jobs.pick(rng)
            died = self._died(rng, born, now, child + 5)
            details = f"Quê quán: {home}; {job}" + (
                f"; đã mất năm {died}" if died else "; hiện ở cùng gia đình"
            )
            rows.append(
                {
                    "side": side,
                    "relation": relation,
                    "full_name": name,
                    "birth_year": born,
                    "details": details,
                }
            )
        return rows

    def _siblings(
        self,
        rng: random.Random,
        side: str,
        codes: tuple[str, str, str],
        surname: str,
        ethnicity: str,
        own: int,
        mother: int,
        now: int,
    ) -> list[Row]:
        draw = rng.random
        count = (
            2 + int(draw() * 4) if own <= 1975 else 1 + int(draw() * 3) if own <= 1985 else int(draw() * 3)
        )
        years: set[int] = {own}
        rows = []
        for _ in range(count):
            born = own - 12 + int(draw() * 27)
            if born in years or not mother + 17 <= born <= mother + 44 or born >= now - 1:
                continue
            years.add(born)
            sex = "nam" if draw() < 0.5 else "nu"
            relation = codes[2] if born > own else codes[0] if sex == "nam" else codes[1]
            name = self.names.full(rng, sex, ethnicity, surname)
            age = now - born
            job = "Học sinh" if age < 18 else "Sinh viên" if age < 22 else self.sibling_jobs.pick(rng)
            rows.append(
                {"side": side, "relation": relation, "full_name": name, "birth_year": born, "details": job}
            )
        rows.sort(key=lambda r: int(r["birth_year"]))
        return rows

    def family(self, rng: random.Random, p: Person) -> tuple[list[Row], str | None]:
        """(the family rows, the text on relatives abroad, if any)."""
        now = p.today // 12
        own = p.birth // 12
        home = f"{p.commune}, {p.home.district.name}, {p.home.label}"
        rows = self._parents(rng, "ban_than", ("bo", "me"), p.surname, p.ethnicity, own, now, home)
        mother = int(rows[1]["birth_year"])
        married = rng.random() < 0.94
        spouse_rows: list[Row] = []
        children: list[Row] = []
        if married:
            spouse_sex = "nu" if p.sex == "nam" else "nam"
            spouse_born = own + between(rng, 0, 7) if p.sex == "nam" else own - between(rng, 0, 7)
            spouse_ethnicity = p.ethnicity if rng.random() < 0.7 else "kinh"
            spouse_surname = self.names.surname(rng, spouse_ethnicity)
            if spouse_ethnicity == "hmong" and spouse_surname == p.surname:  # Hmông clans marry out
                spouse_surname = self.names.surname(rng, spouse_ethnicity)
            spouse_name = self.names.full(rng, spouse_sex, spouse_ethnicity, spouse_surname)
            age = now - spouse_born
            retired = age >= (61 if spouse_sex == "nam" else 57)
            job = "Nghỉ hưu" if retired else self.spouse_jobs.pick(rng)
            job = job.replace("{place}", f"{p.home.district.kind} {p.home.district.name}").replace(
                "{tinh}", self.label
            )
            rows.append(
                {
                    "side": "ban_than",
                    "relation": "vo" if spouse_sex == "nu" else "chong",
                    "full_name": spouse_name,
                    "birth_year": spouse_born,
                    "details": f"{job}; ở cùng gia đình",
                }
            )
            father_surname = p.surname if p.sex == "nam" else spouse_surname
            wed = max(own, spouse_born) + between(rng, 23, 30)
            born = wed + between(rng, 1, 3)
            for _ in range(self.children.pick(rng)):
                if born >= now:
                    break
                sex = "nam" if rng.random() < 0.5 else "nu"
                age = now - born
                if age < 6:
                    job = "Còn nhỏ"
                elif age < 18:
                    job = "Học sinh"
                elif age < 23:
                    job = f"Sinh viên {self.schools[int(rng.random() * len(self.schools))]}"
                else:
                    job = self.child_jobs.pick(rng)
                children.append(
                    {
                        "side": "ban_than",
                        "relation": "con",
                        "full_name": self.names.full(rng, sex, p.ethnicity, father_surname),
                        "birth_year": born,
                        "details": job,
                    }
                )
                born += between(rng, 2, 6)
            if spouse_born <= now - 30:
                communes = p.home.district.communes
                in_laws = (
                    f"{communes[int(rng.random() * len(communes))]}, {p.home.district.name}, {p.home.label}"
                )
                spouse_rows = self._parents(
                    rng,
                    "ben_vo_chong",
                    ("bo_vo_chong", "me_vo_chong"),
                    spouse_surname,
                    spouse_ethnicity,
                    spouse_born,
                    now,
                    in_laws,
                )
                spouse_mother = int(spouse_rows[1]["birth_year"])
                spouse_rows += self._siblings(
                    rng,
                    "ben_vo_chong",
                    ("anh_vo_chong", "chi_vo_chong", "em_vo_chong"),
                    spouse_surname,
                    spouse_ethnicity,
                    spouse_born,
                    spouse_mother,
                    now,
                )
        rows += children
        siblings = self._siblings(
            rng, "ban_than", ("anh_ruot", "chi_ruot", "em_ruot"), p.surname, p.ethnicity, own, mother, now
        )
        abroad = None
        adults = [s for s in siblings if now - int(s["birth_year"]) >= 25]
        if adults and rng.random() < ABROAD_SHARE:
            sibling = adults[int(rng.random() * len(adults))]
            country = self.abroad.pick(rng)
            since = between(rng, int(sibling["birth_year"]) + 22, now - 1)
            job = self.abroad_jobs[int(rng.random() * len(self.abroad_jobs))]
            sibling["details"] = f"{job}; định cư tại {country} từ năm {since}"
            label = SIBLING_LABELS[sibling["relation"]]
            who = f"{label}: {sibling['full_name']}, sinh năm {sibling['birth_year']}"
            abroad = f"{who}, định cư tại {country} từ năm {since}; {job.lower()}."
        rows += siblings
        return rows + spouse_rows, abroad
