"""Layout ``2c-tctw``: Mẫu 2C/TCTW-98, the Party résumé, items 1)–31), with the salary history as
the form's horizontal table (periods as columns; rows "Tháng/năm", "Mã ngạch/bậc", "Hệ số lương").

Additions where the form has no line but an approved section holds data: state management and IT
levels under item 17, yearly ratings under 22, other allowances under 31, and the assessment as
an unnumbered last heading (the form has no assessment item). Not printed on this form: the
planned posts, appointment dates, status, BHXH/BHYT numbers, the management tier.
Must not import Qt.
"""

from __future__ import annotations

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from app.extract.layouts import blocks, heading, values
from app.extract.layouts.common import Col, Part, Sheet, esc
from app.extract.layouts.forms import TCTW

FORM = TCTW


def build(sheet: Sheet) -> None:
    left = heading.header_lines(
        sheet,
        (
            ("position", "Đơn vị trực thuộc", "position.managing_body"),
            ("position", "Đơn vị cơ sở", "position.employing_unit"),
        ),
    )
    right_style = ParagraphStyle("code", parent=sheet.st["center_bold"], alignment=TA_RIGHT)
    right = [Paragraph(esc(heading.code_line(sheet)), right_style)]
    right += heading.header_lines(sheet, (("identity", "Số hiệu cán bộ, công chức", "identity.staff_code"),))
    heading.two_columns(sheet, left, right)
    heading.title_block(sheet)
    start = len(sheet.flow)
    first_items(sheet)
    heading.with_portrait(sheet, heading.take(sheet, start))
    middle_items(sheet)
    tables(sheet)
    heading.closing(sheet)


def first_items(sheet: Sheet) -> None:
    """Items 1)–3), beside the photo on the form."""
    v, g = sheet.v, sheet.get
    identity = sheet.has("identity")
    sheet.item("1", heading.name_parts(sheet), *([Part("Nam, nữ", heading.sex(sheet))] if identity else []))
    if identity:
        sheet.item("2", Part("Các tên gọi khác", values.text(g("identity.other_names"))))
    parts = []
    if sheet.has("position"):
        for key, label in (("committee", "Cấp ủy hiện tại"), ("committee_concurrent", "Cấp ủy kiêm")):
            level = values.text(g(f"position.{key}_level"))
            shown = values.label("committee", g(f"position.{key}"))
            parts.append(Part(label, f"{shown}, {level}" if shown and level else shown or level))
    if parts:
        sheet.item("3", *parts)
        posts = (
            g(f"position.{k}")
            for k in ("current_post", "party_post", "concurrent_posts", "party_post_concurrent")
        )
        label = "Chức vụ (Đảng, đoàn thể, Chính quyền, kể cả chức vụ kiêm nhiệm)"
        sheet.line(Part(label, values.join(v, (values.text(p) for p in posts))), dash="")
    if sheet.has("salary"):
        allowance = (g("salary.allowances") or {}).get("position")
        part = Part("Phụ cấp chức vụ", values.decimal(v, allowance, 2))
        if parts:
            sheet.line(part, dash="")
        else:
            sheet.item("3", part)
    if identity:
        sheet.item("4", Part("Sinh ngày", values.birth(v, g("identity.birth_date"))))
        sheet.item("5", Part("Nơi sinh", values.place(v, g("identity.birth_place"))))


