"""The reference catalogs: every file loads and validates, fixed codes match spec/dossier.md,
the 54 ethnic groups, the 63 → 34 provinces of 1/7/2025, validity on partial dates, type-ahead
search without diacritics, and refusal of malformed catalogs."""

from __future__ import annotations

import copy
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from app.dossier import catalogs
from app.dossier.catalogs import Catalog, fold

SHIPPED = {
    "academic_title", "blood_type", "committee", "degree", "discipline_form", "document_kind",
    "emulation_title", "ethnicity", "family_relation", "family_side", "foreign_language", "it_level",
    "language_level", "management_tier", "policy_group", "political_theory", "post_group", "province",
    "rating", "religion", "secrecy", "sex", "state_management", "status", "training_kind",
    "training_mode",
}  # fmt: skip

# Code lists that spec/dossier.md fixes completely.
FIXED = {
    "sex": ["nam", "nu"],
    "degree": [
        "tien_si_khoa_hoc", "tien_si", "thac_si", "dai_hoc", "cao_dang", "trung_cap", "so_cap", "khong",
    ],
    "academic_title": ["gs", "pgs"],
    "political_theory": ["cu_nhan", "cao_cap", "trung_cap", "so_cap"],
    "state_management": ["cvcc", "cvc", "cv", "can_su"],
    "management_tier": ["tw", "btv_tinh", "btv_huyen", "khac"],
    "committee": ["bch", "btv", "thuong_truc"],
    "status": ["dang_cong_tac", "chuyen_di", "nghi_huu", "tu_tran", "khac"],
    "training_kind": [
        "chuyen_mon", "ly_luan_chinh_tri", "quan_ly_nha_nuoc", "quoc_phong_an_ninh", "tin_hoc", "ngoai_ngu",
    ],
    "family_side": ["ban_than", "ben_vo_chong"],
    "document_kind": [
        "so_yeu_ly_lich", "phieu_bo_sung_ly_lich", "ban_tu_kiem_diem", "nhan_xet_danh_gia", "ke_khai_tai_san",
        "qd_tuyen_dung", "qd_bo_nhiem", "qd_dieu_dong", "qd_nang_luong", "qd_khen_thuong", "qd_ky_luat",
        "van_bang_chung_chi", "giay_kham_suc_khoe", "giay_khai_sinh", "bien_ban_tham_tra", "khac",
    ],
    "secrecy": ["mat", "toi_mat"],
}  # fmt: skip

# Codes the brief requires; these catalogs may hold more.
REQUIRED = {
    "religion": ["khong", "phat_giao", "cong_giao", "tin_lanh", "cao_dai", "hoa_hao", "hoi_giao"],
    "training_mode": ["chinh_quy", "tai_chuc", "vua_lam_vua_hoc", "tu_xa", "boi_duong", "khac"],
    "family_relation": [
        "bo", "me", "vo", "chong", "con", "anh_ruot", "chi_ruot", "em_ruot", "bo_vo_chong", "me_vo_chong",
        "anh_chi_em_vo_chong",
    ],
    "foreign_language": [
        "tieng_anh", "tieng_phap", "tieng_nga", "tieng_trung", "tieng_duc", "tieng_nhat", "tieng_han", "khac",
    ],
    "language_level": [
        "dai_hoc", "chung_chi_c", "chung_chi_b", "chung_chi_a", "bac_1", "bac_2", "bac_3", "bac_4", "bac_5",
        "bac_6", "khac",
    ],
    "it_level": [
        "dai_hoc", "cao_dang", "trung_cap", "chung_chi_ung_dung_nang_cao", "chung_chi_ung_dung_co_ban",
        "chung_chi_a", "chung_chi_b", "khac",
    ],
    "policy_group": [
        "thuong_binh", "benh_binh", "con_liet_si", "con_thuong_binh", "con_benh_binh", "gia_dinh_co_cong",
        "khac",
    ],
    "rating": ["hoan_thanh_xuat_sac", "hoan_thanh_tot", "hoan_thanh", "khong_hoan_thanh"],
    "emulation_title": [
        "chien_si_thi_dua_toan_quoc", "chien_si_thi_dua_cap_tinh", "chien_si_thi_dua_co_so",
        "lao_dong_tien_tien", "khac",
    ],
    "discipline_form": [
        "khien_trach", "canh_cao", "ha_bac_luong", "giang_chuc", "cach_chuc", "buoc_thoi_viec", "khai_tru",
    ],
    "blood_type": ["o", "a", "b", "ab"],
}  # fmt: skip

