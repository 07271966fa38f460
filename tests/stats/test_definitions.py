"""Report definitions are data: checked when read, installed into the vault without code, chosen
by the date they take effect; a cross-tabulation of any two dimensions; and no definition can
reach a restricted value."""

from __future__ import annotations

import copy
import json
from datetime import date
from importlib import resources
from typing import Any

import pytest

from app.audit.query import AuditFilter
from app.dossier import fields
from app.errors import InvalidInput, NotFound, UsageError
from app.stats import definitions
from app.stats.dimensions import DIMENSIONS
from app.stats.predicates import DefinitionError
from app.stats.service import StatsService, cross_definition, cross_dimensions
from tests.stats import oracle as o
from tests.stats.conftest import StatsVault


def shipped_json(name: str) -> dict[str, Any]:
    text = resources.files("resources").joinpath("reports", f"{name}.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def as_bytes(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def test_the_shipped_definitions_are_valid_and_name_their_basis() -> None:
    found = {d.name: d for d in definitions.shipped()}
    assert set(found) == {"9a-btctw", "bm02-bnv", "3-btctw", "completeness", "structure"}
    for d in found.values():
        assert d.title
        assert d.legal_basis
        assert date.fromisoformat(d.effective)
        assert d.version
    assert found["9a-btctw"].form == "Biểu số 9A-BTCTW"
    assert "11/2012/TT-BNV" in found["bm02-bnv"].legal_basis


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["rows"].append(
                {"key": "x", "label": "x", "where": {"dim": "discipline", "in": ["x"]}}
            ),
            "unknown dimension 'discipline'",
        ),
        (
            lambda d: d["rows"].append(
                {"key": "x", "label": "x", "where": {"dim": "health.status", "present": True}}
            ),
            "unknown dimension 'health.status'",
        ),
        (
            lambda d: d["rows"].append(
                {"key": "x", "label": "x", "where": {"dim": "missing", "has": "family.full_name"}}
            ),
            "'has' must name a required field",
        ),
        (
            lambda d: d["rows"].append({"key": "x", "label": "x", "where": {"dim": "age", "in": ["40"]}}),
            "dimension 'age' takes max, min, present",
        ),
        (
            lambda d: d["rows"].append({"key": "x", "label": "x", "where": {"dim": "sex", "in": "nu"}}),
            "'in' must be a list of codes",
        ),
        (lambda d: d["rows"].append({"key": "total", "label": "again"}), "keys must be unique"),
        (lambda d: d["rows"].append({"key": "x", "label": "x", "bands": "nope"}), "no band set named 'nope'"),
        (
            lambda d: d["rows"].append({"key": "x", "label": "x", "each": "age"}),
            "is not a dimension with codes",
        ),
        (lambda d: d["rows"].append({"key": "x", "label": "x", "colour": "red"}), "unknown keys colour"),
        (lambda d: d.update(effective="01/01/2026"), "effective: a date YYYY-MM-DD"),
        (lambda d: d.update(format="other"), "'format' must be 'hoso.report'"),
        (lambda d: d.update(name="../etc"), "letters, digits"),
        (
            lambda d: d["band_sets"]["leaders"]["bands"].append({"label": "x", "min": "fifty"}),
            "'min' must be a number",
        ),
        (lambda d: d["charts"].append({"kind": "radar", "title": "x"}), "kind: one of bar, pie, pyramid"),
        (lambda d: d.update(columns=[]), "columns: a non-empty list"),
    ],
)
def test_a_faulty_definition_is_refused_with_where_and_why(change: Any, message: str) -> None:
    data = shipped_json("9a-btctw")
    change(data)
    with pytest.raises(DefinitionError, match=message.replace("(", r"\(").replace(")", r"\)")):
        definitions.parse(as_bytes(data))


def test_not_json_or_too_large_is_refused() -> None:
    with pytest.raises(DefinitionError, match="not UTF-8 JSON"):
        definitions.parse(b"\xff{")
    with pytest.raises(DefinitionError, match="larger than"):
        definitions.parse(b" " * (definitions.MAX_BYTES + 1))


def test_no_dimension_holds_a_restricted_field() -> None:
    from app.dossier.stat_facts import COLUMN_PATHS

    assert not [p for p in COLUMN_PATHS.values() if fields.is_restricted(p)]
    # and the stats table has no column but those (plus the missing-field list and two dates)
    assert set(DIMENSIONS) - {"missing"} <= set(dims_from_columns())


