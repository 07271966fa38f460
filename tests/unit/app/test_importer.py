"""The import pipeline and the export, in process: all or nothing, every problem naming its
record and field, updates by personal id with history and basis, CSV merges, the field policy,
masked and revealed exports, and the round trip of a fully populated dossier."""

from __future__ import annotations

import copy
import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from app.dossier import document, exporter, fields, importer
from app.dossier.service import DossierService
from app.dossier.validate import validate
from app.errors import InvalidInput, NotFound
from app.vault.session import Vault
from tests.conftest import fingerprint

if TYPE_CHECKING:
    from conftest import VaultHandle

SECRET_FATHER = "Nguyễn Văn Bình Canary"


def full_dossier(n: int = 0) -> dict[str, Any]:
    """A dossier with every section, field and table filled (valid, no rule warnings)."""
    return {
        "identity": {
            "personal_id": f"001080{n:06d}",
            "staff_code": f"CB-{n:05d}",
            "full_name": f"Nguyễn Văn Án {n}",
            "other_names": "Ba Án",
            "sex": "nam",
            "birth_date": "1980-03-02",
            "birth_place": {"commune": "Phú Xuyên", "district": "Đại Từ", "province": "Thái Nguyên"},
            "home_town": {"commune": "Hà Châu", "district": "Phú Bình", "province": "Thái Nguyên"},
            "ethnicity": "kinh",
            "religion": "khong",
            "id_issue_date": "2021-04-10",
            "id_issue_place": "Cục Cảnh sát QLHC về TTXH",
            "phone": "0912 345 678",
            "social_insurance_no": "1901234567",
            "health_insurance_no": "DN4010123456789",
            "permanent_address": "Tổ 5, phường Quang Trung, TP Thái Nguyên",
            "current_address": "Tổ 7, phường Hoàng Văn Thụ, TP Thái Nguyên",
            "family_background": "Nông dân",
            "occupation_before_recruitment": "Học sinh",
        },
        "career": {
            "recruitment_date": "2003-08",
            "recruiting_agency": "Sở Nội vụ tỉnh Thái Nguyên",
            "current_agency_date": "2010-01-15",
            "revolution_date": "2003-08",
            "party_join_date": "2005-05-19",
            "party_official_date": "2006-05-19",
            "mass_org_date": "1995-03-26",
            "mass_org_name": "Đoàn TNCS Hồ Chí Minh",
            "army_enlist_date": "1998-02",
            "army_discharge_date": "2000-02",
            "army_highest_rank": "Thượng sĩ",
            "policy_group": "Con thương binh",
        },
        "position": {
            "managing_body": "Ban Thường vụ Tỉnh ủy",
            "employing_unit": "Sở Nội vụ tỉnh Thái Nguyên",
            "management_tier": "btv_tinh",
            "committee": "bch",
            "committee_level": "Đảng bộ tỉnh",
            "committee_concurrent": "btv",
            "committee_concurrent_level": "Đảng ủy Sở",
            "current_post": "Phó Giám đốc Sở Nội vụ",
            "post_group": "btv_tinh",
            "appointed_on": "2018-06-01",
            "reappointed_on": "2023-06-01",
            "concurrent_posts": "Chủ tịch Công đoàn Sở",
            "party_post": "Phó Bí thư Đảng ủy Sở",
            "party_post_concurrent": "Bí thư Chi bộ",
            "planned_posts": [{"post": "Giám đốc Sở", "term": "2025-2030"}],
            "main_duties": "Phụ trách công tác tổ chức cán bộ;\nthi đua, khen thưởng",
            "strengths": "Tổ chức",
            "longest_job": "Tổ chức cán bộ",
            "status": "dang_cong_tac",
            "status_date": "2018-06-01",
        },
        "qualifications": {
            "general_education": "12/12",
            "highest_degree": "thac_si",
            "highest_degree_major": "Quản lý công",
            "academic_title": "pgs",
            "political_theory": "cao_cap",
            "state_management": "cvc",
            "foreign_languages": [{"language": "Tiếng Anh", "level": "B2"}],
            "it_level": "Ứng dụng CNTT cơ bản",
            "ethnic_language": "Tày",
            "state_honours": "Không",
        },
        "salary": {
            "grade_title": "Chuyên viên chính",
            "grade_code": "01.002",
            "grade_appointed_on": "2015-01",
            "step": 4,
            "coefficient": 5.42,
            "since": "2022-01",
            "percent": 100,
            "seniority_extra_pct": 5,
            "seniority_extra_since": "2023-01",
            "allowances": {"position": 0.6, "concurrent": 0.1, "other": 0.2},
            "job_position": "Phó Giám đốc",
            "job_position_code": "VTVL-02",
            "salary_amount": 12500000,
        },
        "health": {"status": "Tốt", "height_cm": 168, "weight_kg": 62.5, "blood_type": "o"},
        "training": [
            {
                "kind": "chuyen_mon",
                "from": "1998-09",
                "to": "2002-06",
                "institution": "Đại học Thái Nguyên",
                "major": "Kinh tế",
                "mode": "chính quy",
                "credential": "Cử nhân",
                "language": "Tiếng Anh",
                "score": "7.5",
            },
            {
                "kind": "chuyen_mon",
                "from": "2008-09",
                "to": "2010-06",
                "institution": "Học viện Hành chính",
                "major": "Quản lý công",
                "mode": "tại chức",
                "credential": "Thạc sĩ",
            },
        ],
        "work_history": [
            {"from": "2003-08", "to": "2018-05", "unit": "Sở Nội vụ", "title": "Chuyên viên"},
            {"from": "2018-06", "unit": "Sở Nội vụ", "title": "Phó Giám đốc"},
        ],
        "self_history": {
            "arrests": "Không",
            "old_regime": [{"from": "1996", "to": "1997", "detail": "Không có"}],
            "foreign_orgs": [{"from": "2012", "to": "2013", "detail": "Hội hữu nghị"}],
        },
        "foreign_relatives": "Em gái định cư tại Đức",
        "family": [
            {
                "side": "ban_than",
                "relation": "bố",
                "full_name": f"{SECRET_FATHER} {n}",
                "birth_year": 1950,
                "details": "Nông dân, Đại Từ",
            },
            {"side": "ben_vo_chong", "relation": "mẹ", "full_name": "Trần Thị Cúc", "birth_year": 1955},
        ],
        "yearly_ratings": [
            {
                "year": 2022,
                "professional_rating": "Hoàn thành xuất sắc",
                "emulation_rating": "CSTĐ cơ sở",
                "award": "Bằng khen",
            }
        ],
        "awards": [{"year": 2020, "form": "Bằng khen của Chủ tịch UBND tỉnh", "deciding_body": "UBND tỉnh"}],
        "discipline": [
            {
                "from": "2011-01",
                "to": "2012-01",
                "form": "Khiển trách",
                "violation": "Chậm báo cáo",
                "deciding_body": "Đảng ủy Sở",
            }
        ],
        "salary_history": [
            {"from": "2019-01", "to": "2021-12", "grade_code": "01.002", "step": 3, "coefficient": 5.08}
        ],
        "allowance_history": [
            {
                "from": "2018-06",
                "kind": "Chức vụ",
                "percent": 100,
                "coefficient": 0.6,
                "mode": "Hằng tháng",
                "amount": 1400000,
            }
        ],
        "economy": {
            "salary_income": 150000000,
            "other_income": 20000000,
            "housing": [
                {"acquisition": "tự xây", "house_type": "Nhà cấp 4", "area_m2": 80.5, "certificate": "BĐ 1"}
            ],
            "land": [{"acquisition": "tự mua", "purpose": "Đất ở", "area_m2": 120, "certificate": "CS 2"}],
        },
        "assessment": [
            {"date": "2023-12-20", "author": "Đảng ủy Sở Nội vụ", "text": "Có phẩm chất chính trị vững vàng."}
        ],
    }