# Official order of Quyết định 121-TCTK/PPCĐ (02/3/1979): gso_code is the position.
ETHNIC_LABELS = [
    "Kinh", "Tày", "Thái", "Hoa", "Khơ-me", "Mường", "Nùng", "Hmông", "Dao", "Gia-rai", "Ngái", "Ê-đê",
    "Ba-na", "Xơ-đăng", "Sán Chay", "Cơ-ho", "Chăm", "Sán Dìu", "Hrê", "Mnông", "Ra-glai", "Xtiêng",
    "Bru-Vân Kiều", "Thổ", "Giáy", "Cơ-tu", "Giẻ-Triêng", "Mạ", "Khơ-mú", "Co", "Tà-ôi", "Chơ-ro", "Kháng",
    "Xinh-mun", "Hà Nhì", "Chu-ru", "Lào", "La Chí", "La Ha", "Phù Lá", "La Hủ", "Lự", "Lô Lô", "Chứt",
    "Mảng", "Pà Thẻn", "Cơ Lao", "Cống", "Bố Y", "Si La", "Pu Péo", "Brâu", "Ơ Đu", "Rơ-măm",
]  # fmt: skip

# Nghị quyết 202/2025/QH15: each absorbed unit and the unit it became part of on 1/7/2025.
MERGES = {
    "ha_giang": "tuyen_quang", "yen_bai": "lao_cai", "bac_kan": "thai_nguyen", "vinh_phuc": "phu_tho",
    "hoa_binh": "phu_tho", "bac_giang": "bac_ninh", "thai_binh": "hung_yen", "hai_duong": "hai_phong",
    "ha_nam": "ninh_binh", "nam_dinh": "ninh_binh", "quang_binh": "quang_tri", "quang_nam": "da_nang",
    "kon_tum": "quang_ngai", "binh_dinh": "gia_lai", "ninh_thuan": "khanh_hoa", "dak_nong": "lam_dong",
    "binh_thuan": "lam_dong", "phu_yen": "dak_lak", "binh_duong": "ho_chi_minh",
    "ba_ria_vung_tau": "ho_chi_minh", "binh_phuoc": "dong_nai", "long_an": "tay_ninh",
    "soc_trang": "can_tho", "hau_giang": "can_tho", "ben_tre": "vinh_long", "tra_vinh": "vinh_long",
    "tien_giang": "dong_thap", "bac_lieu": "ca_mau", "kien_giang": "an_giang",
}  # fmt: skip
UNCHANGED = {
    "ha_noi", "hue", "lai_chau", "dien_bien", "son_la", "lang_son", "quang_ninh", "thanh_hoa", "nghe_an",
    "ha_tinh", "cao_bang",
}  # fmt: skip

BEFORE, AFTER = "2025-06-30", "2025-07-01"


def _shipped_json(name: str) -> dict[str, Any]:
    path = Path(__file__).resolve().parents[3] / "resources" / "catalogs" / f"{name}.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


# ---------------------------------------------------------------- every catalog


def test_the_expected_catalogs_ship() -> None:
    assert set(catalogs.names()) == SHIPPED


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_every_catalog_loads_and_is_well_formed(name: str) -> None:
    cat = catalogs.load(name)
    assert isinstance(cat, Catalog)
    assert cat.name == name
    assert cat.version == "2026.1"
    assert cat.title_vi
    assert cat.title_en
    assert len(cat.source) > 20
    assert len(cat) == len(cat.codes()) > 0
    for entry in cat.entries:
        assert re.fullmatch(r"[a-z0-9_]+", entry.code)
        assert unicodedata.is_normalized("NFC", entry.label)
        assert entry.label.strip()
        assert entry.label_en.strip()
    # Reloading through the seam gives the same catalog; load() is cached.
    path = Path(__file__).resolve().parents[3] / "resources" / "catalogs" / f"{name}.json"
    assert catalogs.load_from(path) == cat
    assert catalogs.load(name) is cat


@pytest.mark.parametrize(("name", "codes"), sorted(FIXED.items()))
def test_codes_fixed_by_the_spec_are_exactly_those(name: str, codes: list[str]) -> None:
    assert catalogs.load(name).codes() == codes


