"""Political theory and state-management courses of a synthetic career.

Owns which level of political theory someone reaches (most leaders of a provincial body hold
cao cấp, some a cử nhân chính trị; junior staff trung cấp), usually trung cấp first and cao
cấp before the first leading post, and the state-management courses (chuyên viên after
recruitment, chuyên viên chính and cao cấp before the matching grade promotion, the leaders'
course around the first leading post). Must not import Qt.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from app.dossier.synthetic.data import between
from app.dossier.synthetic.person import Person
from app.dossier.synthetic.salary import Pay

if TYPE_CHECKING:
    from app.dossier.synthetic.training import Studies


def _window(rng: random.Random, low: int, high: int) -> int | None:
    return low + int(rng.random() * (high - low + 1)) if low <= high else None


def _target(rng: random.Random, level: int) -> str:
    roll = rng.random()
    if level >= 4:
        return "cao_cap" if roll < 0.88 else "cu_nhan"
    if level == 3:
        return "cao_cap" if roll < 0.75 else "trung_cap" if roll < 0.95 else "cu_nhan"
    return "trung_cap" if roll < 0.65 else "cao_cap" if roll < 0.9 else "so_cap"


def political_theory(
    rng: random.Random,
    p: Person,
    studies: Studies,
    spec: dict[str, Any],
    label: str,
    limit: int,
    leader_from: int | None,
) -> None:
    target = _target(rng, p.level)
    if target == "so_cap":
        course = spec["so_cap"]
        start = _window(rng, p.recruit + 6, limit - 3)
        if start is not None:
            where = course["institution"].replace(
                "{district_unit}", f"{p.home.district.kind} {p.home.district.name}"
            )
            studies.theory_course("so_cap", start, start + 2, where, course["mode"], course["credential"])
        return
    if target == "cu_nhan":
        course = spec["cu_nhan"]
        start = _window(rng, max(p.recruit + 24, p.birth + 28 * 12), limit - 48)
        if start is not None:
            studies.theory_course(
                "cu_nhan", start, start + 47, course["institution"], course["mode"], course["credential"]
            )
            return
        target = "cao_cap"
    high_start = None
    if target == "cao_cap":
        options = spec["cao_cap"]
        course = options[int(rng.random() * len(options))]
        months = between(rng, course["months"][0], course["months"][1])
        high = limit - months
        if leader_from is not None and leader_from - 10 >= p.recruit + 36:
            high = min(high, leader_from - 10)  # before the first leading post
        high_start = _window(rng, max(p.recruit + 36, p.birth + 30 * 12), high)
        if high_start is not None:
            where = course["institution"].replace("{tinh}", label)
            studies.theory_course(
                "cao_cap",
                high_start,
                high_start + months - 1,
                where,
                course["mode"],
                spec["cao_cap_credential"],
            )
    if target == "trung_cap" or high_start is None or rng.random() < 0.7:
        course = spec["trung_cap"]
        months = between(rng, course["months"][0], course["months"][1])
        stop = (high_start - 2) if high_start is not None else limit
        start = _window(rng, max(p.recruit + 12, p.birth + 25 * 12), stop - months)
        if start is not None:
            where = course["institution"].replace("{tinh}", label)
            studies.theory_course(
                "trung_cap", start, start + months - 1, where, course["mode"], course["credential"]
            )


def state_management(
    rng: random.Random,
    p: Person,
    pay: Pay,
    studies: Studies,
    spec: dict[str, Any],
    label: str,
    limit: int,
    leader_from: int | None,
) -> None:
    plans: list[tuple[str, int | None]] = [
        ("cv", _window(rng, p.recruit + 6, min(p.recruit + 36, limit - 2)))
    ]
    for grade, key in ((1, "cvc"), (2, "cvcc")):
        at = pay.promotions.get(grade)
        if at is not None:  # the course comes before the grade promotion it qualifies for
            plans.append((key, _window(rng, max(at - 30, p.recruit + 12), at - 4)))
        elif key == "cvc" and p.level >= 3 and rng.random() < 0.35:
            plans.append((key, _window(rng, p.recruit + 60, limit - 2)))
    if leader_from is not None:
        plans.append(("leader", _window(rng, leader_from - 6, min(leader_from + 18, limit - 1))))
    for key, start in plans:
        if start is not None:
            course = spec[key]
            where = course["institution"].replace("{tinh}", label)
            studies.management_course(key, start, start + (1 if key == "leader" else 2), course, where)
