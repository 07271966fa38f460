"""Layout ``tt06``, items 32)–38): training by kind, work history, personal history, ratings,
awards and discipline, family, salary and allowances, the family's economy, the assessment.

A heading prints when at least one of its sections is in scope, a sub-table only for its own
section. Awards (huân, huy chương …), which TT 06 folds into 35.1, print as a second table there;
relatives abroad, which TT 06 folds into the family table's last column, print under 36).
Must not import Qt.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.extract.layouts import blocks, values
from app.extract.layouts.common import Col, Sheet

FROM_TO = (Col("Từ", 10.5, "CENTER"), Col("Đến", 10.5, "CENTER"))
SCHOOL, CERT = Col("Tên cơ sở đào tạo", 36), Col("Chứng chỉ được cấp", 46)
# kind, sub-heading, columns after Từ/Đến, the row's keys for them
TRAINING: tuple[tuple[str, str, tuple[Col, ...], tuple[str, ...]], ...] = (
    (
        "chuyen_mon",
        "32.1- Chuyên môn (từ trung cấp trở lên cả trong nước và nước ngoài)",
        (
            Col("Tên cơ sở đào tạo", 28),
            Col("Chuyên ngành đào tạo", 22),
            Col("Hình thức đào tạo", 14),
            Col("Văn bằng, trình độ", 18),
        ),
        ("institution", "major", "mode", "credential"),
    ),
    (
        "ly_luan_chinh_tri",
        "32.2- Lý luận chính trị",
        (SCHOOL, Col("Hình thức đào tạo", 18), Col("Văn bằng được cấp", 28)),
        ("institution", "mode", "credential"),
    ),
    (
        "quan_ly_nha_nuoc",
        "32.3- Bồi dưỡng quản lý nhà nước/ chức danh nghề nghiệp/ nghiệp vụ chuyên ngành",
        (SCHOOL, CERT),
        ("institution", "credential+major"),
    ),
    (
        "quoc_phong_an_ninh",
        "32.4- Bồi dưỡng kiến thức an ninh, quốc phòng",
        (SCHOOL, CERT),
        ("institution", "credential+major"),
    ),
    ("tin_hoc", "32.5- Tin học", (SCHOOL, CERT), ("institution", "credential+major")),
    (
        "ngoai_ngu",
        "32.6- Ngoại ngữ/ tiếng dân tộc",
        (
            Col("Tên cơ sở đào tạo", 28),
            Col("Tên ngoại ngữ/ tiếng dân tộc", 18),
            Col("Chứng chỉ được cấp", 26),
            Col("Điểm số", 10, "CENTER"),
        ),
        ("institution", "language", "credential", "score"),
    ),
)


def _cell(row: Mapping[str, Any], key: str) -> str:
    if key == "credential+major":
        credential, major = values.text(row.get("credential")), values.text(row.get("major"))
        return f"{credential} ({major})" if credential and major else credential or major
    return values.text(row.get(key))


def build(sheet: Sheet) -> None:
    v = sheet.v
    if sheet.has("training"):
        sheet.heading("32", "QUÁ TRÌNH ĐÀO TẠO, BỒI DƯỠNG")
        rows = sheet.rows("training")
        known = {kind for kind, *_ in TRAINING}
        for kind, title, cols, keys in TRAINING:
            sheet.sub(title)
            chosen = [
                r
                for r in rows
                if r.get("kind") == kind or (kind == "chuyen_mon" and r.get("kind") not in known)
            ]
            cells = [
                (values.date(v, r.get("from")), values.date(v, r.get("to")), *(_cell(r, k) for k in keys))
                for r in chosen
            ]
            sheet.table((*FROM_TO, *cols), cells, period=True)
    if sheet.has("work_history"):
        sheet.heading("33", "TÓM TẮT QUÁ TRÌNH CÔNG TÁC")
        cols = (
            *FROM_TO,
            Col("Đơn vị công tác (đảng, chính quyền, đoàn thể, tổ chức xã hội)", 48),
            Col("Chức danh/ chức vụ", 34),
        )
        cells = [
            (
                values.date(v, r.get("from")),
                values.date(v, r.get("to")),
                values.text(r.get("unit")),
                values.text(r.get("title")),
            )
            for r in sheet.rows("work_history")
        ]
        sheet.table(cols, cells, period=True)
    if sheet.has("self_history"):
        self_history(sheet)
    if sheet.has("yearly_ratings", "awards", "discipline"):
        rewards(sheet)
    if sheet.has("family", "foreign_relatives"):
        sheet.heading("36", "QUAN HỆ GIA ĐÌNH")
        if sheet.has("family"):
            father = v.pick("family.father")
            blocks.family(
                sheet,
                f"36.1- Về bản thân: {father}, Mẹ, Vợ (hoặc chồng), các con, anh chị em ruột",
                f"36.2- {father}, Mẹ, anh chị em ruột (bên vợ hoặc chồng)",
                "Mối quan hệ",
                blocks.FAMILY_DETAILS
                + " (trong, ngoài nước); làm việc cho chế độ cũ, tiền án, tiền sự (nếu có)",
            )
        if sheet.has("foreign_relatives"):
            sheet.sub(
                "- Thân nhân (cha, mẹ, vợ, chồng, con, anh chị em ruột) ở nước ngoài (làm gì, địa chỉ):"
            )
            sheet.long_text(sheet.get("foreign_relatives"))
    if sheet.has("salary_history", "allowance_history", "economy"):
        economy(sheet)
    if sheet.has("assessment"):
        sheet.heading("38", "NHẬN XÉT, ĐÁNH GIÁ CỦA CƠ QUAN, TỔ CHỨC, ĐƠN VỊ SỬ DỤNG")
        blocks.assessment(sheet)


def self_history(sheet: Sheet) -> None:
    v = sheet.v
    sheet.heading("34", "ĐẶC ĐIỂM LỊCH SỬ BẢN THÂN")
    sheet.sub(
        "34.1- Khai rõ: bị bắt, bị tù (từ ngày tháng năm nào đến ngày tháng năm nào, ở đâu?), "
        "đã khai báo cho ai, những vấn đề gì?:"
    )
    sheet.long_text(sheet.get("self_history.arrests"))
    for sub, title, header in (
        (
            "old_regime",
            "34.2- Bản thân có làm việc cho chế độ cũ",
            "Chức danh, chức vụ, đơn vị, địa điểm đã làm việc",
        ),
        (
            "foreign_orgs",
            "34.3- Tham gia hoặc có quan hệ với các tổ chức chính trị, kinh tế, xã hội ... ở nước ngoài",
            "Tên tổ chức, địa chỉ trụ sở, công việc đã làm",
        ),
    ):
        sheet.sub(title)
        rows = [
            (values.date(v, r.get("from")), values.date(v, r.get("to")), values.text(r.get("detail")))
            for r in sheet.rows("self_history", sub)
        ]
        sheet.table((*FROM_TO, Col(header, 82)), rows, period=True)


def rewards(sheet: Sheet) -> None:
    v = sheet.v
    sheet.heading("35", "KHEN THƯỞNG, KỶ LUẬT")
    if sheet.has("yearly_ratings", "awards"):
        sheet.sub("35.1- Thành tích thi đua, khen thưởng")
    if sheet.has("yearly_ratings"):
        blocks.ratings_table(sheet)
    if sheet.has("awards"):
        sheet.sub("- Khen thưởng (huân chương, huy chương, danh hiệu, bằng khen):")
        cols: tuple[Col, ...] = (
            Col("Năm", 10, "CENTER"),
            Col("Hình thức khen thưởng", 50),
            Col("Cơ quan quyết định", 40),
        )
        cells: list[tuple[str, ...]] = [
            (values.text(r.get("year")), values.text(r.get("form")), values.text(r.get("deciding_body")))
            for r in sheet.rows("awards")
        ]
        sheet.table(cols, cells)
    if sheet.has("discipline"):
        sheet.sub("35.2- Kỷ luật Đảng/hành chính")
        cols = (
            *FROM_TO,
            Col("Hình thức", 18),
            Col("Hành vi vi phạm chính", 38),
            Col("Cơ quan quyết định", 26),
        )
        cells = [
            (
                values.date(v, r.get("from")),
                values.date(v, r.get("to")),
                values.label("discipline_form", r.get("form")),
                values.text(r.get("violation")),
                values.text(r.get("deciding_body")),
            )
            for r in sheet.rows("discipline")
        ]
        sheet.table(cols, cells, period=True)


def economy(sheet: Sheet) -> None:
    v = sheet.v
    sheet.heading("37", "HOÀN CẢNH KINH TẾ GIA ĐÌNH")
    if sheet.has("salary_history"):
        sheet.sub("37.1- Quá trình lương của bản thân")
        cols = (
            *FROM_TO,
            Col("Mã số", 16, "CENTER"),
            Col("Bậc lương", 12, "CENTER"),
            Col("Hệ số lương", 14, "CENTER"),
            Col("Tiền lương theo vị trí việc làm", 40),
        )
        cells = [
            (
                values.date(v, r.get("from")),
                values.date(v, r.get("to")),
                values.text(r.get("grade_code")),
                values.text(r.get("step")),
                values.decimal(v, r.get("coefficient"), 2),
                values.amount(v, r.get("amount")),
            )
            for r in sheet.rows("salary_history")
        ]
        sheet.table(cols, cells, period=True)
    if sheet.has("allowance_history"):
        sheet.sub("37.2- Các loại phụ cấp khác")
        blocks.allowances_table(sheet)
    if sheet.has("economy"):
        sheet.sub("37.3- Nguồn thu nhập chính của gia đình hằng năm")
        blocks.economy(sheet, certificates=True)