@pytest.mark.parametrize(("name", "codes"), sorted(REQUIRED.items()))
def test_required_codes_are_present(name: str, codes: list[str]) -> None:
    present = set(catalogs.load(name).codes())
    assert [c for c in codes if c not in present] == []


def test_vietnamese_labels_carry_full_diacritics() -> None:
    text = " ".join(e.label for n in SHIPPED for e in catalogs.load(n).entries)
    # Every tone mark on every vowel family appears: an ASCII-folded catalog would fail this.
    for ch in "ạảãáàâấầẩậăắằẳẵặđêếềểễệôốồổộơớờởợưứừửữựíìỉịĩóòỏọúùủụũýỳỷ":
        assert ch in text, ch
    assert catalogs.load("sex").label("nu") == "Nữ"
    assert catalogs.load("degree").label("thac_si") == "Thạc sĩ"
    assert catalogs.load("religion").label("phat_giao") == "Phật giáo"
    assert catalogs.load("province").label("dak_lak") == "Đắk Lắk"
    assert catalogs.load("post_group").label("ubnd_ct") == "Chủ tịch Ủy ban nhân dân tỉnh"


def test_ranked_catalogs_order_their_levels() -> None:
    def ranks(name: str) -> list[int]:
        return [catalogs.load(name).get(c).extra["rank"] for c in FIXED[name]]  # type: ignore[union-attr]

    assert ranks("degree") == [7, 6, 5, 4, 3, 2, 1, 0]
    assert ranks("political_theory") == [4, 3, 2, 1]
    assert ranks("state_management") == [4, 3, 2, 1]


def test_only_the_yearly_documents_are_flagged_yearly() -> None:
    kinds = catalogs.load("document_kind")
    yearly = [e.code for e in kinds.entries if e.extra.get("yearly") is True]
    assert yearly == ["phieu_bo_sung_ly_lich", "ban_tu_kiem_diem"]


def test_catalog_references_resolve() -> None:
    sides = set(catalogs.load("family_side").codes())
    for entry in catalogs.load("family_relation").entries:
        assert entry.extra["side"] in sides
        assert entry.extra["group"] in {"bo_me", "vo_chong", "con", "anh_chi_em"}
    relations = catalogs.load("family_relation")
    assert relations.get("bo_vo_chong").extra == {  # type: ignore[union-attr]
        "group": "bo_me",
        "side": "ben_vo_chong",
        "print_label": "Bố",
    }
    for entry in catalogs.load("discipline_form").entries:
        assert entry.extra["kind"] in {"dang", "chinh_quyen"}
    assert catalogs.load("discipline_form").get("khai_tru").extra["kind"] == "dang"  # type: ignore[union-attr]


# ---------------------------------------------------------------- ethnicity


def test_ethnicity_has_the_54_groups_in_official_order() -> None:
    eth = catalogs.load("ethnicity")
    assert len(eth) == 54
    assert [e.label for e in eth.entries] == ETHNIC_LABELS
    gso = [e.extra["gso_code"] for e in eth.entries]
    assert gso == [f"{i:02d}" for i in range(1, 55)]
    assert [e.code for e in eth.entries if e.extra["minority"] is False] == ["kinh"]
    assert all(e.extra["minority"] is True for e in eth.entries if e.code != "kinh")
    # Codes are the folded labels.
    assert all(e.code == "_".join(re.split(r"[^a-z0-9]+", fold(e.label))) for e in eth.entries)
    assert eth.label("kinh") == "Kinh"
    assert eth.label("tay") == "Tày"
    assert eth.label("e_de") == "Ê-đê"
    assert eth.label("bru_van_kieu") == "Bru-Vân Kiều"
    assert eth.label("o_du") == "Ơ Đu"
    assert eth.label("hmong", lang="en") == "Hmong"


# ---------------------------------------------------------------- province


def test_province_has_63_units_before_and_34_after_1_july_2025() -> None:
    prov = catalogs.load("province")
    before, after = prov.codes(BEFORE), prov.codes(AFTER)
    assert len(before) == 63
    assert len(after) == 34
    assert set(before) & set(after) == UNCHANGED  # an unchanged unit is one entry across both
    assert len(prov) == 63 + 34 - 11
    for code in after:
        assert prov.get(code).valid_from in (None, AFTER)  # type: ignore[union-attr]
    for code in set(before) - UNCHANGED:
        assert prov.get(code).valid_until == BEFORE  # type: ignore[union-attr]


