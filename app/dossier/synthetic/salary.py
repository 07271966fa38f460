"""Synthetic pay: civil-service grades, steps and allowances over a career (NĐ 204/2004).

Owns the grade path (Chuyên viên from recruitment, Chuyên viên chính and Chuyên viên cao cấp
for those who rise, placed on the first step not below their coefficient), a step every three
years, the seniority allowance above the top step (5 % after three years, then +1 % a year),
position allowances by rank, the public-service allowance from May 2011, the current salary
section, the salary and allowance history tables, and the yearly salary income.
Must not import Qt.
"""

from __future__ import annotations

import random
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from app.dossier.synthetic.career import Stint
from app.dossier.synthetic.data import between, load, month, ym, ymd
from app.dossier.synthetic.person import Person

STEP_MONTHS = 36
POSITION, PUBLIC_SERVICE, SENIORITY = "Phụ cấp chức vụ", "Phụ cấp công vụ", "Phụ cấp thâm niên vượt khung"
BY_COEFFICIENT, BY_PERCENT = "Hưởng theo hệ số", "Hưởng theo tỷ lệ phần trăm"


@dataclass(frozen=True, slots=True)
class Grade:
    code: str
    title: str
    steps: tuple[float, ...]


class Event(NamedTuple):
    at: int
    grade: int
    step: int  # index into the grade's steps
    seniority: int  # percent above the top step


@dataclass(slots=True)
class Pay:
    """A person's pay over time; ``promotions`` are the months of grade changes (CVC, CVCC)."""

    events: list[Event] = field(default_factory=list)  # every change, seniority allowance included
    steps: list[Event] = field(default_factory=list)  # changes of grade or step only
    promotions: dict[int, int] = field(default_factory=dict)  # grade index → month

    @property
    def current(self) -> Event:
        return self.events[-1]