def middle_items(sheet: Sheet) -> None:
    v, g = sheet.v, sheet.get
    if sheet.has("identity"):
        commune, district, province = values.place_parts(v, g("identity.home_town"))
        sheet.item(
            "6",
            Part("Quê quán (xã, phường)", commune),
            Part("(huyện, quận)", district),
            Part("(tỉnh, TP)", province),
        )
        sheet.item(
            "7",
            Part("Nơi ở hiện nay", values.place(v, g("identity.current_address"))),
            Part("đ/thoại", values.text(g("identity.phone"))),
        )
        sheet.item("8", Part("Dân tộc", values.label("ethnicity", g("identity.ethnicity"))))
        sheet.item("9", Part("Tôn giáo", values.label("religion", g("identity.religion"))))
        sheet.item("10", Part("Thành phần gia đình xuất thân", values.text(g("identity.family_background"))))
        sheet.item(
            "11",
            Part(
                "Nghề nghiệp bản thân trước khi được tuyển dụng",
                values.text(g("identity.occupation_before_recruitment")),
            ),
        )
    if sheet.has("career"):
        sheet.item(
            "12",
            Part("Ngày được tuyển dụng", values.date(v, g("career.recruitment_date"))),
            Part("Vào cơ quan nào, ở đâu", values.text(g("career.recruiting_agency"))),
        )
        sheet.item(
            "13",
            Part("Ngày vào cơ quan hiện đang công tác", values.date(v, g("career.current_agency_date"))),
            Part("Ngày tham gia cách mạng", values.date(v, g("career.revolution_date"))),
        )
        sheet.item(
            "14",
            Part("Ngày vào Đảng Cộng sản Việt Nam", values.date(v, g("career.party_join_date"))),
            Part("Ngày chính thức", values.date(v, g("career.party_official_date"))),
        )
        org = values.date(v, g("career.mass_org_date"))
        name = values.text(g("career.mass_org_name"))
        label = "Ngày tham gia các tổ chức chính trị, xã hội (Ngày vào Đoàn TNCSHCM, Công đoàn, Hội ...)"
        sheet.item("15", Part(label, f"{org}, {name}" if org and name else org or name))
        sheet.item(
            "16",
            Part("Ngày nhập ngũ", values.date(v, g("career.army_enlist_date"))),
            Part("Ngày xuất ngũ", values.date(v, g("career.army_discharge_date"))),
            Part("Quân hàm, chức vụ cao nhất (năm)", values.text(g("career.army_highest_rank"))),
        )
    if sheet.has("qualifications"):
        degree = values.label("degree", g("qualifications.highest_degree"))
        major = values.text(g("qualifications.highest_degree_major"))
        title = values.label("academic_title", g("qualifications.academic_title"))
        top = ", ".join(
            p for p in (title, f"{degree}, chuyên ngành {major}" if degree and major else degree) if p
        )
        sheet.item(
            "17",
            Part("Trình độ học vấn: Giáo dục phổ thông", values.text(g("qualifications.general_education"))),
            Part("Học hàm, học vị cao nhất", top),
        )
        sheet.line(
            Part("Lý luận chính trị", values.label("political_theory", g("qualifications.political_theory")))
        )
        sheet.line(Part("Ngoại ngữ", values.languages(v, g("qualifications.foreign_languages"))))
        for label, value in (
            ("Quản lý nhà nước", values.label("state_management", g("qualifications.state_management"))),
            ("Tin học", values.text(g("qualifications.it_level"))),
        ):
            if value:
                sheet.line(Part(label, value))
    if sheet.has("position"):
        sheet.item("18", Part("Công tác chính đang làm", values.text(g("position.main_duties"))))
    if sheet.has("salary"):
        sheet.item(
            "19",
            Part("Ngạch công chức", values.text(g("salary.grade_title"))),
            Part("mã số", values.text(g("salary.grade_code"))),
            Part("Bậc lương", values.text(g("salary.step"))),
            Part("hệ số", values.decimal(v, g("salary.coefficient"), 2)),
            Part("từ tháng", values.date(v, (g("salary.since") or "")[:7])),
        )
    if sheet.has("qualifications"):
        sheet.item(
            "20", Part("Danh hiệu được phong (năm nào)", values.text(g("qualifications.state_honours")))
        )
    if sheet.has("position"):
        sheet.item(
            "21",
            Part("Sở trường công tác", values.text(g("position.strengths"))),
            Part("Công việc đã làm lâu nhất", values.text(g("position.longest_job"))),
        )
    last_items(sheet)


def last_items(sheet: Sheet) -> None:
    v, g = sheet.v, sheet.get
    if sheet.has("awards", "yearly_ratings"):
        awards = blocks.awards_text(sheet) if sheet.has("awards") else None
        sheet.item("22", Part("Khen thưởng (Huân, huy chương, năm nào)", awards, optional=awards is None))
        if sheet.has("yearly_ratings"):
            sheet.sub("- Xếp loại, khen thưởng hằng năm:")
            blocks.ratings_table(sheet)
    if sheet.has("discipline"):
        sheet.plain(
            f"{sheet.num('23')} Kỷ luật (Đảng, Chính quyền, Đoàn thể, cấp quyết định, năm nào, lý do, "
            "hình thức, ...):",
            "item",
        )
        blocks.discipline_lines(sheet)
    if sheet.has("health"):
        weight = values.decimal(v, g("health.weight_kg"))
        sheet.item(
            "24",
            Part("Tình trạng sức khỏe", values.text(g("health.status"))),
            Part("Cao", values.height(v, g("health.height_cm"))),
            Part("Cân nặng", f"{weight} (kg)" if weight else ""),
            Part("Nhóm máu", values.label("blood_type", g("health.blood_type"))),
        )
    parts = []
    if sheet.has("identity"):
        parts.append(Part("Số chứng minh nhân dân (CCCD)", values.text(g("identity.personal_id"))))
    if sheet.has("career"):
        parts.append(Part("Thương binh loại, gia đình liệt sĩ", values.text(g("career.policy_group"))))
    if parts:
        sheet.item("25", *parts)


