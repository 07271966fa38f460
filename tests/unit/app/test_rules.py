"""Semantic dossier rules: each rule has a failing and a passing case, partial dates are compared
as periods (a rule fires only when it surely fails), the derived-vs-declared levels, the CCCD
structure, exact Vietnamese messages, and no message ever quoting a restricted value."""

from __future__ import annotations

import copy
import re
from datetime import date
from typing import Any

import pytest

from app import i18n
from app.dossier import rules
from app.dossier.structure import Problem
from app.dossier.validate import validate

TODAY = date(2026, 1, 1)
PID = "001075012345"  # Hà Nội (001), male born in the 1900s (0), born '75


def full_doc() -> dict[str, Any]:
    """A dossier that breaks no rule."""
    return {
        "identity": {
            "personal_id": PID,
            "full_name": "Nguyễn Văn An",
            "sex": "nam",
            "birth_date": "1975-03-02",
            "ethnicity": "kinh",
            "religion": "khong",
        },
        "career": {
            "recruitment_date": "1997-08-01",
            "party_join_date": "1999-05-19",
            "party_official_date": "2000-05-19",
            "army_enlist_date": "1993-09",
            "army_discharge_date": "1995-09",
        },
        "position": {
            "management_tier": "btv_tinh",
            "current_post": "Phó Giám đốc Sở Nội vụ",
            "appointed_on": "2020-03-01",
            "reappointed_on": "2025-03-01",
            "status": "dang_cong_tac",
        },
        "qualifications": {"highest_degree": "thac_si", "political_theory": "cao_cap"},
        "training": [
            {"kind": "chuyen_mon", "from": "1993-09", "to": "1997-06", "credential": "Cử nhân"},
            {"kind": "chuyen_mon", "from": "2005-09", "to": "2007-06", "credential": "Thạc sĩ"},
            {"kind": "ly_luan_chinh_tri", "from": "2010", "to": "2011", "credential": "Cao cấp"},
        ],
        "work_history": [{"from": "1997-08", "unit": "Sở Nội vụ", "title": "Chuyên viên"}],
        "family": [
            {"side": "ban_than", "relation": "bố", "birth_year": 1948},
            {"side": "ban_than", "relation": "con", "birth_year": 2002},
        ],
        "yearly_ratings": [{"year": y} for y in range(2010, 2026)],
    }


def found(doc: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(p.path, p.key, p.severity) for p in rules.check(doc, today=TODAY)}


def only(doc: dict[str, Any], key: str) -> list[Problem]:
    return [p for p in rules.check(doc, today=TODAY) if p.key == key]


def with_(path: str, value: Any) -> dict[str, Any]:
    doc = full_doc()
    head, _, rest = path.partition(".")
    doc.setdefault(head, {})[rest] = value
    return doc


def test_the_full_dossier_breaks_no_rule_and_passes_validation() -> None:
    assert rules.check(full_doc(), today=TODAY) == []
    result = validate(full_doc(), today=TODAY)
    assert result.ok
    assert result.warnings == []


# -- dates in the future, before birth --------------------------------------------------------


def test_birth_date_in_the_future_is_an_error() -> None:
    assert ("identity.birth_date", "rules.birth_in_future", "error") in found(
        with_("identity.birth_date", "2026-02")
    )
    assert not only(with_("identity.birth_date", "2026"), "rules.birth_in_future")


@pytest.mark.parametrize("path", rules.CAREER_DATES)
def test_career_and_position_dates_in_the_future_are_errors(path: str) -> None:
    assert (path, "rules.date.future", "error") in found(with_(path, "2027-01-01"))
    assert (path, "rules.date.future", "error") in found(with_(path, "2026-01-02"))
    assert not only(with_(path, "2026"), "rules.date.future")  # this year may be today
    assert not only(with_(path, "2026-01-01"), "rules.date.future")


@pytest.mark.parametrize("path", rules.CAREER_DATES)
def test_career_and_position_dates_before_birth_are_errors(path: str) -> None:
    assert (path, "rules.date.before_birth", "error") in found(with_(path, "1975-03-01"))
    assert (path, "rules.date.before_birth", "error") in found(with_(path, "1974"))
    assert not only(with_(path, "1975"), "rules.date.before_birth")  # the year of birth itself
    assert not only(with_(path, "1975-03"), "rules.date.before_birth")