def interchange_file(path: Path, dossiers: list[Any], **top: Any) -> Path:
    body = {"format": "hoso.dossier", "version": 1, "dossiers": dossiers, **top}
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    return path


def actions(vault: Vault) -> list[str]:
    return [r.action for r in vault.audit.repo.all()]


@pytest.fixture
def svc(opened: Vault) -> DossierService:
    return DossierService(opened)


def test_the_full_dossier_fills_every_field_and_is_valid() -> None:
    result = validate(full_dossier(1))
    assert result.errors == []
    assert result.warnings == []
    assert sorted(document.values(result.document)) == sorted(fields.paths())


# -- the round trip ------------------------------------------------------------------------------
def test_round_trip_of_full_dossiers(
    opened: Vault, svc: DossierService, tmp_path: Path, make_vault: Callable[..., VaultHandle]
) -> None:
    originals = [full_dossier(n) for n in range(3)]
    report = importer.import_file(opened, interchange_file(tmp_path / "in.json", originals))
    assert not report.rejected, report.problem_lines("en")
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    stored = [svc.get(i, reveal=True, audit=False).data for i in report.ids]
    assert stored == [validate(d).document for d in originals]

    out = tmp_path / "out.json"
    done = exporter.export(opened, out, reveal=True)
    assert (done.count, done.masked) == (3, False)
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert actions(opened)[-1] == "dossier.export"
    entry = opened.audit.repo.head()
    assert entry is not None
    details = json.loads(entry.details)
    assert details["revealed"] is True
    assert details["count"] == 3
    assert SECRET_FATHER not in entry.details

    fresh = make_vault().unlock()
    try:
        again = importer.import_file(fresh, out)
        assert (again.created, again.rejected) == (3, False)
        fresh_svc = DossierService(fresh)
        assert [fresh_svc.get(i, reveal=True, audit=False).data for i in again.ids] == stored
        # and exporting the copy gives the same dossiers again
        second, _ = exporter.build(fresh, reveal=True)
        first, _ = exporter.build(opened, reveal=True)
        assert json.loads(second)["dossiers"] == json.loads(first)["dossiers"]
    finally:
        fresh.close_quietly()


