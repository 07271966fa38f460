"""A synthetic career in time: service status, rank reached, promotions, and the bodies served.

Owns when service ends (retirement at the statutory age of NĐ 135/2020, a transfer out of the
province, rarely death), the rank reached (by age), the months of each promotion (at least two
years in each rank, never younger than the rank's usual minimum age), the Party membership
dates (joining at 22–35, full membership exactly twelve months later), and the stints: a body
and a title for each period, split where a body was renamed, merged or abolished in 2025 and
continued in its successor. Writes the work history table and the career section.
Must not import Qt.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from app.dossier.synthetic.data import Picker, between, load, weighted, ym, ymd
from app.dossier.synthetic.person import Person
from app.dossier.synthetic.world import Unit, World

MIN_MONTHS_IN_RANK = 24
MOVE_ON_PROMOTION = {1: 0.2, 2: 0.2, 3: 0.55, 4: 0.5, 5: 1.0, 6: 1.0}


@dataclass(frozen=True, slots=True)
class Stint:
    start: int
    stop: int  # last month, inclusive
    unit: Unit
    level: int
    title: str
    dept: str

    @property
    def post(self) -> str:
        """The post as written in "Chức vụ hiện tại"."""
        if self.level >= 3:
            return f"{self.title} {self.unit.post_short}"
        return f"{self.title}, {self.unit.short}"


def retirement_month(sex: str, birth: int) -> int:
    """First month of retirement: men 60 (+3 months a year from 2021 up to 62), women 55
    (+4 months a year from 2021 up to 60), reached in the year that age applies (NĐ 135/2020)."""
    male = sex == "nam"
    base, step, cap = (720, 3, 8) if male else (660, 4, 15)
    candidate = birth // 12 + base // 12
    while True:
        years = candidate - 2020
        reach = birth + base + step * (0 if years < 0 else cap if years > cap else years)
        if reach // 12 <= candidate:
            return reach + 1
        candidate += 1


def title_of(unit: Unit, level: int, dept: str) -> str:
    if level >= 3:
        return unit.titles[0] if level in (4, 6) else unit.titles[1]
    if level == 0 and unit.staff:
        return unit.staff
    text = unit.kind.lower[level].format(dept=dept)
    return text.replace("phòng", unit.dept_word) if unit.dept_word else text


class Careers:
    def __init__(self, world: World) -> None:
        self.world = world
        careers = load("careers")
        self.bands = [(band["below"], weighted(band["levels"])) for band in careers["final_level"]["bands"]]
        self.min_age = {int(k): v for k, v in careers["level_min_age"].items()}
        self.transfer = float(careers["status"]["chuyen_di"])
        self.death = float(careers["status"]["tu_tran"])
        army = careers["army"]
        self.army_share = float(army["share_men"])
        self.army_units = [u.replace("{tinh}", world.label) for u in army["units"]]
        self.army_ranks = weighted(army["ranks"])
        self.army_titles: list[str] = army["titles"]
        self.policy: Picker[str] = weighted(careers["policy_groups"])
        self.mass_org: str = careers["mass_org"][0]

    # -- the frame of the career ---------------------------------------------------------------
    def enlist(self, rng: random.Random, p: Person) -> None:
        if p.sex == "nam" and rng.random() < self.army_share:
            start = max(p.birth + 18 * 12, (p.birth // 12 + 18) * 12 + 1)
            p.army = (start, start + between(rng, 24, 60))

    def close(self, rng: random.Random, p: Person) -> None:
        """Status at "today" and the last month of service."""
        retire = retirement_month(p.sex, p.birth)
        if retire <= p.today:
            p.status, p.end, p.status_date = "nghi_huu", retire - 1, ymd(retire, 1)
            return
        roll = rng.random()
        if roll < self.transfer + self.death and p.today - p.recruit > 60:
            p.status = "chuyen_di" if roll < self.transfer else "tu_tran"
            p.end = p.today - between(rng, 1, 48 if p.status == "chuyen_di" else 24)
            p.status_date = ymd(p.end + 1, between(rng, 1, 28))
            return
        p.end = p.today

    def rank(self, rng: random.Random, p: Person) -> None:
        """The rank reached and the month each rank began."""
        age = p.age_at(p.end)
        level = next(picker for below, picker in self.bands if age < below).pick(rng)
        while level > 0:
            top = p.end - 6
            low = max(p.recruit + MIN_MONTHS_IN_RANK * level, p.birth + self.min_age[level] * 12, p.end - 120)
            if low <= top:
                break
            level -= 1
        starts = [0] * (level + 1)
        if level:
            starts[level] = between(rng, low, top)
            for k in range(level - 1, 0, -1):
                high = starts[k + 1] - MIN_MONTHS_IN_RANK
                floor = max(p.recruit + MIN_MONTHS_IN_RANK * k, p.birth + self.min_age[k] * 12, high - 96)
                starts[k] = between(rng, min(floor, high), high)
        p.level = level
        p.promotions = starts[1:]

    # -- bodies and titles -------------------------------------------------------------------
    def _unit(self, rng: random.Random, p: Person, level: int, m: int) -> Unit:
        unit = self.world.pick_unit(rng, p.part, level, m)
        for _ in range(6):
            flags = unit.flags
            if not flags or not (
                ("women" in flags and p.sex != "nu")
                or ("veterans" in flags and p.army is None)
                or ("young" in flags and p.age_at(m) >= 40)
            ):
                break
            unit = self.world.pick_unit(rng, p.part, level, m)
        return unit

    def stints(self, rng: random.Random, p: Person) -> list[Stint]:
        bounds = [p.recruit, *p.promotions]
        out: list[Stint] = []
        unit: Unit | None = None
        dept = ""
        for level, start in enumerate(bounds):
            stop = bounds[level + 1] - 1 if level + 1 < len(bounds) else p.end
            if (
                unit is None
                or not unit.hosts(level)
                or not unit.valid(start)
                or (level and rng.random() < MOVE_ON_PROMOTION[level])
            ):
                unit = self._unit(rng, p, level, start)
                dept = unit.depts[int(rng.random() * len(unit.depts))] if unit.depts else ""
            if stop - start > 96 and rng.random() < 0.3:
                middle = between(rng, start + 36, stop - 36)
                unit, dept = self._emit(rng, p, out, start, middle - 1, unit, level, dept)
                if unit.valid(middle):
                    unit = self._unit(rng, p, level, middle)
                    dept = unit.depts[int(rng.random() * len(unit.depts))] if unit.depts else ""
                start = middle
            unit, dept = self._emit(rng, p, out, start, stop, unit, level, dept)
        return out

    def _emit(
        self,
        rng: random.Random,
        p: Person,
        out: list[Stint],
        start: int,
        stop: int,
        unit: Unit,
        level: int,
        dept: str,
    ) -> tuple[Unit, str]:
        while stop > unit.stop:
            out.append(Stint(start, unit.stop, unit, level, title_of(unit, level, dept), dept))
            start = unit.stop + 1
            heir = unit.successor
            unit = heir if heir is not None and heir.hosts(level) else self._unit(rng, p, level, start)
            if dept not in unit.depts:
                dept = unit.depts[int(rng.random() * len(unit.depts))] if unit.depts else ""
        out.append(Stint(start, stop, unit, level, title_of(unit, level, dept), dept))
        return unit, dept

    # -- sections ------------------------------------------------------------------------------
    def work_history(self, rng: random.Random, p: Person, stints: list[Stint]) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        if p.army:
            rows.append(
                {
                    "from": ym(p.army[0]),
                    "to": ym(p.army[1]),
                    "unit": self.army_units[int(rng.random() * len(self.army_units))],
                    "title": self.army_titles[int(rng.random() * len(self.army_titles))],
                }
            )
        for s in stints:
            row = {"from": ym(s.start), "to": ym(s.stop), "unit": s.unit.full, "title": s.title}
            if s.stop == p.end and p.active:
                del row["to"]
            rows.append(row)
        return rows

    def party_join(self, rng: random.Random, p: Person) -> tuple[int, int]:
        high = min(p.birth + 35 * 12, p.end - 1, p.today - 13)
        if len(p.promotions) >= 3:
            high = min(high, p.promotions[2] - 12)
        return between(rng, p.birth + 22 * 12, high), between(rng, 1, 28)

    def career(self, rng: random.Random, p: Person, stints: list[Stint]) -> dict[str, Any]:
        recruited = ymd(p.recruit, p.recruit_day)
        joined, day = self.party_join(rng, p)
        p.party_join = joined
        last = stints[-1].unit.full
        here = len(stints) - 1
        while here > 0 and stints[here - 1].unit.full == last:
            here -= 1
        youth = p.birth + between(rng, 15 * 12, 17 * 12)
        career: dict[str, Any] = {
            "recruitment_date": recruited,
            "recruiting_agency": stints[0].unit.full,
            "current_agency_date": recruited if here == 0 else ymd(stints[here].start, between(rng, 1, 28)),
            "revolution_date": recruited,
            "party_join_date": ymd(joined, day),
            "party_official_date": ymd(joined + 12, day),
            "mass_org_date": ymd(youth, 26) if youth % 12 == 2 else ymd(youth, between(rng, 1, 28)),
            "mass_org_name": self.mass_org,
        }
        if p.army:
            career["army_enlist_date"] = ymd(p.army[0], between(rng, 1, 28))
            career["army_discharge_date"] = ymd(p.army[1], between(rng, 1, 28))
            career["army_highest_rank"] = self.army_ranks.pick(rng)
        if rng.random() < 0.05:
            career["policy_group"] = self.policy.pick(rng)
        return career