def test_every_former_unit_names_the_unit_it_merged_into() -> None:
    prov = catalogs.load("province")
    after = set(prov.codes(AFTER))
    targets: dict[str, set[str]] = {}
    for code in prov.codes(BEFORE):
        entry = prov.get(code)
        assert entry is not None
        if code in UNCHANGED:
            assert "merged_into" not in entry.extra
            continue
        target = entry.extra["merged_into"]
        assert target in after, code
        targets.setdefault(target, set()).add(code)
    for code in after:
        assert code in targets or code in UNCHANGED, code
        if code in targets:  # merged_from mirrors merged_into
            assert set(prov.get(code).extra["merged_from"]) == targets[code]  # type: ignore[union-attr]
    for old, new in MERGES.items():
        assert prov.get(old).extra["merged_into"] == new, old  # type: ignore[union-attr]
    # The former unit that gave the new one its name: e.g. tuyen_quang_cu → tuyen_quang.
    assert prov.get("tuyen_quang_cu").extra["merged_into"] == "tuyen_quang"  # type: ignore[union-attr]
    assert prov.label("tuyen_quang_cu") == prov.label("tuyen_quang") == "Tuyên Quang"


def test_province_gso_codes_are_unique_on_each_side_of_the_reform() -> None:
    prov = catalogs.load("province")
    for day in (BEFORE, AFTER):
        gso = [prov.get(c).extra["gso_code"] for c in prov.codes(day)]  # type: ignore[union-attr]
        assert len(gso) == len(set(gso)), day
    assert prov.get("ha_noi").extra["gso_code"] == "01"  # type: ignore[union-attr]
    assert prov.get("ha_giang").extra["gso_code"] == "02"  # type: ignore[union-attr]


# ---------------------------------------------------------------- post_group


def test_post_groups_split_head_and_deputy_and_keep_district_groups_as_history() -> None:
    groups = catalogs.load("post_group")
    families = {e.extra["family"] for e in groups.entries if e.extra["tier"] == "tinh"}
    assert families == {
        "bch_tinh", "btv_tinh", "bi_thu_pho_bi_thu", "hdnd_ct_pct", "ubnd_ct_pct", "doan_dbqh",
        "truong_pho_ban_dang", "mttq_doan_the", "giam_doc_pho_giam_doc_so", "don_vi_su_nghiep",
    }  # fmt: skip
    assert groups.get("ubnd_ct").extra["level"] == "cap_truong"  # type: ignore[union-attr]
    assert groups.get("ubnd_pct").extra["level"] == "cap_pho"  # type: ignore[union-attr]
    for family in families - {"bch_tinh", "btv_tinh"}:
        levels = sorted(e.extra["level"] for e in groups.entries if e.extra["family"] == family)
        assert levels == ["cap_pho", "cap_truong"], family
    district = [e for e in groups.entries if e.extra["tier"] == "huyen"]
    assert {"huyen_bi_thu", "huyen_ubnd_ct"} <= {e.code for e in district}
    for entry in district:
        assert entry.extra["historical"] is True
        assert entry.valid_until == BEFORE
        assert groups.valid_on(entry.code, "2024")
        assert not groups.valid_on(entry.code, AFTER)
        assert not groups.valid_on(entry.code, "2025-07")
    for entry in groups.entries:
        if entry.extra["tier"] != "huyen":
            assert entry.extra["historical"] is False
            assert groups.valid_on(entry.code, "2026-03-01")


def test_district_management_tier_and_abolished_discipline_forms_are_history() -> None:
    assert catalogs.load("management_tier").codes(AFTER) == ["tw", "btv_tinh", "khac"]
    forms = catalogs.load("discipline_form")
    assert forms.valid_on("giang_chuc", "2025-06")
    assert not forms.valid_on("giang_chuc", "2025-07")
    assert forms.valid_on("ha_bac_luong", "2024-12-31")
    assert not forms.valid_on("ha_bac_luong", "2026")


# ---------------------------------------------------------------- dates