def test_reimporting_the_same_file_changes_nothing(opened: Vault, tmp_path: Path) -> None:
    file = interchange_file(tmp_path / "in.json", [full_dossier(1), full_dossier(2)])
    importer.import_file(opened, file)
    report = importer.import_file(opened, file)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert report.warnings.total == 0


def test_masked_export_says_so_and_cannot_be_imported_back(opened: Vault, tmp_path: Path) -> None:
    importer.import_file(opened, interchange_file(tmp_path / "in.json", [full_dossier(1)]))
    out = tmp_path / "masked.json"
    done = exporter.export(opened, out)
    text = out.read_text(encoding="utf-8")
    assert done.masked
    assert json.loads(text)["masked"] is True
    assert SECRET_FATHER not in text
    assert "001080000001" not in text
    assert document.MASK in text
    entry = opened.audit.repo.head()
    assert entry is not None
    assert json.loads(entry.details)["revealed"] is False

    before = fingerprint(opened)
    report = importer.import_file(opened, out)
    assert report.rejected
    masked_paths = {e.path for e in report.errors.items if e.key == "dossier.bad.masked"}
    assert {"identity.personal_id", "identity.phone", "health.status", "family", "discipline"} <= masked_paths
    assert report.errors.items[0].record is None
    assert report.errors.items[0].key == "import.masked_file"
    assert "--reveal" in report.errors.items[0].message("en")
    assert fingerprint(opened) == before