def test_date_messages_name_the_field_and_the_values() -> None:
    [future] = only(with_("career.recruitment_date", "2030-05-17"), "rules.date.future")
    assert future.message("vi") == (
        "Ngày được tuyển dụng lần đầu (17/05/2030) là một ngày trong tương lai (hôm nay là 01/01/2026)."
    )
    assert future.message("en") == "First recruited on (17/05/2030) is in the future (today is 01/01/2026)."
    [before] = only(with_("position.appointed_on", "1970"), "rules.date.before_birth")
    assert before.message("vi") == "Ngày bổ nhiệm / phê chuẩn (1970) trước ngày sinh (02/03/1975)."


# -- Party, recruitment, appointment, army -----------------------------------------------------


def test_official_party_date_before_joining_is_an_error() -> None:
    doc = with_("career.party_official_date", "1999-05-18")
    assert ("career.party_official_date", "rules.party.official_before_join", "error") in found(doc)
    [problem] = only(doc, "rules.party.official_before_join")
    assert problem.message("vi") == "Ngày chính thức vào Đảng (18/05/1999) trước ngày vào Đảng (19/05/1999)."


@pytest.mark.parametrize(
    ("joined", "official"),
    [("1999", "2000-05-19"), ("1999-05-19", "2000"), ("1999-05", "2000-05"), ("1999-05-19", "2000-06-01")],
)
def test_partial_or_near_party_dates_are_not_flagged(joined: str, official: str) -> None:
    doc = full_doc()
    doc["career"].update(party_join_date=joined, party_official_date=official)
    assert found(doc) == set()


@pytest.mark.parametrize("official", ["1999-05-19", "1999-11-19", "2002-05-19", "2001"])
def test_official_date_not_about_a_year_after_joining_is_a_warning(official: str) -> None:
    doc = with_("career.party_official_date", official)
    assert found(doc) == {("career.party_official_date", "rules.party.probation", "warning")}


def test_joining_the_party_under_18_is_a_warning() -> None:
    doc = full_doc()
    doc["career"].update(party_join_date="1993-03-01", party_official_date="1994-03-01")
    assert found(doc) == {("career.party_join_date", "rules.party.under_18", "warning")}
    doc["career"].update(party_join_date="1993-03-02", party_official_date="1994-03-02")
    assert found(doc) == set()
    doc["career"].update(party_join_date="1993", party_official_date="1994")  # may be after 2 March
    assert found(doc) == set()


def test_recruitment_before_15_is_an_error() -> None:
    doc = with_("career.recruitment_date", "1990-03-01")
    assert ("career.recruitment_date", "rules.recruitment.too_young", "error") in found(doc)
    [problem] = only(doc, "rules.recruitment.too_young")
    assert problem.message("vi") == (
        "Ngày được tuyển dụng lần đầu (01/03/1990) khi chưa đủ 15 tuổi (sinh 02/03/1975)."
    )
    assert not only(with_("career.recruitment_date", "1990-03-02"), "rules.recruitment.too_young")
    assert not only(with_("career.recruitment_date", "1990"), "rules.recruitment.too_young")
    # before birth is reported once, as before birth
    assert not only(with_("career.recruitment_date", "1970"), "rules.recruitment.too_young")


def test_appointment_before_recruitment_is_an_error() -> None:
    doc = with_("position.appointed_on", "1997-07")
    doc["position"]["reappointed_on"] = "2002"
    assert ("position.appointed_on", "rules.appointed_before_recruitment", "error") in found(doc)
    doc["position"]["appointed_on"] = "1997"  # may be after 1 August 1997
    assert found(doc) == set()


@pytest.mark.parametrize(("reappointed", "flagged"), [("2019", True), ("2020-03-01", True), ("2020", False)])
def test_reappointment_must_follow_appointment(reappointed: str, flagged: bool) -> None:
    doc = with_("position.reappointed_on", reappointed)
    assert (("position.reappointed_on", "rules.reappointed_not_after", "error") in found(doc)) is flagged
    assert found(doc) <= {("position.reappointed_on", "rules.reappointed_not_after", "error")}


@pytest.mark.parametrize(
    ("discharge", "flagged"), [("1993-02", True), ("1993-08-31", True), ("1993-09", False), ("1993", False)]
)
def test_army_discharge_must_follow_enlistment(discharge: str, flagged: bool) -> None:
    doc = with_("career.army_discharge_date", discharge)
    assert (
        ("career.army_discharge_date", "rules.army.discharge_not_after", "error") in found(doc)
    ) is flagged
    assert found(doc) <= {("career.army_discharge_date", "rules.army.discharge_not_after", "error")}