def dims_from_columns() -> list[str]:
    """Every dimension is derived from the stats table's class N columns (app/stats/population)."""
    from app.stats import population

    derived = {"age", "minority", "religious", "party", "post_level", "grade", "it", "english"}
    derived |= {"other_language", "retirement", "stale", "ethnic_language", "party_join_date"}
    return [*population._AS_STORED, *derived]


def test_installing_a_new_report_needs_no_code_and_is_audited(stats_vault: StatsVault) -> None:
    vault = stats_vault.vault
    stats = StatsService(vault)
    women_leaders = {
        "format": "hoso.report",
        "name": "nu-lanh-dao",
        "version": "1",
        "effective": "2025-01-01",
        "title": "Nữ cán bộ lãnh đạo theo dân tộc",
        "population": {"dim": "sex", "in": ["nu"]},
        "columns": [{"key": "total", "label": "Tổng số"}, {"key": "age", "label": "Tuổi", "bands": "b"}],
        "band_sets": {
            "b": {"dim": "age", "bands": [{"label": "≤ 45", "max": 45}, {"label": "> 45", "min": 46}]}
        },
        "rows": [
            {"key": "total", "label": "Tổng số"},
            {"key": "eth", "label": "Dân tộc", "each": "ethnicity"},
        ],
    }
    added = stats.install(as_bytes(women_leaders))
    assert added.origin == "installed"
    assert "nu-lanh-dao" in {d.name for d in stats.catalogue()}
    entry = vault.audit.repo.page(AuditFilter(action="stats.definition_install"), 0, 1)[0]
    assert entry.target == "nu-lanh-dao"
    assert json.loads(entry.details)["sha256"] == added.sha256
    table = stats.run("nu-lanh-dao").table
    women = [d for d in stats_vault.docs if o.val(d, "identity.sex") == "nu"]
    assert table.cell("total", "total") == len(women)
    assert table.cell("eth.tay", "age.1") == o.count(
        women, o.is_("identity.ethnicity", "tay"), o.age_in(46, None, date(2026, 1, 1))
    )
    assert stats.install(as_bytes(women_leaders)).sha256 == added.sha256  # the same text again: a no-op
    changed = copy.deepcopy(women_leaders)
    changed["title"] = "Khác"
    with pytest.raises(InvalidInput) as info:
        stats.install(as_bytes(changed))
    assert info.value.key == "stats.version_exists"
    with pytest.raises(InvalidInput) as bad:
        stats.install(b'{"format": "hoso.report"}')
    assert bad.value.key == "stats.bad_definition"


def test_a_version_applies_from_its_effective_date(stats_vault: StatsVault) -> None:
    stats = StatsService(stats_vault.vault)
    newer = shipped_json("9a-btctw")
    newer.update(version="2027.1", effective="2027-01-01", title="Biểu 9A sửa đổi năm 2027")
    stats.install(as_bytes(newer))
    assert stats.resolve("9a-btctw", date(2026, 6, 1)).version == "2026.1"
    assert stats.resolve("9a-btctw", date(2027, 1, 1)).version == "2027.1"
    with pytest.raises(NotFound):
        stats.resolve("no-such-report", date(2026, 6, 1))
    with pytest.raises(InvalidInput):
        stats.install(as_bytes({**newer, "name": "cross"}))


def test_cross_tabulation_of_any_two_dimensions(stats_vault: StatsVault) -> None:
    stats = StatsService(stats_vault.vault)
    table = stats.run(cross_definition("highest_degree", "sex")).table
    docs = stats_vault.docs
    for degree in ("dai_hoc", "thac_si", "tien_si"):
        for sex in ("nam", "nu"):
            expected = o.count(
                docs, o.is_("qualifications.highest_degree", degree), o.is_("identity.sex", sex)
            )
            assert table.cell(f"highest_degree.{degree}", f"sex.{sex}") == expected
    ages = stats.run(cross_definition("age", "minority")).table
    assert ages.cell("age.7", "minority.thieu_so") == o.count(
        docs, o.minority, o.age_in(61, None, date(2026, 1, 1))
    )
    assert "missing" not in cross_dimensions()
    with pytest.raises(UsageError):
        cross_definition("personal_id", "sex")