def test_export_of_chosen_ids_and_unknown_id(opened: Vault, tmp_path: Path) -> None:
    report = importer.import_file(
        opened, interchange_file(tmp_path / "in.json", [full_dossier(n) for n in range(3)])
    )
    data, ids = exporter.build(opened, [report.ids[2], report.ids[0]], reveal=True)
    names = [d["identity"]["full_name"] for d in json.loads(data)["dossiers"]]
    assert names == ["Nguyễn Văn Án 2", "Nguyễn Văn Án 0"]
    assert ids == [report.ids[2], report.ids[0]]
    before = actions(opened)
    with pytest.raises(NotFound):
        exporter.export(opened, tmp_path / "x.json", [999])
    assert not (tmp_path / "x.json").exists()
    assert actions(opened) == before
    with pytest.raises(InvalidInput):
        exporter.export(opened, tmp_path / "no" / "x.json")


# -- all or nothing, every problem named -----------------------------------------------------------
def test_any_bad_record_rejects_the_whole_file_naming_each(opened: Vault, tmp_path: Path) -> None:
    good = full_dossier(1)
    bad_date = full_dossier(2)
    bad_date["identity"]["birth_date"] = "1980-13-40"
    bad_code = full_dossier(3)
    bad_code["qualifications"]["highest_degree"] = "giao_su_xuat_sac"
    bad_row = full_dossier(4)
    bad_row["training"][1]["from"] = 2008
    del bad_row["family"][0]["relation"]
    before = fingerprint(opened)
    report = importer.import_file(
        opened, interchange_file(tmp_path / "in.json", [good, bad_date, bad_code, bad_row])
    )
    assert report.rejected
    found = [(e.record, e.full_name, e.path, e.key) for e in report.errors.items]
    assert found == [
        (2, "Nguyễn Văn Án 2", "identity.birth_date", "dossier.bad.date"),
        (3, "Nguyễn Văn Án 3", "qualifications.highest_degree", "dossier.bad.unknown_code"),
        (4, "Nguyễn Văn Án 4", "training[2].from", "dossier.bad.date"),
        (4, "Nguyễn Văn Án 4", "family[1].relation", "dossier.bad.required"),
    ]
    assert (report.created, report.updated) == (0, 0)
    assert fingerprint(opened) == before
    lines = report.problem_lines("vi")
    assert lines[0].startswith(
        "in.json, hồ sơ thứ 2 (Nguyễn Văn Án 2), trường identity.birth_date (Sinh ngày): "
    )
    assert "1980-13-40" in lines[0]
    assert "Quá trình đào tạo, bồi dưỡng dòng 2 › Từ" in lines[2]
    as_json = report.as_json("en")
    assert as_json["errors"][0] == {
        "record": 2,
        "full_name": "Nguyễn Văn Án 2",
        "path": "identity.birth_date",
        "message": as_json["errors"][0]["message"],
    }
    assert {"created", "updated", "unchanged", "errors", "warnings"} <= as_json.keys()
    assert report.summary("en") == "The file in.json was rejected (4 problems); nothing was imported."


