"""The position section of a synthetic dossier: the post held last, and what goes with it.

Owns current post and its statistics group (``post_group``), the management tier, the Party
committee (cấp ủy) and Party posts, the appointment and re-appointment dates, concurrent
posts, the posts the person is planned for (quy hoạch) and for which term, main duties,
strengths, the longest-held job, and the service status. Terms follow the five-year Party
congress cycle (provincial congresses in October 2020, 2025, …). Must not import Qt.
"""

from __future__ import annotations

import random
from typing import Any

from app.dossier.synthetic.career import Stint
from app.dossier.synthetic.data import between, load, ymd
from app.dossier.synthetic.person import Person
from app.dossier.synthetic.world import World

ELECTED_KINDS = frozenset({"doan_the", "tinh_uy", "ubnd_tinh", "hdnd_tinh", "doan_dbqh", "xa_uy", "xa_ubnd"})
PROVINCIAL_KINDS = frozenset({"so", "ban_dang", "doan_the", "dvsn"})


class Positions:
    def __init__(self, world: World) -> None:
        self.world = world
        careers = load("careers")
        self.tiers = {int(k): v for k, v in careers["tiers"].items()}
        self.party_posts = {int(k): v for k, v in careers["party_posts"].items()}
        self.concurrent: list[str] = careers["concurrent_posts"]
        self.strengths: list[str] = careers["strengths"]
        self.duties = {int(k): v for k, v in careers["duties"].items()}
        self.areas: list[str] = careers["areas"]
        self.term_start = int(careers["committee_term_start"])
        self.party_committee = f"Tỉnh ủy {world.label}"

    def term(self, m: int, ahead: int = 0) -> str:
        """The Party term running in month ``m`` ("2025–2030"), or ``ahead`` terms later."""
        first_congress = self.term_start * 12 + 9
        start = self.term_start + 5 * ((m - first_congress) // 60) + 5 * ahead
        return f"{start}–{start + 5}"

    def tier(self, s: Stint) -> str:
        return s.unit.kind.tiers.get(s.level) or self.tiers[s.level]

    def _committee(self, rng: random.Random, s: Stint) -> tuple[str | None, str | None]:
        kind = s.unit.kind.code
        roll = rng.random()
        if kind.startswith("xa_"):
            return ("btv" if s.level == 4 else "bch"), f"Đảng bộ {s.unit.seat}"
        if kind.startswith("huyen_"):
            return None, None
        if s.level == 6:
            return "thuong_truc", self.party_committee
        if s.level == 5:
            if kind == "tinh_uy":
                return "thuong_truc", self.party_committee
            return ("btv" if roll < 0.8 else "bch"), self.party_committee
        if s.level == 4:
            if kind == "ban_dang":
                return ("btv" if roll < 0.55 else "bch"), self.party_committee
            return ("bch", self.party_committee) if roll < 0.55 else (None, None)
        if s.level == 3 and roll < 0.08:
            return "bch", self.party_committee
        return None, None

    def _party_post(self, rng: random.Random, s: Stint, committee: str | None) -> tuple[str, str | None]:
        """(Party post, concurrent Party post)."""
        kind = s.unit.kind.code
        own = self.party_posts.get(s.level) or ["Đảng viên"]
        local = own[int(rng.random() * len(own))].replace("{short}", s.unit.short)
        if kind.startswith("xa_"):
            body = f"Đảng ủy {s.unit.seat}"
            if kind == "xa_uy":
                return (f"Bí thư {body}" if s.level == 4 else f"Phó Bí thư {body}"), None
            return (f"Phó Bí thư {body}" if s.level == 4 else f"Ủy viên Ban Thường vụ {body}"), None
        if committee is None or kind.startswith("huyen_"):
            return local, None
        if committee == "thuong_truc":
            main = "Bí thư Tỉnh ủy" if kind == "tinh_uy" and s.level == 6 else "Phó Bí thư Tỉnh ủy"
            return main, None
        main = "Ủy viên Ban Thường vụ Tỉnh ủy" if committee == "btv" else "Tỉnh ủy viên"
        return main, (local if kind in PROVINCIAL_KINDS else None)

    def position(self, rng: random.Random, p: Person, stints: list[Stint]) -> dict[str, Any]:
        final = stints[-1]
        unit = final.unit
        tier = self.tier(final)
        day = between(rng, 1, 28)
        position: dict[str, Any] = {
            "managing_body": (
                f"Ban Thường vụ Tỉnh ủy {self.world.label}" if tier in ("btv_tinh", "tw") else unit.full
            ),
            "employing_unit": unit.full,
            "management_tier": tier,
            "current_post": final.post,
            "status": p.status,
        }
        if final.level:
            position["appointed_on"] = ymd(final.start, day)
        group = unit.kind.groups.get(final.level)
        if group:
            position["post_group"] = group
        if final.level in (3, 4) and unit.kind.code not in ELECTED_KINDS and p.end - final.start >= 60:
            position["reappointed_on"] = ymd(final.start + 60, day)
        committee: str | None = None
        if p.active:
            committee, level = self._committee(rng, final)
            if committee:
                position["committee"] = committee
                position["committee_level"] = f"{level}, nhiệm kỳ {self.term(p.today)}"
                if unit.kind.code == "so" and rng.random() < 0.15:
                    position["committee_concurrent"] = "bch"
                    position["committee_concurrent_level"] = (
                        f"Đảng bộ Ủy ban nhân dân tỉnh, nhiệm kỳ {self.term(p.today)}"
                    )
            planned = self._planned(rng, final)
            if planned:
                position["planned_posts"] = [{"post": planned, "term": self.term(p.today, 1)}]
        party, party_concurrent = self._party_post(rng, final, committee)
        position["party_post"] = party
        if party_concurrent:
            position["party_post_concurrent"] = party_concurrent
        if final.level >= 3 and rng.random() < 0.2:
            text = self.concurrent[int(rng.random() * len(self.concurrent))]
            position["concurrent_posts"] = text.replace("{short}", unit.short)
        area = self.areas[int(rng.random() * len(self.areas))]
        position["main_duties"] = self.duties[final.level].format(
            short=unit.short, area=area, dept=final.dept or area
        )
        first = self.strengths[int(rng.random() * len(self.strengths))]
        second = self.strengths[int(rng.random() * len(self.strengths))]
        position["strengths"] = first if first == second else f"{first}; {second}"
        longest = max(stints, key=lambda s: s.stop - s.start)
        position["longest_job"] = f"{longest.title}, {longest.unit.full}"
        if p.status_date:
            position["status_date"] = p.status_date
        return position

    def _planned(self, rng: random.Random, s: Stint) -> str | None:
        roll = rng.random()
        if s.level == 2 and roll < 0.5:
            return f"{s.unit.titles[1]} {s.unit.post_short}"
        if s.level == 3 and roll < 0.55:
            return f"{s.unit.titles[0]} {s.unit.post_short}"
        if s.level == 4 and roll < 0.35:
            return "Ủy viên Ban Thường vụ Tỉnh ủy"
        if s.level == 5 and roll < 0.3:
            return "Phó Bí thư Tỉnh ủy"
        return None