def test_valid_on_accepts_partial_dates_as_whole_periods() -> None:
    prov = catalogs.load("province")
    # A year or month that overlaps the validity counts; one wholly outside does not.
    assert prov.valid_on("ha_giang", "2025")
    assert prov.valid_on("ha_giang", "2025-06")
    assert prov.valid_on("ha_giang", "2025-06-30")
    assert not prov.valid_on("ha_giang", "2025-07")
    assert not prov.valid_on("ha_giang", "2025-07-01")
    assert not prov.valid_on("ha_giang", "2026")
    assert prov.valid_on("ha_giang", "1968")
    assert prov.valid_on("tuyen_quang", "2025")
    assert not prov.valid_on("tuyen_quang", "2025-06")
    assert prov.valid_on("tuyen_quang", "2025-07")
    assert prov.valid_on("ha_noi", "1968")
    assert prov.valid_on("ha_noi", "2030-01-01")
    assert not prov.valid_on("no_such_code", "2025")
    assert len(prov.codes("2025")) == 63 + 34 - 11  # both lists overlap the year 2025
    assert prov.codes("2025-06") == prov.codes(BEFORE)
    assert prov.codes("2025-07") == prov.codes(AFTER)
    assert catalogs.load("rating").valid_on("hoan_thanh_con_han_che", "2019")
    assert not catalogs.load("rating").valid_on("hoan_thanh_con_han_che", "2020")


@pytest.mark.parametrize(
    "bad", ["", "68", "1968-5", "1968-13", "1968-02-30", "1968/05/17", "2025-07-01T00:00"]
)
def test_malformed_query_dates_raise(bad: str) -> None:
    prov = catalogs.load("province")
    with pytest.raises(ValueError, match="date"):
        prov.valid_on("ha_noi", bad)
    with pytest.raises(ValueError, match="date"):
        prov.codes(bad)


# ---------------------------------------------------------------- labels and search


def test_label_falls_back_to_the_code_and_speaks_english() -> None:
    sex = catalogs.load("sex")
    assert sex.label("nam") == "Nam"
    assert sex.label("nu", lang="en") == "Female"
    assert sex.label("unknown") == "unknown"
    assert sex.get("unknown") is None
    with pytest.raises(ValueError, match="language"):
        sex.label("nam", lang="fr")


def test_fold_removes_diacritics_and_case() -> None:
    assert fold("Ê Đê") == "e de"
    assert fold("NGUYỄN  Văn Ánh ") == "nguyen van anh"
    assert fold("Đắk Lắk") == fold("dak lak") == "dak lak"
    assert fold("Ðồng Nai") == "dong nai"  # Ð (U+00D0) as legacy encodings wrote Đ
    assert fold(unicodedata.normalize("NFD", "Hmông")) == "hmong"


def test_search_is_diacritics_insensitive_and_ranks_best_first() -> None:
    eth = catalogs.load("ethnicity")
    assert [e.code for e in eth.search("hmong")] == ["hmong"]
    assert [e.code for e in eth.search("HMÔNG")] == ["hmong"]
    assert [e.code for e in eth.search("Mông")] == ["hmong"]  # alias, as Mẫu 2C/TCTW-98 writes it
    assert eth.search("Ê Đê")[0].code == "e_de"
    assert eth.search("ê-đê")[0].code == "e_de"
    assert eth.search("de")[0].code == "e_de"  # prefix of a word of the label
    assert [e.code for e in eth.search("kho")] == ["kho_me", "kho_mu"]
    assert eth.search("bru van")[0].code == "bru_van_kieu"
    assert eth.search("van kieu")[0].code == "bru_van_kieu"
    assert eth.search("khmer")[0].code == "kho_me"
    assert eth.search("e_de")[0].code == "e_de"  # the code itself
    assert eth.search("zzz") == []
    assert len(eth.search("")) == 54
    # Exact match ranks above a longer label that merely starts with the text.
    assert [e.code for e in eth.search("thai")] == ["thai"]
    assert [e.code for e in eth.search("la")][:3] == ["lao", "la_chi", "la_ha"]
    assert next(e.code for e in eth.search("co")) == "co"


def test_search_can_keep_only_entries_valid_on_a_date() -> None:
    prov = catalogs.load("province")
    assert [e.code for e in prov.search("tuyen quang")] == ["tuyen_quang", "tuyen_quang_cu"]
    assert [e.code for e in prov.search("tuyen quang", on="2020")] == ["tuyen_quang_cu"]
    assert [e.code for e in prov.search("ha giang", on="2026")] == []
    assert [e.code for e in prov.search("thua thien")] == ["hue"]
    assert [e.code for e in prov.search("dak", on=AFTER)] == ["dak_lak"]
    assert {e.code for e in prov.search("dak", on=BEFORE)} == {"dak_lak_cu", "dak_nong"}
    assert len(prov.search("", on=AFTER)) == 34


