"""Completeness ("đúng, đủ, sạch, sống"): the score and its parts, required fields (restricted ones
by existence only), the field policy, yearly ratings per year of service, staleness, and the
neediest dossiers of a real vault found without decrypting anything."""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

import pytest

from app import i18n
from app.clock import ManualClock
from app.dossier import completeness, document, sealing
from app.dossier.completeness import REQUIRED, Completeness, assess, neediest, service_years
from app.dossier.fields import Policy
from app.dossier.service import DossierService
from app.dossier.validate import validate
from app.vault.session import Vault

TODAY = date(2026, 1, 1)
FRESH = "2025-11-20T08:00:00.000Z"
CANARY = "Lê Thị Canary Completeness"


def full_doc(pid: str = "001075012345") -> dict[str, Any]:
    """A dossier with every required field, every yearly rating, and no rule broken."""
    return {
        "identity": {
            "personal_id": pid,
            "full_name": "Nguyễn Văn An",
            "sex": "nam",
            "birth_date": "1975-03-02",
            "birth_place": {"commune": "Phú Xuyên", "province": "Thái Nguyên"},
            "home_town": {"district": "Đại Từ", "province": "Thái Nguyên"},
            "ethnicity": "kinh",
            "religion": "khong",
            "current_address": "Phường Phan Đình Phùng, Thái Nguyên",
        },
        "career": {"recruitment_date": "1997-08-01", "recruiting_agency": "Sở Nội vụ"},
        "position": {
            "employing_unit": "Sở Nội vụ tỉnh Thái Nguyên",
            "current_post": "Phó Giám đốc",
            "management_tier": "btv_tinh",
            "status": "dang_cong_tac",
        },
        "qualifications": {
            "general_education": "12/12",
            "highest_degree": "dai_hoc",
            "political_theory": "cao_cap",
        },
        "salary": {"grade_title": "Chuyên viên chính", "coefficient": 4.4},
        "health": {"status": "Tốt"},
        "training": [
            {"kind": "chuyen_mon", "from": "1993-09", "to": "1997-06", "credential": "Cử nhân"},
            {"kind": "ly_luan_chinh_tri", "from": "2010", "to": "2011", "credential": "Cao cấp"},
        ],
        "work_history": [{"from": "1997-08", "unit": "Sở Nội vụ", "title": "Chuyên viên"}],
        "family": [{"side": "ban_than", "relation": "bố", "full_name": CANARY, "birth_year": 1948}],
        "yearly_ratings": [{"year": y, "professional_rating": "Hoàn thành tốt"} for y in range(2010, 2026)],
    }


def check(doc: dict[str, Any], **kw: Any) -> Completeness:
    return assess(doc, updated_at=kw.pop("updated_at", FRESH), today=kw.pop("today", TODAY), **kw)


def test_a_full_fresh_clean_dossier_scores_100() -> None:
    assert validate(full_doc(), today=TODAY).warnings == []
    result = check(full_doc())
    assert (result.score, result.missing, result.stale, result.yearly_missing, result.problems) == (
        100,
        [],
        False,
        [],
        [],
    )
    assert result.complete
    assert result.updated_at == FRESH


def test_missing_required_fields_are_listed_in_form_order_with_their_message_keys() -> None:
    doc = full_doc()
    del doc["identity"]["religion"], doc["training"], doc["family"]
    result = check(doc)
    assert result.missing == [
        ("identity.religion", "completeness.missing.identity.religion"),
        ("training", "completeness.missing.training"),
        ("family", "completeness.missing.family"),
    ]
    assert result.score == math.floor(100 - 50 * 3 / len(REQUIRED))
    assert not result.complete


def test_an_empty_place_or_table_is_missing() -> None:
    doc = full_doc()
    doc["identity"]["birth_place"] = {"commune": "", "province": ""}
    doc["work_history"] = []
    assert [p for p, _ in check(doc).missing] == ["identity.birth_place", "work_history"]