def test_discharge_on_the_day_of_enlistment_is_an_error() -> None:
    doc = full_doc()
    doc["career"].update(army_enlist_date="1993-09-05", army_discharge_date="1993-09-05")
    assert found(doc) == {("career.army_discharge_date", "rules.army.discharge_not_after", "error")}
    [problem] = rules.check(doc, today=TODAY)
    assert problem.message("vi") == "Ngày xuất ngũ (05/09/1993) không sau ngày nhập ngũ (05/09/1993)."


def test_status_other_than_in_service_needs_a_status_date() -> None:
    doc = with_("position.status", "nghi_huu")
    [problem] = only(doc, "rules.status_date_missing")
    assert (problem.path, problem.severity) == ("position.status_date", "warning")
    assert problem.message("vi") == "Tình trạng là “Nghỉ hưu” nhưng chưa ghi ngày chuyển tình trạng."
    assert (
        problem.message("en") == "The status is “Retired” but the date of the status change is not recorded."
    )
    doc["position"]["status_date"] = "2025-06"
    assert found(doc) == set()
    assert found(with_("position.status", "dang_cong_tac")) == set()


# -- table intervals ---------------------------------------------------------------------------

ROWS: dict[str, dict[str, Any]] = {
    "training": {"kind": "tin_hoc", "credential": "Chứng chỉ B"},
    "work_history": {"unit": "UBND tỉnh"},
    "self_history.old_regime": {"detail": "Chi tiết"},
    "self_history.foreign_orgs": {"detail": "Chi tiết"},
    "discipline": {"form": "Khiển trách"},
    "salary_history": {"coefficient": 3.0},
    "allowance_history": {"kind": "Phụ cấp khu vực"},
}


RESTRICTED_TABLES = {"self_history.old_regime", "self_history.foreign_orgs", "discipline"}


def interval_key(table: str, what: str) -> str:
    return f"rules.interval.{what}" + ("_restricted" if table in RESTRICTED_TABLES else "")


def with_row(table: str, **dates_: str) -> tuple[dict[str, Any], int]:
    doc = full_doc()
    head, _, rest = table.partition(".")
    target = doc.setdefault(head, {}).setdefault(rest, []) if rest else doc.setdefault(head, [])
    target.append({**ROWS[table], **dates_})
    return doc, len(target)


def test_every_dated_table_is_covered() -> None:
    assert set(ROWS) == set(rules.INTERVAL_TABLES)


@pytest.mark.parametrize("table", rules.INTERVAL_TABLES)
def test_reversed_interval_is_an_error(table: str) -> None:
    doc, n = with_row(table, **{"from": "2005-03", "to": "2003-11"})
    assert found(doc) == {(f"{table}[{n}].to", interval_key(table, "reversed"), "error")}
    assert validate(doc, today=TODAY).errors  # blocks saving


@pytest.mark.parametrize("table", rules.INTERVAL_TABLES)
@pytest.mark.parametrize(("start", "end"), [("1999-05-19", "1999"), ("1999", "1999-05-19"), ("2003", "2003")])
def test_overlapping_partial_interval_is_not_reversed(table: str, start: str, end: str) -> None:
    doc, _ = with_row(table, **{"from": start, "to": end})
    assert found(doc) == set()


@pytest.mark.parametrize("table", rules.INTERVAL_TABLES)
def test_row_in_the_future_is_a_warning(table: str) -> None:
    doc, n = with_row(table, **{"from": "2026-03"})
    assert found(doc) == {(f"{table}[{n}].from", interval_key(table, "future"), "warning")}
    doc, n = with_row(table, to="2027")  # no start: the end is the row's date
    assert found(doc) == {(f"{table}[{n}].to", interval_key(table, "future"), "warning")}
    doc, _ = with_row(table, **{"from": "2026", "to": "2027"})  # began this year: may be under way
    assert found(doc) == set()


def test_interval_messages_quote_normal_dates_but_not_restricted_ones() -> None:
    doc, n = with_row("training", **{"from": "2005-03", "to": "2003-11"})
    [problem] = rules.check(doc, today=TODAY)
    assert problem.message("vi") == (
        f"Quá trình đào tạo, bồi dưỡng, dòng {n}: ngày bắt đầu (03/2005) sau ngày kết thúc (11/2003)."
    )
    assert problem.message("en") == f"Training, row {n}: the start (03/2005) is after the end (11/2003)."
    doc, n = with_row("discipline", **{"from": "2011-11-11", "to": "2009-09-09"})
    [problem] = rules.check(doc, today=TODAY)
    assert problem.message("vi") == f"Kỷ luật, dòng {n}: ngày bắt đầu sau ngày kết thúc."
    assert problem.params == {"field": "discipline", "row": n}