def tables(sheet: Sheet) -> None:
    if sheet.has("training"):
        sheet.heading("26", "ĐÀO TẠO, BỒI DƯỠNG VỀ CHUYÊN MÔN, NGHIỆP VỤ, LÝ LUẬN CHÍNH TRỊ, NGOẠI NGỮ")
        cols = (
            Col("Tên trường", 26),
            Col("Ngành học hoặc tên lớp học", 26),
            Col("Thời gian học", 14, "CENTER"),
            Col("Hình thức học", 12),
            Col("Văn bằng, chứng chỉ, trình độ gì", 22),
        )
        blocks.training_2c(sheet, cols)
    if sheet.has("work_history"):
        sheet.heading("27", "TÓM TẮT QUÁ TRÌNH CÔNG TÁC")
        blocks.work_history_2c(sheet, "Chức danh, chức vụ, đơn vị công tác (Đảng, Chính quyền, Đoàn thể)")
    if sheet.has("self_history"):
        sheet.heading("28", "ĐẶC ĐIỂM LỊCH SỬ BẢN THÂN")
        sheet.sub(
            "a) Khai rõ: bị bắt, bị tù (từ ngày tháng năm nào đến ngày tháng năm nào, ở đâu), "
            "đã khai báo cho ai, những vấn đề gì:"
        )
        sheet.long_text(sheet.get("self_history.arrests"))
        sheet.sub(
            "b) Bản thân có làm việc trong chế độ cũ (cơ quan, đơn vị nào, địa điểm, chức danh, chức vụ, "
            "thời gian làm việc ...):"
        )
        blocks.history_lines(sheet, sheet.rows("self_history", "old_regime"))
    if sheet.has("self_history", "foreign_relatives"):
        sheet.heading("29", "QUAN HỆ VỚI NƯỚC NGOÀI")
        if sheet.has("self_history"):
            sheet.sub(
                "- Tham gia hoặc có quan hệ với các tổ chức chính trị, kinh tế, xã hội nào ở nước ngoài "
                "(làm gì, tổ chức nào, đặt trụ sở ở đâu ...):"
            )
            blocks.history_lines(sheet, sheet.rows("self_history", "foreign_orgs"))
        if sheet.has("foreign_relatives"):
            sheet.sub(
                "- Có thân nhân (Bố, mẹ, vợ, chồng, con, anh chị em ruột) ở nước ngoài (làm gì, địa chỉ ...):"
            )
            sheet.long_text(sheet.get("foreign_relatives"))
    if sheet.has("family"):
        sheet.heading("30", "QUAN HỆ GIA ĐÌNH")
        father = sheet.v.pick("family.father")
        blocks.family(
            sheet,
            f"a) Về bản thân: {father}, Mẹ, Vợ (chồng), các con, anh chị em ruột",
            f"b) {father}, Mẹ, anh chị em ruột (bên vợ hoặc chồng)",
            "Quan hệ",
            blocks.FAMILY_DETAILS + " ...",
        )
    if sheet.has("salary_history", "allowance_history", "economy"):
        sheet.heading("31", "HOÀN CẢNH KINH TẾ GIA ĐÌNH")
        if sheet.has("salary_history"):
            sheet.sub("- Quá trình lương của bản thân:")
            blocks.salary_horizontal(sheet)
        if sheet.has("allowance_history"):
            sheet.sub("- Các loại phụ cấp khác:")
            blocks.allowances_table(sheet)
        if sheet.has("economy"):
            sheet.sub("- Nguồn thu nhập chính của gia đình (hằng năm):")
            blocks.economy(sheet, certificates=False)
    if sheet.has("assessment"):
        sheet.heading(None, "NHẬN XÉT, ĐÁNH GIÁ CỦA CƠ QUAN, ĐƠN VỊ SỬ DỤNG")
        blocks.assessment(sheet)