@pytest.mark.parametrize("path", REQUIRED)
def test_every_missing_message_exists_in_both_languages(path: str) -> None:
    key = completeness.missing_key(path)
    for lang in i18n.LANGUAGES:
        assert key in i18n.catalog(lang)
    assert i18n.t(key, lang="vi").startswith("Chưa có ")


def test_missing_messages_in_vietnamese() -> None:
    assert i18n.t("completeness.missing.family", lang="vi") == "Chưa có quan hệ gia đình."
    assert i18n.t("completeness.missing.salary.coefficient", lang="vi") == "Chưa có hệ số lương."
    assert i18n.t("completeness.missing.identity.personal_id", lang="en") == (
        "The personal identification number (CCCD) is missing."
    )


def test_fields_not_kept_in_software_are_not_asked_for() -> None:
    doc = full_doc()
    del doc["identity"]["religion"], doc["health"], doc["yearly_ratings"]
    policy = document_policy("identity.religion", "health", "yearly_ratings")
    result = check(doc, policy=policy)
    assert (result.score, result.missing, result.yearly_missing) == (100, [], [])


def document_policy(*paths: str) -> Policy:
    return Policy(frozenset(paths))


def test_restricted_fields_count_by_the_listed_paths_only() -> None:
    normal, restricted = document.split(full_doc())
    assert "family" not in normal
    result = check(normal, restricted_paths=set(restricted))
    assert (result.score, result.missing) == (100, [])
    result = check(full_doc(), restricted_paths=set())
    assert [p for p, _ in result.missing] == [
        "identity.personal_id",
        "identity.current_address",
        "health.status",
        "family",
    ]


def test_a_masked_dossier_counts_restricted_fields_as_present() -> None:
    result = check(document.masked(full_doc()))
    assert (result.score, result.missing, result.problems) == (100, [], [])


@pytest.mark.parametrize(
    ("updated_at", "stale"),
    [
        ("2025-01-01T00:00:00.000Z", False),
        ("2024-12-31T23:59:59.999Z", True),
        ("2025-12-31T10:00:00.000Z", False),
        ("not a time", True),
    ],
)
def test_a_dossier_not_updated_for_12_months_is_stale(updated_at: str, stale: bool) -> None:
    result = check(full_doc(), updated_at=updated_at)
    assert result.stale is stale
    assert result.score == (85 if stale else 100)


@pytest.mark.parametrize(
    ("career", "position", "years"),
    [
        ({"recruitment_date": "1997-08-01"}, {}, list(range(2010, 2026))),
        ({"recruitment_date": "2015-06"}, {}, list(range(2015, 2026))),
        ({"recruitment_date": "2015-07-01"}, {}, list(range(2015, 2026))),
        ({"recruitment_date": "2015-07-02"}, {}, list(range(2016, 2026))),
        ({"recruitment_date": "2015"}, {}, list(range(2016, 2026))),  # may have been late in 2015
        ({"recruitment_date": "2025-03"}, {}, [2025]),
        ({"recruitment_date": "2025-09"}, {}, []),
        ({}, {}, []),
        (
            {"recruitment_date": "2000"},
            {"status": "nghi_huu", "status_date": "2020-03"},
            list(range(2010, 2020)),
        ),
        (
            {"recruitment_date": "2000"},
            {"status": "nghi_huu", "status_date": "2020-09"},
            list(range(2010, 2021)),
        ),
        ({"recruitment_date": "2000"}, {"status": "nghi_huu", "status_date": "2009"}, []),
        (
            {"recruitment_date": "2000"},
            {"status": "dang_cong_tac", "status_date": "2020"},
            list(range(2010, 2026)),
        ),
    ],
)
def test_years_of_service_needing_a_yearly_rating(
    career: dict[str, str], position: dict[str, str], years: list[int]
) -> None:
    assert service_years({"career": career, "position": position}, TODAY) == years


def test_years_without_a_rating_are_listed_and_cost_points() -> None:
    doc = full_doc()
    doc["yearly_ratings"] = [r for r in doc["yearly_ratings"] if r["year"] not in (2013, 2024)]
    result = check(doc)
    assert result.yearly_missing == [2013, 2024]
    assert result.score == math.floor(100 - 20 * 2 / 16)
    doc["yearly_ratings"] = []
    assert check(doc).yearly_missing == list(range(2010, 2026))
    assert check(doc).score == 80