# -- declared vs derived levels ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("credential", "major", "derived"),
    [
        ("Tiến sĩ khoa học", "", "tien_si_khoa_hoc"),
        ("TSKH", "", "tien_si_khoa_hoc"),
        ("Tiến sỹ", "Kinh tế", "tien_si"),
        ("Phó tiến sĩ", "", "tien_si"),
        ("TS.", "", "tien_si"),
        ("ThS", "Quản lý công", "thac_si"),
        ("", "Cao học Luật", "thac_si"),
        ("Kỹ sư", "Xây dựng", "dai_hoc"),
        ("Bác sỹ đa khoa", "", "dai_hoc"),
        ("Bằng tốt nghiệp đại học", "", "dai_hoc"),
        ("CỬ NHÂN", "", "dai_hoc"),
        ("Cao đẳng sư phạm", "", "cao_dang"),
        ("Trung cấp kế toán", "", "trung_cap"),
        ("Sơ cấp", "", "so_cap"),
        ("Chứng chỉ bồi dưỡng", "Kỹ năng lãnh đạo", None),
    ],
)
def test_professional_level_is_derived_from_credential_or_major(
    credential: str, major: str, derived: str | None
) -> None:
    row = {"kind": "chuyen_mon", "credential": credential, "major": major}
    expected = None if derived is None else (derived, 1)
    assert rules.derive([row], "chuyen_mon", "degree", rules.DEGREE_PATTERNS, TODAY) == expected


def test_derivation_takes_the_highest_finished_row_of_the_right_kind() -> None:
    training = [
        {"kind": "chuyen_mon", "credential": "Cử nhân", "institution": "Đại học Y"},
        {"kind": "ly_luan_chinh_tri", "credential": "Tiến sĩ"},  # wrong kind
        {"kind": "chuyen_mon", "credential": "Thạc sĩ", "to": "2024"},
        {"kind": "chuyen_mon", "credential": "Tiến sĩ", "from": "2025", "to": "2028"},  # not finished
        {
            "kind": "chuyen_mon",
            "credential": "Chứng chỉ",
            "institution": "Đại học Huế",
        },  # institution ignored
    ]
    assert rules.derive(training, "chuyen_mon", "degree", rules.DEGREE_PATTERNS, TODAY) == ("thac_si", 3)


def test_declared_degree_disagreeing_with_training_is_a_warning_naming_both_levels() -> None:
    doc = with_("qualifications.highest_degree", "dai_hoc")
    [problem] = rules.check(doc, today=TODAY)
    assert (problem.path, problem.key, problem.severity) == (
        "qualifications.highest_degree",
        "rules.level.degree",
        "warning",
    )
    assert problem.message("vi") == (
        "Trình độ chuyên môn cao nhất khai là “Đại học” nhưng quá trình đào tạo (dòng 2) cho thấy “Thạc sĩ”."
    )
    assert "“Master”" in problem.message("en")
    assert problem.params == {"declared": "dai_hoc", "derived": "thac_si", "row": 2}
    assert found(with_("qualifications.highest_degree", "tien_si")) == {
        ("qualifications.highest_degree", "rules.level.degree", "warning")
    }


def test_no_level_warning_without_both_declared_and_derived() -> None:
    doc = full_doc()
    del doc["qualifications"]["highest_degree"]
    assert found(doc) == set()
    doc = full_doc()
    doc["training"] = [{"kind": "chuyen_mon", "credential": "Bồi dưỡng nghiệp vụ"}]
    doc["qualifications"].pop("political_theory")
    assert found(doc) == set()


@pytest.mark.parametrize(
    ("text", "derived"),
    [
        ("Cử nhân chính trị", "cu_nhan"),
        ("Cao cấp lý luận chính trị - hành chính", "cao_cap"),
        ("Trung cấp", "trung_cap"),
    ],
)
def test_political_theory_disagreeing_with_training_is_a_warning(text: str, derived: str) -> None:
    doc = with_("qualifications.political_theory", "so_cap")
    doc["training"][2]["credential"] = text
    [problem] = rules.check(doc, today=TODAY)
    assert (problem.path, problem.key, problem.severity) == (
        "qualifications.political_theory",
        "rules.level.theory",
        "warning",
    )
    assert problem.params["derived"] == derived
    assert problem.message("vi").startswith(
        "Lý luận chính trị khai là “Sơ cấp” nhưng quá trình đào tạo (dòng 3)"
    )