@pytest.mark.parametrize(
    ("edit", "path", "key"),
    [
        (lambda d: d.update(extra={}), "extra", "dossier.bad.unknown_section"),
        (lambda d: d["identity"].update(nickname="x"), "identity.nickname", "dossier.bad.unknown_key"),
        (lambda d: d["identity"].update(sex=1), "identity.sex", "dossier.bad.code"),
        (lambda d: d["identity"].pop("full_name"), "identity.full_name", "dossier.bad.required"),
        (lambda d: d["identity"].update(full_name=["An"]), "identity.full_name", "dossier.bad.text"),
        (lambda d: d["identity"].update(full_name="A" * 121), "identity.full_name", "dossier.bad.too_long"),
        (lambda d: d["identity"].update(full_name="An\x07"), "identity.full_name", "dossier.bad.control"),
        (lambda d: d["identity"].update(home_town="Đại Từ"), "identity.home_town", "dossier.bad.object"),
        (lambda d: d["salary"].update(step=3.5), "salary.step", "dossier.bad.int"),
        (lambda d: d["salary"].update(coefficient="5,42"), "salary.coefficient", "dossier.bad.number"),
        (lambda d: d["salary"].update(coefficient=True), "salary.coefficient", "dossier.bad.number"),
        (lambda d: d.update(training={"kind": "tin_hoc"}), "training", "dossier.bad.list"),
        (lambda d: d.update(training=[{"kind": "tin_hoc"}] * 501), "training", "dossier.bad.too_many_rows"),
        (lambda d: d["yearly_ratings"][0].update(year=1700), "yearly_ratings[1].year", "dossier.bad.year"),
        (
            lambda d: d["career"].update(party_official_date="2004-01-01"),
            "career.party_official_date",
            "rules.party.official_before_join",
        ),
        (lambda d: d.update(secrecy="tuyet_mat"), "secrecy", "dossier.bad.unknown_code"),
    ],
)
def test_each_kind_of_problem_names_its_field(
    opened: Vault, tmp_path: Path, edit: Callable[[dict[str, Any]], Any], path: str, key: str
) -> None:
    record = full_dossier(7)
    edit(record)
    report = importer.import_file(opened, interchange_file(tmp_path / "f.json", [full_dossier(1), record]))
    assert [(e.record, e.path, e.key) for e in report.errors.items] == [(2, path, key)]
    name = record["identity"].get("full_name")
    shown = importer.clean(name)[:120] if isinstance(name, str) else None  # printable, at most 120
    assert report.errors.items[0].full_name == shown
    assert opened.info()["dossiers"] == 0


def test_problems_at_restricted_fields_never_quote_the_value(opened: Vault, tmp_path: Path) -> None:
    record = full_dossier(1)
    record["identity"]["personal_id"] = "00108000012X"
    record["identity"]["id_issue_date"] = "2021-02-31 secret"
    record["family"][0]["birth_year"] = "năm 1950 Canary"
    record["family"][0]["side"] = "ben_ngoai_Canary"
    record["discipline"][0]["from"] = "tháng 3 Canary"
    report = importer.import_file(opened, interchange_file(tmp_path / "f.json", [record]))
    found = {e.path: e.key for e in report.errors.items}
    assert found == {
        "identity.personal_id": "dossier.bad.personal_id",
        "identity.id_issue_date": "dossier.bad.date",
        "family[1].side": "dossier.bad.unknown_code",
        "family[1].birth_year": "dossier.bad.year",
        "discipline[1].from": "dossier.bad.date",
    }
    text = json.dumps(report.as_json("vi"), ensure_ascii=False) + "\n".join(report.problem_lines("en"))
    for secret in ("00108000012X", "secret", "Canary", SECRET_FATHER):
        assert secret not in text


def test_duplicate_personal_ids_name_both_records(opened: Vault, tmp_path: Path) -> None:
    first, second, third = full_dossier(1), full_dossier(2), full_dossier(1)
    third["identity"]["full_name"] = "Lê Thị Hoa"
    report = importer.import_file(opened, interchange_file(tmp_path / "f.json", [first, second, third]))
    assert [(e.record, e.full_name, e.path, e.key) for e in report.errors.items] == [
        (3, "Lê Thị Hoa", "identity.personal_id", "import.duplicate_pid")
    ]
    line = report.errors.items[0].line("f.json", "en")
    assert "record 3 (Lê Thị Hoa)" in line
    assert "record 1 (Nguyễn Văn Án 1)" in line
    assert "001080000001" not in line


def test_a_record_that_is_not_an_object(opened: Vault, tmp_path: Path) -> None:
    report = importer.import_file(
        opened, interchange_file(tmp_path / "f.json", [full_dossier(1), "An", None])
    )
    assert [(e.record, e.full_name, e.path) for e in report.errors.items] == [(2, None, ""), (3, None, "")]
    assert report.problem_lines("vi")[0] == "f.json, hồ sơ thứ 2 (chưa có họ tên): " + report.errors.items[
        0
    ].message("vi")


