"""Synthetic cadre dossiers for demos, benchmarks and tests: realistic, deterministic, fast.

``generate(n, seed=…, province=…, today=…)`` yields ``n`` dossiers shaped like the interchange
format (spec/dossier.md §9), every section filled the way a provincial leader's résumé would be,
each passing structural validation with no problems. The same arguments always give the same
dossiers (one seeded ``random.Random``; a longer run starts with the shorter run's dossiers).
Names, places, bodies and texts come from ``resources/synthetic/``; the people are invented.

This module orchestrates; each part of a dossier is drawn by its own module (``person``,
``career``, ``position``, ``salary``, ``training``, ``family``, ``records``).
Must not import Qt.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from app.dossier.synthetic.career import Careers
from app.dossier.synthetic.data import between, provinces
from app.dossier.synthetic.family import Families
from app.dossier.synthetic.names import Names
from app.dossier.synthetic.person import Identities, Person
from app.dossier.synthetic.position import Positions
from app.dossier.synthetic.qualifications import qualifications
from app.dossier.synthetic.records import Records
from app.dossier.synthetic.salary import Salaries
from app.dossier.synthetic.training import Trainings
from app.dossier.synthetic.world import World, build

__all__ = ["DEFAULT_TODAY", "Generator", "as_interchange", "generate", "provinces"]

#: The default "today": dossiers are as they stood on this day (a fixed day keeps runs equal).
DEFAULT_TODAY = date(2026, 1, 1)
EARLIEST_TODAY = date(2000, 1, 1)


class Generator:
    """Everything loaded for one province; :meth:`dossier` draws one person."""

    def __init__(self, province: str = "thai_nguyen", today: date = DEFAULT_TODAY) -> None:
        if today < EARLIEST_TODAY:
            raise ValueError(f"today must be {EARLIEST_TODAY.isoformat()} or later, got {today.isoformat()}")
        self.world: World = build(province)
        # The last month whose days 1–28 (the only days drawn) are all on or before ``today``:
        # no generated date is ever after ``today``.
        self.today = today.year * 12 + today.month - (1 if today.day >= 28 else 2)
        names = Names()
        self.identities = Identities(self.world, names)
        self.careers = Careers(self.world)
        self.positions = Positions(self.world)
        self.salaries = Salaries()
        self.trainings = Trainings(self.world.label)
        self.ethnic_languages: dict[str, str] = self.world.profile["ethnic_language"]
        self.families = Families(names, self.world.label)
        self.records = Records(self.world.label)

    @staticmethod
    def rng(seed: int) -> random.Random:
        """The random source of a run: the same seed, the same dossiers."""
        return random.Random(seed)  # noqa: S311 - synthetic data, not security: reproducible on purpose

    def _latest_recruitment(self, p: Person) -> int:
        return min(p.birth + 30 * 12, self.today - 36)

    def _recruit(self, rng: random.Random, p: Person, graduated: int) -> None:
        gap = between(rng, 12, 48) if rng.random() < 0.15 else between(rng, 1, 14)
        low, high = max(p.birth + 22 * 12, graduated + 1), self._latest_recruitment(p)
        p.recruit = min(max(graduated + gap, low), high)
        p.recruit_day = between(rng, 1, 28)

    def dossier(self, rng: random.Random, index: int) -> dict[str, Any]:
        """One dossier; ``index`` numbers it within the run (its staff code)."""
        p = self.identities.person(rng, index, self.today)
        self.careers.enlist(rng, p)
        school = self.trainings.schooling(rng, p)
        if school.graduated >= self._latest_recruitment(p):  # too late to be recruited in time:
            p.army = None  # no army service then (without it, a degree ends by 25)
            school = self.trainings.schooling(rng, p)
        p.field_of_study = school.field
        self._recruit(rng, p, school.graduated)
        self.careers.close(rng, p)
        self.careers.rank(rng, p)
        stints = self.careers.stints(rng, p)
        pay = self.salaries.plan(rng, p)
        studies = self.trainings.courses(rng, p, school, pay)
        career = self.careers.career(rng, p, stints)
        doc: dict[str, Any] = {
            "identity": self.identities.identity(rng, p),
            "career": career,
            "position": self.positions.position(rng, p, stints),
            "qualifications": qualifications(rng, p, studies, self.ethnic_languages),
        }
        doc.update(self.salaries.sections(p, pay, stints))
        doc["health"] = self.records.health_section(rng, p)
        doc["training"] = studies.rows
        doc["work_history"] = self.careers.work_history(rng, p, stints)
        history = self.records.self_history(rng, p)
        if history:
            doc["self_history"] = history
        family, abroad = self.families.family(rng, p)
        doc["family"] = family
        if abroad:
            doc["foreign_relatives"] = abroad
        doc.update(self.records.ratings_and_awards(rng, p, stints))
        doc["economy"] = self.records.economy(rng, self.salaries.yearly_income(p, pay, stints))
        if self.positions.tier(stints[-1]) == "tw":
            doc["secrecy"] = "toi_mat"
        return doc


def generate(
    n: int, *, seed: int = 0, province: str = "thai_nguyen", today: date = DEFAULT_TODAY
) -> Iterator[dict[str, Any]]:
    """``n`` synthetic dossiers of ``province`` as they stood on ``today``, drawn from ``seed``."""
    if n < 0:
        raise ValueError(f"n must not be negative, got {n}")
    generator = Generator(province, today)
    rng = generator.rng(seed)
    return (generator.dossier(rng, index) for index in range(n))


def as_interchange(dossiers: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The interchange document (spec/dossier.md §9) holding ``dossiers``."""
    return {"format": "hoso.dossier", "version": 1, "dossiers": list(dossiers)}
