"""validate(): structure first, rules only on a structurally sound document, problems split by
severity, the normalised document returned, the field policy applied."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.dossier.fields import Policy
from app.dossier.validate import Validation, validate

TODAY = date(2026, 1, 1)


def doc(**career: Any) -> dict[str, Any]:
    return {
        "identity": {
            "personal_id": " 001075012345 ",
            "full_name": "  Nguyễn Văn An ",
            "sex": "nam",
            "birth_date": "1975-03-02",
            "other_names": "",
        },
        "career": {"party_join_date": "1999-05-19", "party_official_date": "2000-05-19", **career},
    }


def keys(problems: list[Any]) -> list[tuple[str, str]]:
    return [(p.path, p.key) for p in problems]


def test_a_sound_document_is_ok_and_normalised() -> None:
    result = validate(doc(), today=TODAY)
    assert isinstance(result, Validation)
    assert result.ok
    assert (result.errors, result.warnings, result.problems) == ([], [], [])
    assert result.document["identity"]["full_name"] == "Nguyễn Văn An"
    assert result.document["identity"]["personal_id"] == "001075012345"
    assert "other_names" not in result.document["identity"]


def test_structural_errors_stop_before_the_rules() -> None:
    bad = doc(party_official_date="1990", recruitment_date="19xx")
    result = validate(bad, today=TODAY)
    assert not result.ok
    assert keys(result.errors) == [("career.recruitment_date", "dossier.bad.date")]
    assert result.warnings == []


def test_a_missing_required_field_is_structural() -> None:
    bad = doc(party_official_date="1990")
    del bad["identity"]["sex"]
    result = validate(bad, today=TODAY)
    assert keys(result.errors) == [("identity.sex", "dossier.bad.required")]


def test_rule_errors_block_and_warnings_do_not() -> None:
    result = validate(doc(party_official_date="1999-01-01"), today=TODAY)
    assert not result.ok
    assert keys(result.errors) == [("career.party_official_date", "rules.party.official_before_join")]
    assert all(p.severity == "error" for p in result.errors)

    result = validate(doc(party_official_date="2003-05-19"), today=TODAY)
    assert result.ok
    assert result.errors == []
    assert keys(result.warnings) == [("career.party_official_date", "rules.party.probation")]
    assert all(p.severity == "warning" for p in result.warnings)


def test_errors_and_warnings_together() -> None:
    bad = doc(party_official_date="2003-05-19", army_enlist_date="1995", army_discharge_date="1994")
    bad["position"] = {"status": "nghi_huu"}
    result = validate(bad, today=TODAY)
    assert keys(result.errors) == [("career.army_discharge_date", "rules.army.discharge_not_after")]
    assert keys(result.warnings) == [
        ("career.party_official_date", "rules.party.probation"),
        ("position.status_date", "rules.status_date_missing"),
    ]
    assert result.problems == [*result.errors, *result.warnings]


def test_rules_run_on_the_normalised_document() -> None:
    result = validate(doc(party_join_date=" 1999-05-19 ", party_official_date=" 1999-01-01"), today=TODAY)
    assert keys(result.errors) == [("career.party_official_date", "rules.party.official_before_join")]


def test_field_policy_is_passed_to_the_structure() -> None:
    result = validate(doc(), Policy(frozenset({"career.party_join_date"})), today=TODAY)
    assert keys(result.errors) == [("career.party_join_date", "dossier.bad.not_kept")]


def test_today_defaults_to_the_real_date() -> None:
    result = validate(doc(recruitment_date=str(date.today().year + 2)))
    assert keys(result.errors) == [("career.recruitment_date", "rules.date.future")]


def test_not_a_document_at_all() -> None:
    result = validate(["not", "a", "dossier"], today=TODAY)
    assert not result.ok
    assert result.document == {}