def test_empty_file_and_file_problems_are_reports_not_exceptions(opened: Vault, tmp_path: Path) -> None:
    empty = importer.import_file(opened, interchange_file(tmp_path / "e.json", []))
    assert [e.key for e in empty.errors.items] == ["import.empty"]
    missing = importer.import_file(opened, tmp_path / "missing.json")
    assert [e.key for e in missing.errors.items] == ["import.file.not_found"]
    assert missing.errors.items[0].record is None


def test_error_list_is_capped_but_counted(opened: Vault, tmp_path: Path) -> None:
    records = [{"identity": {f"k{i}": 1 for i in range(300)}} for _ in range(5)]
    report = importer.import_file(opened, interchange_file(tmp_path / "f.json", records))
    assert len(report.errors.items) == importer.MAX_REPORTED
    assert report.errors.total > 1500
    assert report.as_json()["errors_total"] == report.errors.total
    assert "more problems" in report.omitted_lines("en")[0]


# -- warnings, dry run, updates ---------------------------------------------------------------------
def test_warnings_are_reported_and_do_not_block(opened: Vault, tmp_path: Path) -> None:
    record = full_dossier(1)
    record["career"]["party_official_date"] = "2007-05-19"  # probation of two years: a warning
    report = importer.import_file(opened, interchange_file(tmp_path / "f.json", [record]))
    assert not report.rejected
    assert report.created == 1
    assert [(w.record, w.path, w.key) for w in report.warnings.items] == [
        (1, "career.party_official_date", "rules.party.probation")
    ]
    assert report.problem_lines("en")[0].startswith("warning: f.json, record 1 (Nguyễn Văn Án 1)")


def test_dry_run_writes_nothing_but_tells_what_would_happen(opened: Vault, tmp_path: Path) -> None:
    importer.import_file(opened, interchange_file(tmp_path / "a.json", [full_dossier(1), full_dossier(2)]))
    changed = full_dossier(2)
    changed["position"]["current_post"] = "Giám đốc Sở Nội vụ"
    file = interchange_file(tmp_path / "b.json", [full_dossier(1), changed, full_dossier(3)])
    before = fingerprint(opened)
    report = importer.import_file(opened, file, dry_run=True)
    assert (report.created, report.updated, report.unchanged, report.dry_run) == (1, 1, 1, True)
    assert report.ids == []
    assert [w.key for w in report.warnings.items] == ["import.no_basis"]
    assert "dry run" in report.summary("en")
    assert fingerprint(opened) == before


def test_update_by_personal_id_is_recorded_in_history_with_source_and_basis(
    opened: Vault, svc: DossierService, tmp_path: Path
) -> None:
    first = importer.import_file(opened, interchange_file(tmp_path / "a.json", [full_dossier(1)]))
    changed = full_dossier(1)
    changed["position"]["current_post"] = "Giám đốc Sở Nội vụ"
    changed["identity"]["phone"] = "0987 000 111"
    del changed["awards"]
    report = importer.import_file(
        opened, interchange_file(tmp_path / "b.json", [changed]), basis="QĐ 123-QĐ/TU ngày 1/2/2026"
    )
    assert (report.created, report.updated, report.ids) == (0, 1, first.ids)
    assert [w.key for w in report.warnings.items] == ["import.update_removes"]
    assert "awards" in report.warnings.items[0].message("en")
    assert opened.info()["dossiers"] == 1
    history = svc.history(first.ids[0], reveal=True)
    latest = {c.path: c for c in history if c.source == "import:b.json"}
    assert set(latest) == {"position.current_post", "identity.phone", "awards"}
    assert {c.basis for c in latest.values()} == {"QĐ 123-QĐ/TU ngày 1/2/2026"}
    assert latest["identity.phone"].restricted
    assert latest["identity.phone"].new == "0987 000 111"
    assert latest["awards"].new is None
    assert history[0].source == "import:a.json"
    imports = [r for r in opened.audit.repo.all() if r.action == "dossier.import"]
    assert [r.target for r in imports] == ["import:a.json", "import:b.json"]
    assert json.loads(imports[-1].details) == {"created": 0, "updated": 1, "records": 1}


