"""The record-keeping parts of a synthetic dossier: yearly ratings, awards, discipline, health,
economic situation, the employer's assessment and personal history.

Owns one rating row per year of the last ten years served (``rating`` and ``emulation_title``
codes; a year with discipline is rated no better than "hoàn thành nhiệm vụ", as NĐ 90/2020
requires), awards that fit the rank and the years of Party membership, discipline for about
3 % of people (a ``discipline_form`` code valid on its date), height, weight and blood type,
income, house and land, a dated assessment whose conclusion repeats that year's rating, and a
personal history that is mostly empty. Must not import Qt.
"""

from __future__ import annotations

import random
from typing import Any

from app.dossier import catalogs
from app.dossier.synthetic.career import Stint
from app.dossier.synthetic.data import Picker, between, load, weighted, ym, ymd
from app.dossier.synthetic.person import Person

Row = dict[str, Any]
RATING_CUTOFF = 2019  # "hoàn thành nhiệm vụ nhưng còn hạn chế về năng lực" ended with 2019


class Records:
    def __init__(self, province_label: str) -> None:
        self.label = province_label
        records = load("records")
        self.ratings = Picker(
            [
                ("hoan_thanh_xuat_sac", 20.0),
                ("hoan_thanh_tot", 72.0),
                ("hoan_thanh", 7.7),
                ("khong_hoan_thanh", 0.3),
            ]
        )
        self.rating_labels = {e.code: e.label for e in catalogs.load("rating").entries}
        self.yearly_awards = weighted(records["awards"]["yearly"])
        self.major_awards: list[dict[str, Any]] = records["awards"]["major"]
        self.badge: dict[str, Any] = records["awards"]["party_badge"]
        self.discipline = records["discipline"]
        self.party_forms = weighted(self.discipline["party"]["forms"])
        self.state_forms = weighted(self.discipline["state"]["forms"])
        self.assessment = records["assessment"]
        self.health = weighted(records["health_status"])
        self.blood = weighted(records["blood_types"])
        self.houses = Picker(((h[0], h[1]), h[2]) for h in records["houses"])
        self.land = Picker(((a[0], a[1]), a[2]) for a in records["land"])
        self.farm_land: list[list[str]] = records["farm_land"]
        self.certificate: str = records["certificate"]
        self.abroad_orgs: list[str] = load("education")["abroad_orgs"]

    def _years(self, p: Person) -> list[int]:
        last = (p.today + 1) // 12 - 1 if p.active else (p.end // 12 if p.end % 12 >= 10 else p.end // 12 - 1)
        first = max(p.recruit // 12 + (1 if p.recruit % 12 >= 6 else 0), last - 9)
        return list(range(first, last + 1))

    def ratings_and_awards(self, rng: random.Random, p: Person, stints: list[Stint]) -> dict[str, Any]:
        """yearly_ratings, awards, discipline and the assessment (they share the ratings)."""
        years = self._years(p)
        disciplined = (
            years[int(rng.random() * len(years))]
            if years and rng.random() < self.discipline["share"]
            else None
        )
        final = stints[-1].unit
        ratings: list[Row] = []
        draw = rng.random
        codes = self.ratings.table
        for year in years:
            code = codes[int(draw() * len(codes))]
            if year == disciplined:
                code = "hoan_thanh" if draw() < 0.8 else "khong_hoan_thanh"
            elif code == "hoan_thanh" and year <= RATING_CUTOFF and draw() < 0.3:
                code = "hoan_thanh_con_han_che"
            row: Row = {"year": year, "professional_rating": code}
            if code == "hoan_thanh_tot":
                if draw() < 0.85:
                    row["emulation_rating"] = "lao_dong_tien_tien"
            elif code == "hoan_thanh_xuat_sac":
                row["emulation_rating"] = "chien_si_thi_dua_co_so" if draw() < 0.5 else "lao_dong_tien_tien"
                if draw() < 0.5:
                    award = self.yearly_awards.pick(rng)
                    row["award"] = award.format(
                        head_title=final.titles[0], short=final.short, tinh=self.label
                    )
            ratings.append(row)
        out: dict[str, Any] = {"yearly_ratings": ratings} if ratings else {}
        awards: list[Row] = []
        last = (p.today + 1) // 12 - 1 if p.active else p.end // 12
        for spec in self.major_awards:
            need = int(spec["min_level"])
            if p.level < need:
                continue
            first = max(p.recruit // 12 + 5, p.promotions[need - 1] // 12 if need else 0)
            if first <= last and rng.random() < spec["share"]:
                year = between(rng, first, last)
                if year != disciplined:
                    awards.append(
                        {
                            "year": year,
                            "form": spec["form"],
                            "deciding_body": spec["body"].replace("{tinh}", self.label),
                        }
                    )
        badge_year = p.party_join // 12 + int(self.badge["years"])
        if badge_year <= last:
            awards.append(
                {
                    "year": badge_year,
                    "form": self.badge["form"],
                    "deciding_body": self.badge["body"].replace("{tinh}", self.label),
                }
            )
        if awards:
            out["awards"] = sorted(awards, key=lambda a: int(a["year"]))
        if disciplined is not None:
            party = rng.random() < 0.5
            start = disciplined * 12 + between(rng, 0, 10)
            out["discipline"] = [
                {
                    "from": ymd(start, between(rng, 1, 28)),
                    "to": ymd(start + 12, between(rng, 1, 28)),
                    "form": (self.party_forms if party else self.state_forms).pick(rng),
                    "violation": self.discipline["violations"][
                        int(rng.random() * len(self.discipline["violations"]))
                    ],
                    "deciding_body": self.discipline["party" if party else "state"]["body"].replace(
                        "{tinh}", self.label
                    ),
                }
            ]
        if ratings:
            out["assessment"] = self._assessment(rng, p, stints, ratings)
        return out

    def _assessment(
        self, rng: random.Random, p: Person, stints: list[Stint], ratings: list[Row]
    ) -> list[Row]:
        a = self.assessment
        final = stints[-1]
        author = (
            f"Ban Thường vụ Tỉnh ủy {self.label}"
            if final.level >= 3
            else f"Tập thể lãnh đạo {final.unit.full}"
        )
        rows = []
        for row in ratings[-2:] if rng.random() < 0.4 else ratings[-1:]:
            year = int(row["year"])
            parts = [pick(rng, a["politics"]), pick(rng, a["ethics"]), pick(rng, a["ability"])]
            if rng.random() < 0.5:
                parts.append(pick(rng, a["limits"]))
            rating = self.rating_labels[str(row["professional_rating"])]
            parts.append(a["conclusion"].format(year=year, rating=rating.lower()))
            day = between(rng, 10, 28)
            written = (year + 1) * 12 if (year + 1) * 12 < p.today else year * 12 + 11
            if not p.active:
                written = min(written, p.end)
            rows.append({"date": ymd(written, day), "author": author, "text": " ".join(parts)})
        return rows

    def health_section(self, rng: random.Random, p: Person) -> dict[str, Any]:
        male = p.sex == "nam"
        height = round(rng.gauss(166 if male else 155, 5))
        bmi = rng.gauss(23 if male else 21.5, 2)
        return {
            "status": self.health.pick(rng),
            "height_cm": height,
            "weight_kg": round(bmi * (height / 100) ** 2 * 2) / 2,
            "blood_type": self.blood.pick(rng),
        }

    def economy(self, rng: random.Random, income: int) -> dict[str, Any]:
        acquisition, house_type = self.houses.pick(rng)
        house_type = house_type.replace("{floors}", str(between(rng, 1, 4)))
        serial = f"C{chr(65 + int(rng.random() * 26))} {between(rng, 100000, 999999)}"
        land_acquisition, purpose = self.land.pick(rng)
        economy: dict[str, Any] = {
            "salary_income": income,
            "other_income": between(rng, 0, 20) * 10_000_000 if rng.random() < 0.6 else 0,
            "housing": [
                {
                    "acquisition": acquisition,
                    "house_type": house_type,
                    "area_m2": float(between(rng, 60, 260)),
                    "certificate": self.certificate.format(serial=serial),
                }
            ],
            "land": [
                {
                    "acquisition": land_acquisition,
                    "purpose": purpose,
                    "area_m2": float(between(rng, 60, 300)),
                    "certificate": self.certificate.format(serial=serial),
                }
            ],
        }
        if not economy["other_income"]:
            del economy["other_income"]
        if rng.random() < 0.25:
            farm = self.farm_land[int(rng.random() * len(self.farm_land))]
            economy["land"].append(
                {"acquisition": farm[0], "purpose": farm[1], "area_m2": float(between(rng, 3, 60) * 100)}
            )
        return economy

    def self_history(self, rng: random.Random, p: Person) -> dict[str, Any] | None:
        roll = rng.random()
        if roll < 0.02 and p.end - p.recruit > 60:
            start = between(rng, p.recruit + 24, p.end - 8)
            detail = self.abroad_orgs[int(rng.random() * len(self.abroad_orgs))]
            return {
                "foreign_orgs": [{"from": ym(start), "to": ym(start + between(rng, 1, 6)), "detail": detail}]
            }
        if roll < 0.15:
            return {"arrests": "Không"}
        return None


def pick(rng: random.Random, items: list[str]) -> str:
    return items[int(rng.random() * len(items))]
