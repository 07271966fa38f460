"""The extract layouts (tt06, 2c-tctw, 2c-bnv) and the per-copy text variants, checked on the
text ``pdftotext`` reads back from PDFs built in memory over synthetic dossiers."""

from __future__ import annotations

import copy
import io
import json
import re
import subprocess
import unicodedata
from typing import Any

import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate

from app.dossier.fields import SECTION_KEYS
from app.dossier.synthetic import generate
from app.errors import IntegrityViolation, InvalidInput
from app.extract.layouts import LAYOUTS, LayoutContext, story
from app.extract.variants import POINTS, Variants, markers, point

ALL = frozenset(SECTION_KEYS)
ITEMS = {"tt06": 38, "2c-tctw": 31, "2c-bnv": 32}


@pytest.fixture(scope="module")
def docs() -> list[dict[str, Any]]:
    return list(generate(3, seed=1))


def build(
    layout: str, doc: dict[str, Any], sections: frozenset[str], v: Variants, portrait: bytes | None = None
) -> bytes:
    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=25 * mm, bottomMargin=30 * mm
    )
    template.build(story(layout, doc, sections, LayoutContext(v, template.width, portrait)))
    return buffer.getvalue()


def pdf_text(pdf: bytes, layout: bool = False) -> str:
    args = ["pdftotext", *(["-layout"] if layout else []), "-", "-"]
    out = subprocess.run(args, input=pdf, capture_output=True, check=True, timeout=30).stdout.decode()
    return unicodedata.normalize("NFC", out)


def flat(text: str) -> str:
    """All whitespace runs as one space (lines wrap differently in each layout)."""
    return re.sub(r"\s+", " ", text)


def render(
    layout: str, doc: dict[str, Any], sections: frozenset[str] = ALL, v: Variants | None = None
) -> str:
    return pdf_text(build(layout, doc, sections, v or Variants.official()))


def every_last() -> Variants:
    return Variants(tuple(len(p.alternatives) - 1 for p in POINTS))


def with_choice(key: str, index: int) -> Variants:
    return Variants.from_record({"version": 1, "choices": {key: index}})


@pytest.mark.parametrize("layout", LAYOUTS)
def test_full_extract_prints_vietnamese_items_in_order_and_restricted_values(
    layout: str, docs: list[dict[str, Any]]
) -> None:
    doc = docs[0]
    text = render(layout, doc)
    whole = flat(text)
    identity = doc["identity"]
    assert identity["full_name"].upper() in whole
    assert identity["home_town"]["district"] in whole
    assert identity["current_address"] in whole  # "…, phường Linh Sơn, tỉnh Thái Nguyên" as written
    assert identity["personal_id"] in whole  # restricted, in scope: printed in clear
    assert doc["health"]["status"] in whole
    assert doc["family"][0]["full_name"] in whole
    numbers = [int(m) for m in re.findall(r"^\f?(\d+)(?:\.\d)?\) ", text, flags=re.MULTILINE)]
    assert set(range(1, ITEMS[layout] + 1)) <= set(numbers)
    assert numbers == sorted(numbers)
    assert "(Bản trích sao)" in whole
    assert "Hết phần trích sao./." in whole


def test_each_layout_has_its_forms_wording(docs: list[dict[str, Any]]) -> None:
    doc = docs[0]
    tt06 = flat(render("tt06", doc))
    assert "MẪU SƠ YẾU LÝ LỊCH" in tt06
    assert "Thông tư số 06/2023/TT-BNV" in tt06
    assert "36) QUAN HỆ GIA ĐÌNH" in tt06
    assert "32.6- Ngoại ngữ/ tiếng dân tộc" in tt06
    tctw = flat(render("2c-tctw", doc))
    assert "Mẫu 2C/TCTW-98" in tctw
    assert "3) Cấp ủy hiện tại:" in tctw
    assert "29) QUAN HỆ VỚI NƯỚC NGOÀI" in tctw
    bnv = flat(render("2c-bnv", doc))
    assert "SƠ YẾU LÝ LỊCH CÁN BỘ, CÔNG CHỨC" in bnv
    assert "Mẫu 2C-BNV/2008" in bnv
    assert "15.1) Trình độ giáo dục phổ thông" in bnv
    assert "31) DIỄN BIẾN QUÁ TRÌNH LƯƠNG CỦA CÁN BỘ, CÔNG CHỨC" in bnv


