"""The qualifications section of a synthetic dossier, derived from its training rows.

Owns general education (10/10 for many born before 1967, 12/12 after), the highest degree and
its major, political theory and state-management levels exactly as the training table reaches
them, academic titles for a few doctors, foreign languages and IT as certified, and the ethnic
language some minority cadres declare. Must not import Qt.
"""

from __future__ import annotations

import random
from typing import Any

from app.dossier.synthetic.data import load
from app.dossier.synthetic.person import Person
from app.dossier.synthetic.training import Studies

HONOURS = {field: title for title, field in load("records")["honours"]}


def qualifications(
    rng: random.Random, p: Person, studies: Studies, ethnic_languages: dict[str, str]
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "general_education": "10/10" if p.birth // 12 <= 1966 and rng.random() < 0.7 else "12/12",
        "highest_degree": studies.degree,
        "highest_degree_major": studies.major,
    }
    if studies.degree == "tien_si" and p.age_at(p.today) >= 45:
        roll = rng.random()
        if roll < 0.12:
            out["academic_title"] = "gs" if roll < 0.01 else "pgs"
    if studies.theory:
        out["political_theory"] = studies.theory
    if studies.management:
        out["state_management"] = studies.management
    if studies.languages:
        out["foreign_languages"] = studies.languages
    if studies.it_level:
        out["it_level"] = studies.it_level
    honour = HONOURS.get(p.field_of_study)
    if honour and p.age_at(p.today) >= 45 and rng.random() < 0.08:
        out["state_honours"] = honour
    ethnic = ethnic_languages.get(p.ethnicity)
    if ethnic and rng.random() < 0.4:
        out["ethnic_language"] = ethnic
    return out
