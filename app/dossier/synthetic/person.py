"""One synthetic person's facts, shared by every part of the generator, and the identity section.

Owns the :class:`Person` record (sex, birth, ethnicity, home, the career's key months) and
section 1 of the dossier: name, sex, birth date and place, home town (historical names kept as
written), ethnicity, religion, the 12-digit personal id (CCCD: 3-digit province of birth
registration, a digit for century and sex, the birth year's last two digits, six more digits),
its issue date and place, phone, insurance numbers, addresses, family background.
Must not import Qt.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from app.dossier.synthetic.data import Picker, between, load, month, weighted, ymd
from app.dossier.synthetic.names import Names
from app.dossier.synthetic.world import MINORITY_OUTSIDE_SHARE, Home, World

CCCD_FROM = month("2016-01")  # 12-digit citizen identity cards were first issued in 2016
NICKNAMES = ("Cả", "Hai", "Út", "Tư", "Ba")


@dataclass(slots=True)
class Person:
    index: int
    today: int  # the last month whose days 1–28 are all on or before the run's "today"
    sex: str
    birth: int  # month
    birth_day: int
    ethnicity: str
    surname: str
    full_name: str
    home: Home
    commune: str
    part: str  # the former province whose bodies the career starts in
    army: tuple[int, int] | None = None  # enlisted, discharged (months)
    recruit: int = 0
    recruit_day: int = 1
    end: int = 0  # last month of service (== today while still serving)
    status: str = "dang_cong_tac"
    status_date: str | None = None
    level: int = 0
    promotions: list[int] = field(default_factory=list)  # start month of levels 1..level
    party_join: int = 0  # month
    field_of_study: str = "gov"  # of the first degree: "edu", "med", "econ" …

    @property
    def active(self) -> bool:
        return self.status == "dang_cong_tac"

    def age_at(self, m: int) -> float:
        return (m - self.birth) / 12

    @property
    def birth_date(self) -> str:
        return ymd(self.birth, self.birth_day)


class Identities:
    """Draws people and writes their identity section."""

    def __init__(self, world: World, names: Names) -> None:
        self.world = world
        self.names = names
        careers = load("careers")
        records = load("records")
        profile = world.profile
        self.ethnicity = weighted(profile["ethnicity"])
        self.religion_kinh = weighted(profile["religion"]["kinh"])
        self.religion_other = weighted(profile["religion"]["other"])
        first = careers["birth_years"]["first"]
        self.birth_years = weighted([(first + i, w) for i, w in enumerate(careers["birth_years"]["weights"])])
        self.women = float(careers["women_share"])
        self.background = weighted(careers["family_background"])
        self.occupation = weighted(careers["occupation_before"])
        self.streets = profile["streets"]
        self.wards = profile["wards"]
        self.phones = records["phone_prefixes"]
        self.issuers = [(month(d), name) for d, name in records["id_issuers"]]
        self.used_ids: set[int] = set()

    def person(self, rng: random.Random, index: int, today: int) -> Person:
        sex = "nu" if rng.random() < self.women else "nam"
        latest = today // 12 - 30  # old enough to have served a few years
        year = self.birth_years.pick(rng)
        while year > latest:
            year = self.birth_years.pick(rng)
        ethnicity = self.ethnicity.pick(rng)
        kinh = ethnicity == "kinh"
        world = self.world
        outside = rng.random() < (world.outsider_share if kinh else MINORITY_OUTSIDE_SHARE)
        homes: Picker[Home]
        if outside:
            homes = world.outside_kinh if kinh else world.outside_minority
        else:
            homes = world.homes_kinh if kinh else world.homes_minority
        home = homes.pick(rng)
        surname = self.names.surname(rng, ethnicity)
        return Person(
            index=index,
            today=today,
            sex=sex,
            birth=year * 12 + int(rng.random() * 12),
            birth_day=1 + int(rng.random() * 28),
            ethnicity=ethnicity,
            surname=surname,
            full_name=f"{surname} {self.names.rest(rng, sex, ethnicity)}",
            home=home,
            commune=home.district.communes[int(rng.random() * len(home.district.communes))],
            part=home.province if home.inside else world.parts.pick(rng),
        )

    def personal_id(self, rng: random.Random, p: Person, gso: str) -> str:
        year = p.birth // 12
        century = (year - 1900) // 100 * 2 + (1 if p.sex == "nu" else 0)
        prefix = (int(gso) * 10 + century) * 100 + year % 100
        while True:
            number = prefix * 1_000_000 + int(rng.random() * 1_000_000)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return f"{number:012d}"

    def phone(self, rng: random.Random) -> str:
        prefix = self.phones[int(rng.random() * len(self.phones))]
        return f"{prefix}{int(rng.random() * 10_000_000):07d}"

    def address(self, rng: random.Random) -> str:
        street = self.streets[int(rng.random() * len(self.streets))]
        ward = self.wards[int(rng.random() * len(self.wards))]
        number, group = between(rng, 2, 280), between(rng, 1, 30)
        return f"Số {number}, đường {street}, tổ {group}, {ward}, tỉnh {self.world.label}"

    def identity(self, rng: random.Random, p: Person) -> dict[str, Any]:
        world = self.world
        home = p.home
        place = {"commune": p.commune, "district": home.district.name, "province": home.label}
        roll = rng.random()
        gso = home.gso
        if roll < 0.75:
            birth_place = dict(place)
        elif roll < 0.9:
            communes = home.district.communes
            birth_place = {**place, "commune": communes[int(rng.random() * len(communes))]}
        else:  # born in the provincial town, e.g. at its hospital
            seat = world.homes_kinh.items[0]
            birth_place = {
                "commune": seat.district.communes[int(rng.random() * len(seat.district.communes))],
                "district": seat.district.name,
                "province": seat.label,
            }
            gso = seat.gso
        identity: dict[str, Any] = {
            "personal_id": self.personal_id(rng, p, gso),
            "staff_code": f"{world.gso}.{p.index + 1:06d}",
            "full_name": p.full_name,
            "sex": p.sex,
            "birth_date": p.birth_date,
            "birth_place": birth_place,
            "home_town": place,
            "ethnicity": p.ethnicity,
            "religion": (self.religion_kinh if p.ethnicity == "kinh" else self.religion_other).pick(rng),
            "phone": self.phone(rng),
            "family_background": self.background.pick(rng),
            "occupation_before_recruitment": "Bộ đội xuất ngũ" if p.army else self.occupation.pick(rng),
        }
        if rng.random() < 0.02:
            identity["other_names"] = (
                f"{p.surname} {'Thị' if p.sex == 'nu' else 'Văn'} {rng.choice(NICKNAMES)}"
            )
        first = max(CCCD_FROM, p.birth + 14 * 12)
        if first < p.today:
            issued = between(rng, first, p.today - 1)
            identity["id_issue_date"] = ymd(issued, between(rng, 1, 28))
            identity["id_issue_place"] = next(name for since, name in self.issuers if issued >= since)
        insurance = int(world.gso) * 100_000_000 + int(rng.random() * 100_000_000)
        identity["social_insurance_no"] = f"{insurance:010d}"
        identity["health_insurance_no"] = f"HC4{world.gso}{insurance:010d}"
        current = self.address(rng)
        identity["current_address"] = current
        identity["permanent_address"] = current if rng.random() < 0.85 else self.address(rng)
        return identity
