"""Statistics "as of" a past date: the figures the vault would have given that day, whatever was
edited or added since; and the comparison with the same period last year."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.dossier.service import DossierService
from app.dossier.synthetic import generate
from app.errors import InvalidInput
from app.stats.service import StatsService
from app.stats.tables import Table
from tests.stats import oracle as o
from tests.stats.conftest import build, exported, vary

DAY = 86400
REPORTS = ("9a-btctw", "bm02-bnv", "3-btctw", "completeness", "structure")


def values(table: Table) -> dict[tuple[str, str], Any]:
    return {
        (r.key, c.key): table.values[i][j]
        for i, r in enumerate(table.rows)
        for j, c in enumerate(table.columns)
    }


def edit(service: DossierService, dossier_id: int, rng: random.Random) -> None:
    doc = service.get(dossier_id, reveal=True, audit=False).data
    identity, position = doc.setdefault("identity", {}), doc.setdefault("position", {})
    quals = doc.setdefault("qualifications", {})
    choice = rng.randrange(7)
    if choice == 0:
        identity["sex"] = "nu" if identity.get("sex") == "nam" else "nam"
    elif choice == 1:
        position["status"] = "nghi_huu"
    elif choice == 2:
        quals["highest_degree"] = "tien_si"
        quals["academic_title"] = "pgs"
    elif choice == 3:
        doc.pop("training", None)
        identity.pop("current_address", None)  # a restricted required field: rewound by existence
    elif choice == 4:
        position["post_group"] = "bi_thu"
        position["committee"] = "btv"
    elif choice == 5:
        position["employing_unit"] = "Ban Tổ chức Tỉnh ủy Thái Nguyên"
        identity["ethnicity"] = "hmong"
    else:
        doc.setdefault("career", {})["party_join_date"] = "2026-03-01"
        doc["career"].pop("party_official_date", None)
    service.save(doc, dossier_id=dossier_id, basis="QĐ 12-QĐ/BTCTU")


@pytest.fixture
def history(tmp_path: Path) -> Any:
    vault, clock = build(tmp_path / "v", seed=21)
    yield vault, clock
    vault.close_quietly()


def test_as_of_gives_the_figures_of_that_day_after_edits_and_new_dossiers(history: Any) -> None:
    vault, clock = history
    stats, dossiers = StatsService(vault), DossierService(vault)
    clock.advance(40 * DAY)  # 10/02/2026
    then = {name: values(stats.run(name).table) for name in REPORTS}
    _, snapshot = exported(vault)
    rng = random.Random(5)  # noqa: S311 - test data
    ids = dossiers.repo.all_ids()
    clock.advance(19 * DAY)  # 01/03/2026: edits
    for dossier_id in rng.sample(ids, 120):
        edit(dossiers, dossier_id, rng)
    clock.advance(31 * DAY)  # 01/04/2026: newcomers
    newcomers = [vary(d, rng) for d in generate(40, seed=777)]
    dossiers.save_many(newcomers, source="test")
    clock.advance(61 * DAY)  # 01/06/2026
    assert len(dossiers.repo.all_ids()) > len(ids)

    for name in REPORTS:
        now = values(stats.run(name).table)
        past = values(stats.run(name, as_of="2026-02-10").table)
        assert past == then[name], name
        assert now != then[name], name  # the edits did change this report
    # and against an independent count of the export taken that day
    table = stats.run("9a-btctw", as_of="2026-02-10").table
    on = date(2026, 2, 10)
    leaders = [
        d
        for d in snapshot
        if o.val(d, "position.status") == "dang_cong_tac"
        and (
            o.val(d, "position.post_group") in o.PROVINCIAL
            or o.val(d, "position.committee") in ("bch", "btv", "thuong_truc")
        )
    ]
    assert table.population == len(leaders)
    assert table.cell("women", "bi_thu") == o.count(
        leaders, o.is_("identity.sex", "nu"), o.is_("position.post_group", "bi_thu")
    )
    assert table.cell("age.2", "total") == o.count(leaders, o.age_in(51, None, on))


def test_an_edit_on_the_day_counts_that_day(history: Any) -> None:
    vault, clock = history
    stats, dossiers = StatsService(vault), DossierService(vault)
    clock.advance(10 * DAY + 3600)  # 11/01/2026 01:00
    before = stats.run("completeness").table.cell("gap_training", "total")
    dossier_id = dossiers.repo.all_ids()[0]
    doc = dossiers.get(dossier_id, reveal=True, audit=False).data
    doc.pop("training", None)
    dossiers.save(doc, dossier_id=dossier_id)
    clock.advance(5 * DAY)
    assert stats.run("completeness", as_of="2026-01-11").table.cell("gap_training", "total") == before + 1
    assert stats.run("completeness", as_of="2026-01-10").table.cell("gap_training", "total") == before


def test_before_the_vault_existed_nothing_is_counted_and_the_future_is_refused(history: Any) -> None:
    vault, _ = history
    stats = StatsService(vault)
    assert stats.run("structure", as_of="2025-06-30").table.population == 0
    with pytest.raises(InvalidInput) as info:
        stats.run("structure", as_of="2026-01-02")
    assert info.value.key == "stats.future_as_of"


def test_comparison_with_the_same_period_last_year(history: Any) -> None:
    vault, clock = history
    stats, dossiers = StatsService(vault), DossierService(vault)
    clock.advance(366 * DAY)  # 02/01/2027: last year's figures are today's at creation
    first_year = values(stats.run("structure", as_of="2026-01-02").table)
    newcomers = [vary(d, random.Random(1)) for d in generate(30, seed=4242)]  # noqa: S311 - test data
    dossiers.save_many(newcomers, source="test")
    serving = sum(1 for d in newcomers if o.val(d, "position.status") == "dang_cong_tac")
    report = stats.run("structure", compare=True)
    assert report.before is not None
    assert report.change is not None
    assert report.before.pop.on == date(2026, 1, 2)
    before = values(report.before)
    common = before.keys() & first_year.keys()
    assert len(common) > 100
    assert {k: before[k] for k in common} == {k: first_year[k] for k in common}
    total_now, total_then = report.table.cell("total", "total"), report.before.cell("total", "total")
    assert total_now == total_then + serving  # type: ignore[operator]
    row = next(n for n, r in enumerate(report.table.rows) if r.key == "total")
    assert report.change[row][0] == round(total_now * 100 / total_then, 1)  # type: ignore[operator]


def test_staleness_as_of_ignores_later_saves_of_any_field(history: Any) -> None:
    vault, clock = history
    stats, dossiers = StatsService(vault), DossierService(vault)
    clock.advance(400 * DAY)  # 05/02/2027: every dossier is more than 12 months old
    dossier_id = dossiers.repo.all_ids()[0]
    doc = dossiers.get(dossier_id, reveal=True, audit=False).data
    doc["awards"] = [{"year": 2026, "form": "Bằng khen của Chủ tịch UBND tỉnh", "deciding_body": "UBND tỉnh"}]
    dossiers.save(doc, dossier_id=dossier_id)  # a field no statistic counts
    now = stats.run("completeness").table
    then = stats.run("completeness", as_of="2027-02-04").table
    assert then.cell("stale", "total") == then.cell("total", "total")
    assert now.cell("stale", "total") == then.cell("stale", "total") - 1  # type: ignore[operator]


def test_a_value_holding_the_column_separator_is_still_counted_right(history: Any) -> None:
    """Validation keeps control characters out; a value saved around it must not shift a column."""
    vault, _ = history
    dossiers = DossierService(vault)
    dossier_id = dossiers.repo.all_ids()[3]
    doc = dossiers.get(dossier_id, reveal=True, audit=False).data
    doc["position"]["employing_unit"] = "Sở\x1fNội vụ"
    doc["position"]["status"] = "dang_cong_tac"
    dossiers.save(doc, dossier_id=dossier_id)
    table = StatsService(vault).run("bm02-bnv").table
    assert table.cell("unit.Sở\x1fNội vụ", "total") == 1
    assert sum(v[0] for r, v in zip(table.rows, table.values, strict=True) if r.key != "total") == table.cell(
        "total", "total"
    )
