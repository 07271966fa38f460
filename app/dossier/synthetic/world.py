"""The province a synthetic run takes place in: its places and its bodies (units) over time.

Owns turning ``resources/synthetic/province_<code>.json`` into home towns to draw from (the
province's pre-2025 districts and communes, and a share of outsiders) and into units with a
validity period in months: each provincial body once per former province (the absorbed one's
bodies end at the merger and pass to the same body of the surviving province), the district
bodies until the districts were abolished, the new commune bodies after. Bodies renamed or
merged in 2025 name their successor, so a career crossing the date continues there.
Must not import Qt.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from app.dossier import catalogs
from app.dossier.synthetic.data import FOREVER, Picker, load, month, provinces

MINORITY_OUTSIDE_SHARE = 0.08
DISTRICT_WEIGHT = {0: 0.55, 1: 0.55, 2: 0.45, 3: 0.3, 4: 0.3}


@dataclass(frozen=True, slots=True)
class District:
    name: str
    kind: str  # "huyện" / "thành phố"
    party: str  # "Huyện ủy" / "Thành ủy"
    communes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Home:
    """A district someone can come from; ``province`` is the (historical) catalog code."""

    province: str
    label: str  # the province's name as written then
    gso: str  # two digits
    district: District
    inside: bool


@dataclass(frozen=True, slots=True)
class Kind:
    code: str
    low: int
    high: int
    titles: tuple[str, str]  # head, deputy
    lower: tuple[str, ...]
    depts: tuple[str, ...]
    groups: dict[int, str]
    tiers: dict[int, str]


@dataclass(slots=True)
class Unit:
    short: str  # as it follows a title in a post: "Sở Nội vụ"
    full: str  # "Sở Nội vụ tỉnh Thái Nguyên"
    kind: Kind
    part: str  # the former province it belongs to
    start: int
    stop: int
    weight: float
    titles: tuple[str, str]
    post_short: str
    staff: str | None
    depts: tuple[str, ...]
    dept_word: str | None
    flags: frozenset[str]
    district: bool
    seat: str  # the district or commune of a local body ("huyện Đại Từ", "xã Đại Từ"), else ""
    successor: Unit | None = field(default=None, repr=False)

    def valid(self, m: int) -> bool:
        return self.start <= m <= self.stop

    def hosts(self, level: int) -> bool:
        return self.kind.low <= level <= self.kind.high


@dataclass
class World:
    code: str
    label: str  # "Thái Nguyên"
    gso: str
    merged: int  # month of the merger
    main_part: str
    part_labels: dict[str, str]
    homes_kinh: Picker[Home]
    homes_minority: Picker[Home]
    outside_kinh: Picker[Home]
    outside_minority: Picker[Home]
    outsider_share: float
    parts: Picker[str]
    units: list[Unit]
    unit_by_full: dict[str, Unit]
    profile: dict[str, Any]
    _eras: list[int] = field(default_factory=list)
    _pickers: dict[tuple[str, int, int], Picker[Unit] | None] = field(default_factory=dict)

    def pick_unit(self, rng: random.Random, part: str, level: int, m: int) -> Unit:
        """A body of ``part`` (or the surviving province after the merger) that has posts of
        ``level`` and exists in month ``m``."""
        if m >= self.merged:
            part = self.main_part
        era = bisect_right(self._eras, m)
        key = (part, level, era)
        if key in self._pickers:
            picker = self._pickers[key]
        else:
            pairs = [(u, u.weight) for u in self.units if u.part == part and u.hosts(level) and u.valid(m)]
            if level <= 4:
                pairs = [(u, w * DISTRICT_WEIGHT[level] if u.district else w) for u, w in pairs]
            picker = Picker(pairs) if pairs else None
            self._pickers[key] = picker
        if picker is None:
            raise LookupError(f"no unit of level {level} in {part} at month {m}")
        return picker.pick(rng)


def _kinds(careers: dict[str, Any]) -> dict[str, Kind]:
    out = {}
    for code, raw in careers["kinds"].items():
        out[code] = Kind(
            code,
            raw["levels"][0],
            raw["levels"][1],
            (raw["titles"][0], raw["titles"][1]),
            tuple(raw["lower"]),
            tuple(raw["depts"]),
            {int(k): v for k, v in raw["groups"].items()},
            {int(k): v for k, v in raw.get("tiers", {}).items()},
        )
    return out


def _unit(raw: dict[str, Any], kind: Kind, part: str, label: str, start: int, stop: int) -> Unit:
    def fill(text: str) -> str:
        return text.replace("{tinh}", label)

    titles = raw.get("titles", kind.titles)
    return Unit(
        short=fill(raw["short"]),
        full=fill(raw["full"]),
        kind=kind,
        part=part,
        start=start,
        stop=stop,
        weight=float(raw["weight"]),
        titles=(titles[0], titles[1]),
        post_short=fill(raw.get("post_short", raw["short"])),
        staff=raw.get("staff"),
        depts=tuple(raw.get("depts", kind.depts)),
        dept_word=raw.get("dept_word"),
        flags=frozenset(k for k in ("women", "young", "veterans") if raw.get(k)),
        district=bool(raw.get("district")),
        seat=raw.get("seat", ""),
    )


def _build_units(
    profile: dict[str, Any], kinds: dict[str, Kind], merged: int, labels: dict[str, str]
) -> list[Unit]:
    main = profile["parts"][0]["province"]
    units: list[Unit] = []
    by_part: dict[tuple[str, str], Unit] = {}
    for part in profile["parts"]:
        code = part["province"]
        label = labels[code]
        for raw in profile["units"]:
            start = month(raw["from"]) if raw.get("from") else 0
            stop = month(raw["until"]) if raw.get("until") else FOREVER
            if code != main:
                stop = min(stop, merged - 1)
            if start > stop:
                continue
            unit = _unit(raw, kinds[raw["kind"]], code, label, start, stop)
            units.append(unit)
            by_part[(code, raw["short"])] = unit
        for d in part["districts"]:
            for kind, short in (
                ("huyen_ubnd", f"UBND {d['kind']} {d['name']}"),
                ("huyen_uy", f"{d['party']} {d['name']}"),
            ):
                full_unit = (
                    f"Ủy ban nhân dân {d['kind']} {d['name']}, tỉnh {label}"
                    if kind == "huyen_ubnd"
                    else f"{short}, tỉnh {label}"
                )
                raw = {
                    "short": short,
                    "full": full_unit,
                    "weight": d["weight"],
                    "district": True,
                    "seat": f"{d['kind']} {d['name']}",
                }
                units.append(_unit(raw, kinds[kind], code, label, 0, merged - 1))
    main_label = labels[main]
    for c in profile["new_communes"]:
        for kind, short in (("xa_uy", f"Đảng ủy {c['name']}"), ("xa_ubnd", f"UBND {c['name']}")):
            full_unit = (
                f"{short}, tỉnh {main_label}"
                if kind == "xa_uy"
                else f"Ủy ban nhân dân {c['name']}, tỉnh {main_label}"
            )
            raw = {"short": short, "full": full_unit, "weight": c["weight"], "seat": c["name"]}
            units.append(_unit(raw, kinds[kind], main, main_label, merged, FOREVER))
    # successors: a renamed body → its successor in the same part; an absorbed province's
    # body → the surviving province's body of the same name (or that body's successor).
    templates = {raw["short"]: raw for raw in profile["units"]}
    for raw in profile["units"]:
        for part in profile["parts"]:
            body = by_part.get((part["province"], raw["short"]))
            if body is None:
                continue
            if part["province"] == main or body.stop < merged - 1:
                target = raw.get("successor")
                body.successor = by_part.get((part["province"], target)) if target else None
                continue
            name: str | None = raw["short"]
            heir = by_part.get((main, name)) if name else None
            while heir is not None and not heir.valid(merged):
                name = templates[name].get("successor") if name else None
                heir = by_part.get((main, name)) if name else None
            body.successor = heir
    return units


def _home_pickers(
    entries: list[tuple[Home, float, float]],
) -> tuple[Picker[Home], Picker[Home]]:
    kinh = Picker((home, weight) for home, weight, _ in entries)
    minority = Picker((home, weight * factor) for home, weight, factor in entries)
    return kinh, minority


def build(code: str) -> World:
    """The world of province ``code`` (a key of the synthetic profiles)."""
    if code not in provinces():
        raise ValueError(f"no synthetic profile for province {code!r}; available: {', '.join(provinces())}")
    profile = load(f"province_{code}")
    careers = load("careers")
    province = catalogs.load("province")
    entry = province.get(code)
    if entry is None:
        raise ValueError(f"province {code!r} is not in the province catalog")
    merged = month(profile["merged_on"])
    labels = {p["province"]: province.label(p["province"]) for p in profile["parts"]}
    inside: list[tuple[Home, float, float]] = []
    total = sum(p["weight"] for p in profile["parts"])
    for part in profile["parts"]:
        gso = str(province.get(part["province"]).extra["gso_code"])  # type: ignore[union-attr]
        district_total = sum(d["weight"] for d in part["districts"])
        for d in part["districts"]:
            district = District(d["name"], d["kind"], d["party"], tuple(d["communes"]))
            home = Home(part["province"], labels[part["province"]], gso, district, True)
            inside.append((home, part["weight"] / total * d["weight"] / district_total, d["minority"]))
    outside: list[tuple[Home, float, float]] = []
    for place in profile["origins"]["places"]:
        pentry = province.get(place["province"])
        if pentry is None:
            raise ValueError(f"origin province {place['province']!r} is not in the province catalog")
        for d in place["districts"]:
            district = District(d["name"], "huyện", "Huyện ủy", tuple(d["communes"]))
            home = Home(place["province"], pentry.label, str(pentry.extra["gso_code"]), district, False)
            outside.append((home, place["weight"] / len(place["districts"]), place["minority"]))
    homes_kinh, homes_minority = _home_pickers(inside)
    outside_kinh, outside_minority = _home_pickers(outside)
    units = _build_units(profile, _kinds(careers), merged, labels)
    eras = sorted({u.start for u in units} | {u.stop + 1 for u in units if u.stop < FOREVER})
    return World(
        code=code,
        label=entry.label,
        gso=str(entry.extra["gso_code"]),
        merged=merged,
        main_part=profile["parts"][0]["province"],
        part_labels=labels,
        homes_kinh=homes_kinh,
        homes_minority=homes_minority,
        outside_kinh=outside_kinh,
        outside_minority=outside_minority,
        outsider_share=float(profile["origins"]["share"]),
        parts=Picker((p["province"], p["weight"]) for p in profile["parts"]),
        units=units,
        unit_by_full={u.full: u for u in units},
        profile=profile,
        _eras=eras,
    )