@pytest.mark.parametrize("layout", LAYOUTS)
def test_family_is_grouped_by_relation_and_side(layout: str, docs: list[dict[str, Any]]) -> None:
    doc = copy.deepcopy(docs[0])
    doc["family"] = list(reversed(doc["family"]))  # recorded in the wrong order on purpose
    text = flat(render(layout, doc, frozenset({"family"})))
    order = {"bo": 0, "me": 0, "vo": 1, "chong": 1, "con": 2, "anh_ruot": 3, "chi_ruot": 3, "em_ruot": 3}
    names = [r["full_name"] for r in doc["family"]]
    assert len(set(names)) == len(names)
    own = sorted((r for r in doc["family"] if r["side"] == "ban_than"), key=lambda r: order[r["relation"]])
    spouse = [r for r in doc["family"] if r["side"] == "ben_vo_chong"]
    positions = [text.index(r["full_name"]) for r in own]
    assert positions == sorted(positions)
    assert max(positions) < min(text.index(r["full_name"]) for r in spouse)
    assert "Bố Ma Hồng Minh 1943" in text  # relation, name, year of birth on one row


@pytest.mark.parametrize("layout", ["2c-tctw", "2c-bnv"])
def test_two_c_salary_history_is_horizontal_and_wraps_into_blocks(
    layout: str, docs: list[dict[str, Any]]
) -> None:
    doc = copy.deepcopy(docs[0])
    doc["salary_history"] = [
        {
            "from": f"{1990 + i}-0{1 + i % 9}",
            "grade_code": "01.003",
            "step": 1 + i % 9,
            "coefficient": 2.34 + i / 10,
        }
        for i in range(20)
    ]
    text = pdf_text(build(layout, doc, frozenset({"salary_history"}), Variants.official()), layout=True)
    rows = [line for line in text.splitlines() if "Tháng/năm:" in line]
    assert len(rows) >= 3  # 20 periods: several blocks of columns
    assert len(re.findall(r"\d{2}/\d{4}", rows[0])) >= 5  # periods side by side on one line
    codes = [line for line in text.splitlines() if "Mã ngạch/bậc:" in line]
    assert "01.003/1" in codes[0]
    assert "01.003/2" in codes[0]
    assert re.search(r"Hệ số lương:\s+2,34\s+2,44", text)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_sections_outside_the_scope_are_absent(layout: str, docs: list[dict[str, Any]]) -> None:
    doc = docs[0]
    text = flat(render(layout, doc, frozenset({"identity"})))
    assert doc["family"][0]["full_name"] not in text
    assert "QUAN HỆ GIA ĐÌNH" not in text
    assert "Năm sinh" not in text
    assert doc["work_history"][0]["title"] not in text
    assert doc["assessment"][0]["text"][:40] not in text
    assert doc["position"]["current_post"] not in text
    assert "Quan hệ gia đình" not in text  # not even in the scope line
    only_family = flat(render(layout, doc, frozenset({"family", "foreign_relatives"})))
    assert doc["identity"]["full_name"].upper() in only_family  # the name always prints
    assert doc["family"][0]["full_name"] in only_family
    for absent in (
        "Dân tộc",
        "Sinh ngày",
        doc["identity"]["personal_id"],
        "Tôn giáo",
        "Số hiệu",
        "Nam, nữ",
        "Giới tính",
    ):
        assert absent not in only_family
    assert doc["position"]["employing_unit"] not in only_family


def test_two_variants_give_different_text_and_a_record_gives_the_same(docs: list[dict[str, Any]]) -> None:
    doc = docs[1]
    a, b = Variants.draw(bytes(32)), Variants.draw(bytes(range(32)))
    assert a != b
    assert markers(a) != markers(b)
    text_a, text_b = render("tt06", doc, v=a), render("tt06", doc, v=b)
    assert text_a != text_b
    again = Variants.from_record(json.loads(json.dumps(a.record())))
    assert again == a
    assert render("tt06", doc, v=again) == text_a


def test_every_copy_differs_at_the_points_that_always_fire(docs: list[dict[str, Any]]) -> None:
    official, last = Variants.official(), every_last()
    doc = docs[2]
    texts = [flat(render("2c-bnv", doc, frozenset({"health"}), v=v)) for v in (official, last)]
    assert texts[0] != texts[1]
    differing = [k for k, m in markers(official).items() if m != markers(last)[k]]
    assert len(differing) >= 8


@pytest.mark.parametrize("key", [p.key for p in POINTS if p.every])
def test_markers_show_the_choice_made(key: str, docs: list[dict[str, Any]]) -> None:
    doc = docs[0]
    alternatives = range(len(point(key).alternatives))
    texts = {i: render("tt06", doc, frozenset({"health"}), v=with_choice(key, i)) for i in alternatives}
    for i in alternatives:
        seen = re.sub(r"[ \t]+", " ", texts[i]).lower()
        for j in alternatives:
            marker = markers(with_choice(key, j))[key].lower()
            assert (marker in seen) == (i == j), (i, j, marker)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_layout_markers_show_the_choice_made(layout: str, docs: list[dict[str, Any]]) -> None:
    keys = set(markers(Variants.official(), layout)) - {p.key for p in POINTS if p.every}
    assert keys
    for key in keys:
        texts = [flat(render(layout, docs[0], frozenset({"awards"}), v=with_choice(key, i))) for i in (0, 1)]
        for i in (0, 1):
            assert markers(with_choice(key, i), layout)[key] in texts[i]
            assert markers(with_choice(key, 1 - i), layout)[key] not in texts[i]


