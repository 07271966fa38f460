"""A vault of varied synthetic dossiers shared by the statistics tests, and its interchange JSON.

The synthetic generator makes complete, tidy dossiers; :func:`vary` roughens a share of them the
way real records are (partial birth dates, probationary members, missing fields, other grades,
languages and IT levels, religions, statuses), so that every row of every report has something
to count and every "missing" row something missing.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app.clock import ManualClock
from app.dossier import exporter
from app.dossier.service import DossierService
from app.dossier.synthetic import generate
from app.vault.create import create_vault
from app.vault.session import Vault
from app.vault.unlock import unlock
from tests.conftest import PASSPHRASE, WEAK

SIZE = 420


def vary(doc: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    identity, career = doc.setdefault("identity", {}), doc.setdefault("career", {})
    position, quals = doc.setdefault("position", {}), doc.setdefault("qualifications", {})
    roll = rng.random()
    if roll < 0.08 and identity.get("birth_date"):
        identity["birth_date"] = identity["birth_date"][:7]
    elif roll < 0.12 and identity.get("birth_date"):
        identity["birth_date"] = identity["birth_date"][:4]
    if rng.random() < 0.06 and career.get("party_join_date"):
        career["party_join_date"] = "2025-09-02"
        career.pop("party_official_date", None)
    if rng.random() < 0.05:
        career.pop("party_join_date", None)
        career.pop("party_official_date", None)
    if rng.random() < 0.04:
        career["party_join_date"] = rng.choice(["1944-05-01", "1950-03-03", "1968", "1975-04-30", "1975-05"])
        career["party_official_date"] = "1976"
    for path, share in (
        ("identity.birth_place", 0.05),
        ("career.recruiting_agency", 0.04),
        ("qualifications.political_theory", 0.05),
        ("identity.religion", 0.03),
    ):
        head, _, key = path.partition(".")
        if rng.random() < share:
            doc.get(head, {}).pop(key, None)
    if rng.random() < 0.04:
        doc.pop("training", None)
    if rng.random() < 0.04:
        identity.pop("current_address", None)
    if rng.random() < 0.05:
        identity["religion"] = rng.choice(["phat_giao", "cong_giao", "tin_lanh"])
    if rng.random() < 0.05:
        quals["academic_title"] = rng.choice(["gs", "pgs"])
    if rng.random() < 0.1:
        quals["highest_degree"] = rng.choice(["cao_dang", "trung_cap", "so_cap", "tien_si_khoa_hoc"])
    if rng.random() < 0.1:
        doc.setdefault("salary", {})["grade_code"] = rng.choice(["01.004", "01.005", "13.095"])
    if rng.random() < 0.1:
        quals["it_level"] = rng.choice(["Trung cấp tin học", "Kỹ sư công nghệ thông tin", "Chứng chỉ A"])
    if rng.random() < 0.1:
        quals["foreign_languages"] = [
            {
                "language": rng.choice(["Tiếng Pháp", "Tiếng Anh", "Tiếng Trung Quốc"]),
                "level": rng.choice(["Đại học", "Cử nhân ngoại ngữ", "Chứng chỉ C", "Bậc 3 (B1)"]),
            }
        ]
    if rng.random() < 0.1:
        position["committee"] = rng.choice(["bch", "btv", "thuong_truc"])
    if rng.random() < 0.06:
        position["post_group"] = rng.choice(["bi_thu", "pho_bi_thu", "hdnd_ct", "ubnd_pct", "doan_dbqh_pho"])
    if rng.random() < 0.03:
        position.pop("employing_unit", None)
    if rng.random() < 0.04:  # kept on past the retirement age (or just short of it)
        identity["birth_date"] = rng.choice(["1963-03-10", "1964-07", "1969-12-31", "1970-01-02"])
    return doc


@dataclass
class StatsVault:
    vault: Vault
    clock: ManualClock
    ids: list[int]
    docs: list[dict[str, Any]]  # the interchange JSON records, in the order of ids


def exported(vault: Vault) -> tuple[list[int], list[dict[str, Any]]]:
    data, ids = exporter.build(vault)
    return ids, json.loads(data.decode("utf-8"))["dossiers"]


def build(folder: Path, seed: int = 8) -> tuple[Vault, ManualClock]:
    clock = ManualClock()
    create_vault(folder, PASSPHRASE, kdf_params=WEAK, clock=clock)
    vault = unlock(folder, PASSPHRASE, kdf_floor=WEAK, clock=clock)
    rng = random.Random(seed)  # noqa: S311 - test data
    docs = [vary(d, rng) for d in generate(SIZE, seed=seed)]
    DossierService(vault).save_many(docs, source="test")
    return vault, clock


@pytest.fixture(scope="module")
def stats_vault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StatsVault]:
    vault, clock = build(tmp_path_factory.mktemp("stats") / "v")
    ids, docs = exported(vault)
    yield StatsVault(vault, clock, ids, docs)
    vault.close_quietly()