# -- yearly ratings ------------------------------------------------------------------------------


def test_duplicate_year_is_an_error_naming_both_rows() -> None:
    doc = full_doc()
    doc["yearly_ratings"].append({"year": 2012})
    n = len(doc["yearly_ratings"])
    assert found(doc) == {(f"yearly_ratings[{n}].year", "rules.yearly.duplicate", "error")}
    [problem] = rules.check(doc, today=TODAY)
    assert problem.message("vi") == f"Xếp loại theo năm, dòng {n}: năm 2012 đã có ở dòng 3."


def test_rating_before_recruitment_or_in_the_future_is_a_warning() -> None:
    doc = full_doc()
    doc["yearly_ratings"] = [{"year": 1996}, {"year": 1997}, {"year": 2026}, {"year": 2027}]
    assert found(doc) == {
        ("yearly_ratings[1].year", "rules.yearly.before_recruitment", "warning"),
        ("yearly_ratings[4].year", "rules.yearly.future", "warning"),
    }


# -- family ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("relation", "side", "year", "key"),
    [
        ("bố", "ban_than", 1964, "rules.family.parent_too_young"),
        ("Mẹ đẻ", "ban_than", 1970, "rules.family.parent_too_young"),
        ("CHA", "ban_than", 1975, "rules.family.parent_too_young"),
        ("Bố (đẻ)", "ban_than", 1970, "rules.family.parent_too_young"),
        ("con", "ban_than", 1986, "rules.family.child_too_old"),
        ("Con gái", "ban_than", 1970, "rules.family.child_too_old"),
        ("bố", "ban_than", 1963, None),  # 12 years older
        ("con", "ban_than", 1987, None),  # 12 years younger
        ("bố", "ben_vo_chong", 1970, None),  # the spouse's father
        ("anh ruột", "ban_than", 1970, None),
        ("vợ", "ban_than", 1990, None),
    ],
)
def test_family_birth_years_are_plausible(relation: str, side: str, year: int, key: str | None) -> None:
    doc = full_doc()
    doc["family"].append({"side": side, "relation": relation, "birth_year": year})
    expected = set() if key is None else {("family[3].birth_year", key, "warning")}
    assert found(doc) == expected


# -- CCCD structure -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pid", "sex", "birth", "keys"),
    [
        ("001075012345", "nam", "1975-03-02", set()),
        ("096175999999", "nu", "1975", set()),
        ("079301000001", "nu", "2001-12-31", set()),
        ("079201000001", "nam", "2001", set()),
        ("003075012345", "nam", "1975", {"rules.pid.province"}),  # no province has code 003
        ("097075012345", "nam", "1975", {"rules.pid.province"}),
        ("000075012345", "nam", "1975", {"rules.pid.province"}),
        ("001275012345", "nam", "1975", {"rules.pid.century"}),
        ("001175012345", "nam", "1975", {"rules.pid.sex"}),
        ("001201012345", "nu", "2001", {"rules.pid.sex"}),
        ("001001012345", "nu", "2001", {"rules.pid.century"}),
        ("001076012345", "nam", "1975", {"rules.pid.year"}),
        ("999976012345", "nam", "1975", {"rules.pid.province", "rules.pid.century", "rules.pid.year"}),
    ],
)
def test_personal_id_structure(pid: str, sex: str, birth: str, keys: set[str]) -> None:
    doc = full_doc()
    doc["identity"].update(personal_id=pid, sex=sex, birth_date=birth)
    doc["family"] = []
    problems = [p for p in rules.check(doc, today=TODAY) if p.path == "identity.personal_id"]
    assert {p.key for p in problems} == keys
    assert all(p.severity == "warning" for p in problems)
    for p in problems:
        for lang in ("vi", "en"):
            assert pid not in p.message(lang)
            assert pid[:6] not in p.message(lang)


def test_personal_id_messages() -> None:
    doc = full_doc()
    doc["identity"]["personal_id"] = "001175012345"
    [problem] = rules.check(doc, today=TODAY)
    assert problem.message("vi") == "Chữ số thứ 4 của số định danh cá nhân không khớp với giới tính (Nam)."
    assert (
        problem.message("en")
        == "The 4th digit of the personal identification number does not match the sex (Male)."
    )


# -- restricted values never leak; every key has both languages -------------------------------------