class Salaries:
    def __init__(self) -> None:
        careers = load("careers")
        self.grades = [Grade(g["code"], g["title"], tuple(g["steps"])) for g in careers["grades"]]
        self.base_months = [month(m) for m, _ in careers["base_pay"]]
        self.base_amounts = [int(a) for _, a in careers["base_pay"]]
        self.allowance = {int(k): float(v) for k, v in careers["allowance"].items()}
        self.allowance_district = {int(k): float(v) for k, v in careers["allowance_district"].items()}
        self.public_service_from = month(careers["public_service_allowance_from"])

    def plan(self, rng: random.Random, p: Person) -> Pay:
        pay = Pay()
        chance = {0: 0.1, 1: 0.3, 2: 0.75}.get(p.level, 0.97)
        if rng.random() < chance:
            at = max(p.recruit + 108, p.birth + between(rng, 33, 42) * 12)
            if at <= p.end - 12:
                pay.promotions[1] = at
                chance = {3: 0.12, 4: 0.45}.get(p.level, 0.95 if p.level >= 5 else 0.0)
                if rng.random() < chance:
                    top = max(at + 72, p.birth + between(rng, 44, 54) * 12)
                    if top <= p.end - 6:
                        pay.promotions[2] = top
        grade, step, seniority, since = 0, 0, 0, p.recruit
        first = Event(p.recruit, 0, 0, 0)
        pay.events.append(first)
        pay.steps.append(first)
        pending = sorted((m, g) for g, m in pay.promotions.items())
        while True:
            due = since + STEP_MONTHS
            if pending and pending[0][0] <= due:
                at, grade = pending.pop(0)
                if at > p.end:
                    break
                last = pay.events[-1]
                coefficient = self.grades[last.grade].steps[last.step]
                steps = self.grades[grade].steps  # placed on the first step not below the old pay
                step = min(bisect_left(steps, coefficient), len(steps) - 1)
                seniority, since = 0, at
            else:
                at = due
                if at > p.end:
                    break
                if step < len(self.grades[grade].steps) - 1:
                    step, since = step + 1, at
                else:
                    seniority = 5 if seniority == 0 else seniority + 1
                    since = at - STEP_MONTHS + 12
            event = Event(at, grade, step, seniority)
            pay.events.append(event)
            if not seniority:
                pay.steps.append(event)
        return pay

    def base(self, m: int) -> int:
        index = bisect_right(self.base_months, m) - 1
        return self.base_amounts[max(index, 0)]

    def position_allowance(self, s: Stint) -> float:
        table = self.allowance_district if s.unit.district else self.allowance
        return table.get(s.level, 0.0)

    def sections(self, p: Person, pay: Pay, stints: list[Stint]) -> dict[str, Any]:
        """The salary section and the salary and allowance history tables."""
        grades = self.grades
        steps_only = pay.steps
        history = []
        for i, e in enumerate(steps_only):
            grade = grades[e.grade]
            row: dict[str, Any] = {
                "from": ym(e.at),
                "grade_code": grade.code,
                "step": e.step + 1,
                "coefficient": grade.steps[e.step],
            }
            if i + 1 < len(steps_only):
                row["to"] = ym(steps_only[i + 1].at - 1)
            elif not p.active:
                row["to"] = ym(p.end)
            history.append(row)
        now = pay.current
        last_step = steps_only[-1]
        grade = grades[now.grade]
        appointed = pay.promotions.get(now.grade, p.recruit)
        final = stints[-1]
        salary: dict[str, Any] = {
            "grade_title": grade.title,
            "grade_code": grade.code,
            "grade_appointed_on": ymd(appointed, 1),
            "step": now.step + 1,
            "coefficient": grade.steps[now.step],
            "since": ymd(last_step.at, 1),
            "percent": 100,
            "job_position": final.title,
        }
        if now.seniority:
            salary["seniority_extra_pct"] = now.seniority
            salary["seniority_extra_since"] = ymd(now.at, 1)
        allowance = self.position_allowance(final)
        if allowance:
            salary["allowances"] = {"position": allowance}
        return {
            "salary": salary,
            "salary_history": history,
            "allowance_history": self._allowances(p, pay, stints),
        }

    def _allowances(self, p: Person, pay: Pay, stints: list[Stint]) -> list[dict[str, Any]]:
        open_end = None if p.active else p.end
        periods: list[tuple[int, int | None, str, str, float]] = []  # from, to, kind, column, value
        run: list[Any] | None = None  # position allowance: consecutive stints with one coefficient
        for s in stints:
            value = self.position_allowance(s)
            if run is not None and run[2] == value and run[1] == s.start - 1:
                run[1] = s.stop
                continue
            if run is not None and run[2]:
                periods.append((run[0], run[1], POSITION, "coefficient", run[2]))
            run = [s.start, s.stop, value]
        if run is not None and run[2]:
            periods.append((run[0], open_end if run[1] == p.end else run[1], POSITION, "coefficient", run[2]))
        public = max(self.public_service_from, p.recruit)
        if public <= p.end:
            periods.append((public, open_end, PUBLIC_SERVICE, "percent", 25))
        extra = [e for e in pay.events if e.seniority]
        for i, e in enumerate(extra):
            stop = extra[i + 1].at - 1 if i + 1 < len(extra) else open_end
            periods.append((e.at, stop, SENIORITY, "percent", e.seniority))
        periods.sort(key=lambda period: period[0])
        rows = []
        for start, stop, kind, column, value in periods:
            row: dict[str, Any] = {"from": ym(start)}
            if stop is not None:
                row["to"] = ym(stop)
            row["kind"] = kind
            row[column] = value
            row["mode"] = BY_COEFFICIENT if column == "coefficient" else BY_PERCENT
            rows.append(row)
        return rows

    def yearly_income(self, p: Person, pay: Pay, stints: list[Stint]) -> int:
        now = pay.current
        coefficient = self.grades[now.grade].steps[now.step] + self.position_allowance(stints[-1])
        monthly = coefficient * self.base(p.end) * (1 + now.seniority / 100)
        if p.end >= self.public_service_from:
            monthly *= 1.25
        return int(round(monthly * 12, -3))