def test_bad_basis_is_refused(opened: Vault, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput):
        importer.import_file(opened, interchange_file(tmp_path / "a.json", [full_dossier(1)]), basis="a\nb")
    assert opened.info()["dossiers"] == 0


def test_progress_and_cancel(opened: Vault, tmp_path: Path) -> None:
    file = interchange_file(tmp_path / "a.json", [full_dossier(n) for n in range(150)])
    seen: list[tuple[str, int, int]] = []
    report = importer.import_file(opened, file, progress=lambda *a: seen.append(a))
    assert report.created == 150
    assert ("validate", 150, 150) in seen
    assert ("save", 150, 150) in seen
    assert {phase for phase, _, _ in seen} == {"validate", "check", "save"}

    other = interchange_file(tmp_path / "b.json", [full_dossier(n) for n in range(200, 350)])
    before = fingerprint(opened)
    calls = iter(range(1000))
    with pytest.raises(InvalidInput) as caught:
        importer.import_file(opened, other, cancelled=lambda: next(calls) >= 5)  # during saving
    assert caught.value.key == "import.cancelled"
    assert fingerprint(opened)[:2] == before[:2]
    assert opened.info()["dossiers"] == 150


# -- the field policy ---------------------------------------------------------------------------
def test_field_not_kept_in_software_is_refused(opened: Vault, svc: DossierService, tmp_path: Path) -> None:
    svc.set_policy(["health", "identity.religion"])
    before = fingerprint(opened)
    report = importer.import_file(opened, interchange_file(tmp_path / "a.json", [full_dossier(1)]))
    assert [(e.record, e.path, e.key) for e in report.errors.items] == [
        (1, "identity.religion", "dossier.bad.not_kept"),
        (1, "health.status", "dossier.bad.not_kept"),
        (1, "health.height_cm", "dossier.bad.not_kept"),
        (1, "health.weight_kg", "dossier.bad.not_kept"),
        (1, "health.blood_type", "dossier.bad.not_kept"),
    ]
    assert "không lưu trên phần mềm" in report.problem_lines("vi")[0]
    assert fingerprint(opened) == before
    record = full_dossier(1)
    del record["health"], record["identity"]["religion"]
    assert importer.import_file(opened, interchange_file(tmp_path / "b.json", [record])).created == 1


def test_plan_made_before_the_policy_is_checked_again_in_apply(
    opened: Vault, svc: DossierService, tmp_path: Path
) -> None:
    plan = importer.prepare(interchange_file(tmp_path / "a.json", [full_dossier(1)]))
    assert plan.ok
    svc.set_policy(["discipline"])
    report = importer.apply(opened, plan)
    assert [(e.record, e.path, e.key) for e in report.errors.items] == [
        (1, "discipline", "dossier.bad.not_kept")
    ]
    assert opened.info()["dossiers"] == 0


# -- CSV -----------------------------------------------------------------------------------------
def csv_file(path: Path, rows: list[list[str]]) -> Path:
    import csv

    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_csv_import_creates_dossiers(opened: Vault, svc: DossierService, tmp_path: Path) -> None:
    file = csv_file(
        tmp_path / "ds.csv",
        [
            [
                "Số định danh cá nhân (CCCD)",
                "Họ và tên khai sinh",
                "gioi tinh",
                "Sinh ngày",
                "Dân tộc",
                "family",
            ],
            ["001080000001", "Nguyễn Văn An", "Nam", "02/03/1980", "Kinh", ""],
            [],
            [
                "001080000002",
                "Trần Thị Bình",
                "nu",
                "1980",
                "tay",
                json.dumps(
                    [{"side": "ban_than", "relation": "bố", "full_name": "Trần Văn C"}], ensure_ascii=False
                ),
            ],
        ],
    )
    report = importer.import_file(opened, file)
    assert not report.rejected, report.problem_lines("en")
    assert (report.records, report.created) == (2, 2)
    second = svc.get(report.ids[1], reveal=True, audit=False).data
    assert second["family"] == [{"side": "ban_than", "relation": "bố", "full_name": "Trần Văn C"}]
    assert svc.get(report.ids[0], audit=False).data["identity"]["birth_date"] == "1980-03-02"