CANARY_PID = "096275999999"
CANARY_NAME = "Trịnh Thị Hoàng Yến Canary"


def problem_heavy_doc() -> dict[str, Any]:
    doc = full_doc()
    doc["identity"].update(personal_id=CANARY_PID, phone="0987654321")
    doc["family"] = [
        {
            "side": "ban_than",
            "relation": "mẹ",
            "full_name": CANARY_NAME,
            "birth_year": 1971,
            "details": "Canary",
        },
        {"side": "ban_than", "relation": "con", "full_name": CANARY_NAME, "birth_year": 1977},
    ]
    doc["discipline"] = [{"from": "2031-11-11", "to": "2029-09-09", "form": "Canary", "violation": "Canary"}]
    doc["self_history"] = {
        "old_regime": [{"from": "1968-07-07", "to": "1966-06-06", "detail": "Canary"}],
        "foreign_orgs": [{"from": "2033-03-03", "detail": "Canary"}],
    }
    doc["career"]["party_official_date"] = "1999-01-01"
    doc["position"]["status"] = "tu_tran"
    doc["training"].append({"kind": "chuyen_mon", "from": "2009", "to": "2001", "credential": "Tiến sĩ"})
    doc["yearly_ratings"].append({"year": 2010})
    return doc


def test_no_message_quotes_a_restricted_value() -> None:
    problems = rules.check(problem_heavy_doc(), today=TODAY)
    keys = {p.key for p in problems}
    assert {
        "rules.pid.century",
        "rules.family.parent_too_young",
        "rules.family.child_too_old",
        "rules.interval.reversed_restricted",
        "rules.interval.future_restricted",
    } <= keys
    secret = re.compile(
        r"Canary|96275|999999|1971|1977|2031|2029|1968|1966|2033|11/11|09/09|07/07|06/06|03/03"
    )
    for p in problems:
        for lang in ("vi", "en"):
            assert not secret.search(p.message(lang)), p.message(lang)
        assert not secret.search(repr(p.params)), p.params


def test_every_message_key_exists_in_both_languages_and_is_filled() -> None:
    problems = rules.check(problem_heavy_doc(), today=TODAY)
    assert len({p.key for p in problems}) >= 10
    for p in problems:
        for lang in i18n.LANGUAGES:
            assert p.key in i18n.catalog(lang), p.key
            text = p.message(lang)
            assert "{" not in text, text
            assert "}" not in text, text
            assert re.search(r"\[\d+\]", p.path) or p.path.count(".") == 1, p.path


def test_problems_are_structure_problems_and_paths_name_rows_from_1() -> None:
    problems = rules.check(problem_heavy_doc(), today=TODAY)
    assert all(isinstance(p, Problem) for p in problems)
    paths = {p.path for p in problems}
    assert {"discipline[1].to", "self_history.old_regime[1].to", "self_history.foreign_orgs[1].from"} <= paths
    assert {"family[1].birth_year", "family[2].birth_year", "training[4].to"} <= paths


def test_masked_or_malformed_values_are_skipped_not_raised_on() -> None:
    doc = full_doc()
    doc["identity"]["personal_id"] = "••••••"
    doc["family"] = "••••••"
    doc["self_history"] = "••••••"
    doc["discipline"] = "••••••"
    doc["training"].append("not a row")
    assert rules.check(copy.deepcopy(doc), today=TODAY) == []
    assert rules.check({}, today=TODAY) == []


def test_today_defaults_to_the_real_date() -> None:
    doc = with_("career.recruitment_date", f"{date.today().year + 1}")
    assert ("career.recruitment_date", "rules.date.future", "error") in {
        (p.path, p.key, p.severity) for p in rules.check(doc)
    }


def test_a_doctorate_in_a_science_major_is_not_read_as_doctor_of_science() -> None:
    """The credential decides the level; the words of the major do not add to it."""
    from datetime import date as _date

    from app.dossier.rules import DEGREE_PATTERNS, derive

    rows = [{"kind": "chuyen_mon", "from": "2005", "to": "2009", "credential": "Tiến sĩ",
             "major": "Khoa học cây trồng"}]  # fmt: skip
    assert derive(rows, "chuyen_mon", "degree", DEGREE_PATTERNS, _date(2026, 1, 1)) == ("tien_si", 1)
    rows[0]["credential"] = ""
    rows[0]["major"] = "Thạc sĩ quản lý công"
    assert derive(rows, "chuyen_mon", "degree", DEGREE_PATTERNS, _date(2026, 1, 1)) == ("thac_si", 1)