def test_data_variants_change_places_dates_numbers_and_labels(docs: list[dict[str, Any]]) -> None:
    doc = docs[0]
    text = flat(render("tt06", doc, ALL, every_last()))
    assert "P. Linh Sơn, T. Thái Nguyên" in text
    assert "ngày 23 tháng 8 năm 1983" in text
    assert "4.74" in text
    assert "197 964 000 đ" in text
    assert "1m43" in text
    assert "Cha Ma Hồng Minh" in text
    assert "Không có" in text
    assert "Tháng, năm" in text
    assert "m2" in text


def test_place_abbreviations_survive_and_reverse() -> None:
    full, short = Variants.official(), every_last()
    assert short.place("Số 5, phường Linh Sơn, tỉnh Thái Nguyên") == "Số 5, P. Linh Sơn, T. Thái Nguyên"
    assert full.place("TP. Hà Nội") == "Thành phố Hà Nội"
    assert short.place("Thị xã Phổ Yên, huyện Đại Từ") == "TX. Phổ Yên, H. Đại Từ"
    assert short.place("quận 1, thị trấn Hùng Sơn, xã Phú Xuyên") == "Q. 1, TT. Hùng Sơn, X. Phú Xuyên"
    for untouched in ("Tổ chức chính trị - xã hội", "Tỉnh ủy Thái Nguyên", "Tứ Xã, Lâm Thao"):
        assert short.place(untouched) == untouched


@pytest.mark.parametrize("layout", LAYOUTS)
def test_many_rows_span_several_pages(layout: str, docs: list[dict[str, Any]]) -> None:
    doc = copy.deepcopy(docs[0])
    doc["work_history"] = [
        {
            "from": f"{1960 + i // 2}-0{1 + i % 2}",
            "to": f"{1960 + i // 2}-0{2 + i % 2}",
            "unit": f"Đơn vị số {i}",
            "title": "Chuyên viên",
        }
        for i in range(150)
    ]
    doc["salary_history"] = [
        {"from": f"{1960 + i}-01", "grade_code": "01.003", "step": 1, "coefficient": 2.34} for i in range(60)
    ]
    doc["family"] = doc["family"] * 6
    doc["assessment"] = [{"date": "2025-01-01", "author": "Ban Thường vụ", "text": "Nhận xét dài. " * 570}]
    doc["self_history"] = {"arrests": "Không có gì. " * 300}
    pdf = build(layout, doc, ALL, Variants.official())
    text = pdf_text(pdf)
    assert text.count("\f") >= 8
    assert "Đơn vị số 149" in text
    assert "Hết phần trích sao" in text


def test_portrait_only_with_identity_in_scope(docs: list[dict[str, Any]]) -> None:
    out = io.BytesIO()
    Image.new("RGB", (60, 80), (120, 140, 160)).save(out, "JPEG")
    photo = out.getvalue()
    with_photo = build("tt06", docs[0], ALL, Variants.official(), photo)
    without = build("tt06", docs[0], frozenset({"family"}), Variants.official(), photo)
    assert b"/Subtype /Image" in with_photo
    assert b"/Subtype /Image" not in without


def test_bad_inputs_are_refused(docs: list[dict[str, Any]]) -> None:
    ctx = LayoutContext(Variants.official(), 170 * mm)
    with pytest.raises(InvalidInput):
        story("2c-xyz", docs[0], ALL, ctx)
    with pytest.raises(InvalidInput):
        story("tt06", docs[0], frozenset({"identity", "secrets"}), ctx)
    with pytest.raises(ValueError, match="lang"):
        LayoutContext(Variants.official(), 170 * mm, lang="en")
    with pytest.raises(ValueError, match="32"):
        Variants.draw(bytes(16))
    for record in (
        {"version": 2, "choices": {}},
        {"version": 1, "choices": {"no.such.point": 0}},
        {"version": 1, "choices": {"list.sep": 2}},
        {"version": 1, "choices": {"list.sep": True}},
        {"version": 1},
    ):
        with pytest.raises(IntegrityViolation):
            Variants.from_record(record)


def test_catalogue_shape() -> None:
    assert len(POINTS) >= 16
    assert all(len(p.alternatives) >= 2 for p in POINTS)
    assert sum(p.every for p in POINTS) >= 8
    assert len({p.key for p in POINTS}) == len(POINTS)
    record = Variants.draw(bytes(range(32))).record()
    assert record["version"] == 1
    assert set(record["choices"]) == {p.key for p in POINTS}