def test_rule_problems_make_a_dossier_unclean() -> None:
    doc = full_doc()
    doc["position"]["status"] = "nghi_huu"  # warning: no status date (and fewer years due)
    doc["position"]["status_date"] = None
    result = check(doc)
    assert [p.key for p in result.problems] == ["rules.status_date_missing"]
    assert result.score == 97
    doc["career"]["party_join_date"], doc["career"]["party_official_date"] = "2001", "1999"  # error
    result = check(doc)
    assert {p.severity for p in result.problems} == {"warning", "error"}
    assert result.score == 92
    doc["career"]["recruitment_date"] = "2030"  # many more problems: the clean part floors at 0
    result = check(doc)
    assert len(result.problems) > 5
    assert result.score == 50 + 20 + 0 + 15  # and no year of service is due any more


def test_the_score_is_bounded() -> None:
    result = check({}, updated_at="2000-01-01T00:00:00.000Z")
    assert result.score == 35  # nothing is due without a recruitment date (20), no rule broken (15)
    assert len(result.missing) == len(REQUIRED)


# -- neediest on a real vault ------------------------------------------------------------------


def save(service: DossierService, doc: dict[str, Any]) -> int:
    result = validate(doc, today=TODAY)
    assert result.ok, [p.message("en") for p in result.errors]
    return service.save(result.document).id


def test_neediest_ranks_the_vault_without_decrypting(opened: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    service = DossierService(opened)
    full = save(service, full_doc("001075000001"))
    thin_doc = full_doc("001075000002")
    del thin_doc["family"], thin_doc["training"], thin_doc["salary"], thin_doc["yearly_ratings"]
    thin = save(service, thin_doc)
    some_doc = full_doc("001075000003")
    del some_doc["health"]
    some = save(service, some_doc)
    audit_before = len(list(opened.audit.repo.all()))

    def refuse(*_: Any, **__: Any) -> Any:
        raise AssertionError("neediest must not decrypt")

    monkeypatch.setattr(sealing, "open_value", refuse)
    ranked = neediest(service, limit=50, today=TODAY)
    assert [i for i, _ in ranked] == [thin, some, full]
    by_id = dict(ranked)
    assert by_id[full].score == 100  # personal id, address, health, family found in dossier_secrets
    assert [p for p, _ in by_id[some].missing] == ["health.status"]
    assert [p for p, _ in by_id[thin].missing] == [
        "salary.grade_title",
        "salary.coefficient",
        "training",
        "family",
    ]
    assert by_id[thin].yearly_missing == list(range(2010, 2026))
    assert neediest(service, limit=2, today=TODAY) == ranked[:2]
    assert neediest(service, limit=0, today=TODAY) == []
    assert len(list(opened.audit.repo.all())) == audit_before  # a listing, not a view of any dossier
    for _, result in ranked:
        for p in result.problems:
            assert CANARY not in p.message("vi")


def test_neediest_uses_the_vault_clock_and_the_field_policy(opened: Vault, clock: ManualClock) -> None:
    service = DossierService(opened)
    doc = full_doc()
    del doc["identity"]["religion"]
    dossier = save(service, doc)
    [(found, result)] = neediest(service, today=TODAY)
    assert (found, [p for p, _ in result.missing], result.stale) == (dossier, ["identity.religion"], False)
    service.set_policy(["identity.religion"])
    clock.advance(timedelta(days=400).total_seconds())
    [(_, later)] = neediest(service)
    assert later.missing == []
    assert later.stale
    assert later.yearly_missing == [2026]  # a year later, 2026's rating is due too


def test_neediest_on_an_empty_vault(opened: Vault) -> None:
    assert neediest(DossierService(opened), today=TODAY) == []


def test_ties_rank_by_id(opened: Vault) -> None:
    service = DossierService(opened)
    ids = [save(service, full_doc(f"00107500001{n}")) for n in range(3)]
    assert [i for i, _ in neediest(service, today=TODAY)] == ids
