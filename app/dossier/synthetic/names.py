"""Vietnamese personal names for synthetic dossiers: surname, middle name(s), given name.

Owns drawing names with realistic frequencies from ``resources/synthetic/names.json``: surnames
by ethnic group (Nguyễn about 38 % among the Kinh; Hoàng, Nông, Ma … among the Tày; Triệu,
Bàn among the Dao; Giàng, Vàng among the Hmông), middle names by sex (Văn/Thị the commonest),
given names by sex, and the Hmông naming pattern. Must not import Qt.
"""

from __future__ import annotations

import random

from app.dossier.synthetic.data import Picker, load, weighted

SECOND_MIDDLE_SHARE = 0.15  # "Nguyễn Thị Thu Hà"


class Names:
    def __init__(self) -> None:
        raw = load("names")
        self._surnames: dict[str, Picker[str]] = {g: weighted(rows) for g, rows in raw["surnames"].items()}
        self._middle: dict[str, Picker[str]] = {k: weighted(rows) for k, rows in raw["middle"].items()}
        self._given: dict[str, Picker[str]] = {k: weighted(rows) for k, rows in raw["given"].items()}
        self._rest = {
            (sex, hmong): (self._middle[key].table, self._given[key].table)
            for sex in ("nam", "nu")
            for hmong, key in ((False, sex), (True, f"hmong_{sex}"))
        }
        self._female_second: Picker[str] = weighted([row for row in raw["middle"]["nu"] if row[0] != "Thị"])

    def surname(self, rng: random.Random, ethnicity: str) -> str:
        table = (self._surnames.get(ethnicity) or self._surnames["kinh"]).table
        return table[int(rng.random() * len(table))]

    def rest(self, rng: random.Random, sex: str, ethnicity: str) -> str:
        """Middle name(s) and given name."""
        draw = rng.random
        middles, givens = self._rest[sex, ethnicity == "hmong"]
        middle = middles[int(draw() * len(middles))]
        given = givens[int(draw() * len(givens))]
        while given == middle:
            given = givens[int(draw() * len(givens))]
        if middle == "Thị" and draw() < SECOND_MIDDLE_SHARE and ethnicity != "hmong":
            second = self._female_second.pick(rng)
            if second != given:
                middle = f"Thị {second}"
        return f"{middle} {given}"

    def full(self, rng: random.Random, sex: str, ethnicity: str, surname: str | None = None) -> str:
        return f"{surname or self.surname(rng, ethnicity)} {self.rest(rng, sex, ethnicity)}"