def test_entries_are_read_only() -> None:
    entry = catalogs.load("province").get("ha_giang")
    assert entry is not None
    with pytest.raises(TypeError):
        entry.extra["merged_into"] = "ha_noi"  # type: ignore[index]
    with pytest.raises(AttributeError):
        entry.label = "x"  # type: ignore[misc]
    assert hash(entry) == hash(catalogs.load("province").get("ha_giang"))


# ---------------------------------------------------------------- refusing malformed catalogs


def _mutate(data: dict[str, Any], how: str) -> None:
    entries = data["entries"]
    if how == "duplicate code":
        entries[1]["code"] = entries[0]["code"]
    elif how == "code with diacritics":
        entries[0]["code"] = "tày"
    elif how == "upper-case code":
        entries[0]["code"] = "Kinh"
    elif how == "bad date":
        entries[0]["valid_from"] = "2025-02-30"
    elif how == "partial date in catalog":
        entries[0]["valid_until"] = "2025"
    elif how == "from after until":
        entries[0]["valid_from"], entries[0]["valid_until"] = "2025-07-01", "2025-06-30"
    elif how == "missing key":
        del entries[0]["label_en"]
    elif how == "empty label":
        entries[0]["label"] = " "
    elif how == "decomposed label":
        entries[1]["label"] = unicodedata.normalize("NFD", "Tày")
    elif how == "unknown top-level key":
        data["entires"] = []
    elif how == "missing top-level key":
        del data["source"]
    elif how == "no entries":
        data["entries"] = []
    elif how == "dangling merged_into":
        entries[0]["merged_into"] = "atlantis"
    else:  # pragma: no cover
        raise AssertionError(how)


@pytest.mark.parametrize(
    ("how", "message"),
    [
        ("duplicate code", r"entry 1 \('kinh'\): duplicate code"),
        ("code with diacritics", r"entry 0 \('tày'\): code must match"),
        ("upper-case code", r"entry 0 \('Kinh'\): code must match"),
        ("bad date", r"entry 0 \('kinh'\): valid_from is not a real date"),
        ("partial date in catalog", r"entry 0 \('kinh'\): valid_until must be a YYYY-MM-DD"),
        ("from after until", r"entry 0 \('kinh'\): valid_from 2025-07-01 is after valid_until"),
        ("missing key", r"entry 0 \('kinh'\): missing keys \['label_en'\]"),
        ("empty label", r"entry 0 \('kinh'\): label must be a non-empty string"),
        ("decomposed label", r"entry 1 \('tay'\): label is not in Unicode NFC"),
        ("unknown top-level key", r"unknown keys \['entires'\]"),
        ("missing top-level key", r"missing keys \['source'\]"),
        ("no entries", r"entries must be a non-empty list"),
        ("dangling merged_into", r"entry 0 \('kinh'\): merged_into names unknown code 'atlantis'"),
    ],
)
def test_malformed_catalog_is_refused_naming_the_problem(tmp_path: Path, how: str, message: str) -> None:
    data = copy.deepcopy(_shipped_json("ethnicity"))
    _mutate(data, how)
    path = tmp_path / "ethnicity.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ValueError, match=message) as caught:
        catalogs.load_from(path)
    assert "catalog 'ethnicity'" in str(caught.value)


def test_broken_json_and_unknown_catalogs_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"catalog": "broken", ', encoding="utf-8")
    with pytest.raises(ValueError, match="not valid JSON"):
        catalogs.load_from(path)
    path.write_text("[]", encoding="utf-8")
    with pytest.raises(ValueError, match="top level must be a JSON object"):
        catalogs.load_from(path)
    with pytest.raises(ValueError, match="no such catalog"):
        catalogs.load("no_such_catalog")
    with pytest.raises(ValueError, match="catalog name"):
        catalogs.load("../resources/catalogs/sex")


def test_module_stays_free_of_qt() -> None:
    source = Path(catalogs.__file__).read_text(encoding="utf-8")
    assert "PySide6" not in source
    assert "shiboken" not in source