def test_csv_errors_name_the_row_and_field(opened: Vault, tmp_path: Path) -> None:
    file = csv_file(
        tmp_path / "ds.csv",
        [
            ["identity.personal_id", "identity.full_name", "identity.sex", "identity.birth_date", "training"],
            ["001080000001", "Nguyễn Văn An", "nam", "1980", "[{]"],
            ["001080000002", "Trần Thị Bình", "nu", "31/02/1980", ""],
        ],
    )
    before = fingerprint(opened)
    report = importer.import_file(opened, file)
    assert [(e.record, e.full_name, e.path, e.key) for e in report.errors.items] == [
        (1, "Nguyễn Văn An", "training", "import.csv.bad_json"),
        (2, "Trần Thị Bình", "identity.birth_date", "dossier.bad.date"),
    ]
    assert fingerprint(opened) == before


def test_csv_row_updates_only_its_columns_of_an_existing_dossier(
    opened: Vault, svc: DossierService, tmp_path: Path
) -> None:
    first = importer.import_file(opened, interchange_file(tmp_path / "a.json", [full_dossier(1)]))
    svc.set_policy(["health"])  # the existing dossier holds health values: kept, not refused
    file = csv_file(
        tmp_path / "phones.csv",
        [
            ["identity.personal_id", "Số điện thoại liên hệ", "position.concurrent_posts"],
            ["001080000001", "0911 222 333", ""],
        ],
    )
    report = importer.import_file(opened, file, basis="QĐ 7")
    assert not report.rejected, report.problem_lines("en")
    assert (report.created, report.updated) == (0, 1)
    assert [w.key for w in report.warnings.items] == ["import.update_clears"]
    data = svc.get(first.ids[0], reveal=True, audit=False).data
    expected = validate(full_dossier(1)).document
    expected["identity"]["phone"] = "0911 222 333"
    del expected["position"]["concurrent_posts"]
    assert data == expected
    new_person = csv_file(
        tmp_path / "new.csv", [["identity.personal_id", "identity.phone"], ["001080000009", "1"]]
    )
    refused = importer.import_file(opened, new_person)
    assert {e.path for e in refused.errors.items} == {
        "identity.full_name",
        "identity.sex",
        "identity.birth_date",
    }
    assert all(e.key == "dossier.bad.required" for e in refused.errors.items)


def test_describe_gives_the_form_labels() -> None:
    assert importer.describe("identity.birth_date", "vi") == "Sinh ngày"
    assert (
        importer.describe("economy.housing[2].area_m2", "en")
        == "Economic situation › Housing row 2 › Area (m²)"
    )
    assert importer.describe("nothing.here", "vi") == ""
    assert importer.describe("", "vi") == ""


def test_restricted_paths_are_recognised() -> None:
    restricted = importer._restricted
    assert restricted("identity.personal_id")
    assert restricted("family[3].full_name")
    assert restricted("economy.housing[1].area_m2")
    assert not restricted("identity.full_name")
    assert not restricted("training[1].from")
    assert not restricted("nothing")


def test_import_never_changes_the_input_documents(opened: Vault, tmp_path: Path) -> None:
    record = full_dossier(1)
    snapshot = copy.deepcopy(record)
    importer.import_file(opened, interchange_file(tmp_path / "a.json", [record]))
    assert record == snapshot
