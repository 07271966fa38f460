"""Layout ``2c-bnv``: Mẫu 2C-BNV/2008 (Quyết định 02/2008/QĐ-BNV), "SƠ YẾU LÝ LỊCH CÁN BỘ, CÔNG
CHỨC", items 1)–32), with the salary history (31) as the horizontal table.

Additions where the form has no line but an approved section holds data: yearly ratings, other
allowances and the family's economy print after item 32 under unnumbered headings. Not printed on
this form: the date of joining the revolution, the Party committee, planned posts, appointment
dates, the BHYT number, the phone number, the management tier. Must not import Qt.
"""

from __future__ import annotations

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from app.extract.layouts import blocks, heading, values
from app.extract.layouts.common import Col, Part, Sheet, esc
from app.extract.layouts.forms import BNV

FORM = BNV


def build(sheet: Sheet) -> None:
    left = heading.header_lines(
        sheet,
        (
            ("position", "Cơ quan, đơn vị có thẩm quyền quản lý CBCC", "position.managing_body"),
            ("position", "Cơ quan, đơn vị sử dụng CBCC", "position.employing_unit"),
        ),
    )
    code_style = ParagraphStyle("code", parent=sheet.st["center_bold"], alignment=TA_RIGHT)
    basis_style = ParagraphStyle("basis", parent=sheet.st["center_italic"], alignment=TA_RIGHT, fontSize=8.5)
    right = [
        Paragraph(esc(heading.code_line(sheet)), code_style),
        Paragraph(esc(heading.basis_line(sheet)), basis_style),
    ]
    right += heading.header_lines(sheet, (("identity", "Số hiệu cán bộ, công chức", "identity.staff_code"),))
    heading.two_columns(sheet, left, right)
    heading.title_block(sheet)
    start = len(sheet.flow)
    first_items(sheet)
    heading.with_portrait(sheet, heading.take(sheet, start))
    items(sheet)
    tables(sheet)
    heading.closing(sheet)


def first_items(sheet: Sheet) -> None:
    """Items 1)–5), beside the photo on the form."""
    v, g = sheet.v, sheet.get
    sheet.item("1", heading.name_parts(sheet))
    if not sheet.has("identity"):
        return
    sheet.item("2", Part("Tên gọi khác", values.text(g("identity.other_names"))))
    sheet.item(
        "3",
        Part("Sinh ngày", values.birth(v, g("identity.birth_date"))),
        Part("Giới tính (nam, nữ)", heading.sex(sheet)),
    )
    sheet.item("4", Part("Nơi sinh (xã, huyện, tỉnh)", values.place(v, g("identity.birth_place"))))
    sheet.item("5", Part("Quê quán (xã, huyện, tỉnh)", values.place(v, g("identity.home_town"))))


def items(sheet: Sheet) -> None:
    v, g = sheet.v, sheet.get
    if sheet.has("identity"):
        sheet.item("6", Part("Dân tộc", values.label("ethnicity", g("identity.ethnicity"))))
        sheet.item("7", Part("Tôn giáo", values.label("religion", g("identity.religion"))))
        sheet.item(
            "8", Part("Nơi đăng ký hộ khẩu thường trú", values.place(v, g("identity.permanent_address")))
        )
        sheet.item("9", Part("Nơi ở hiện nay", values.place(v, g("identity.current_address"))))
        sheet.item(
            "10",
            Part("Nghề nghiệp khi được tuyển dụng", values.text(g("identity.occupation_before_recruitment"))),
        )
    if sheet.has("career"):
        sheet.item(
            "11",
            Part("Ngày tuyển dụng", values.date(v, g("career.recruitment_date"))),
            Part("Cơ quan tuyển dụng", values.text(g("career.recruiting_agency"))),
        )
    if sheet.has("position"):
        posts = (
            g(f"position.{k}")
            for k in ("current_post", "party_post", "concurrent_posts", "party_post_concurrent")
        )
        label = "Chức vụ (chức danh) hiện tại (về chính quyền hoặc Đảng, đoàn thể, kể cả chức vụ kiêm nhiệm)"
        sheet.item("12", Part(label, values.join(v, (values.text(p) for p in posts))))
        sheet.item("13", Part("Công việc chính được giao", values.text(g("position.main_duties"))))
    if sheet.has("salary"):
        allowance = g("salary.allowances") or {}
        other = allowance.get("other")
        sheet.item(
            "14",
            Part("Ngạch công chức (viên chức)", values.text(g("salary.grade_title"))),
            Part("Mã ngạch", values.text(g("salary.grade_code"))),
        )
        sheet.line(
            Part("Bậc lương", values.text(g("salary.step"))),
            Part("Hệ số", values.decimal(v, g("salary.coefficient"), 2)),
            Part("Ngày hưởng", values.date(v, g("salary.since"))),
            dash="",
        )
        sheet.line(
            Part("Phụ cấp chức vụ", values.decimal(v, allowance.get("position"), 2)),
            Part("Phụ cấp khác", values.decimal(v, other, 2)),
            dash="",
        )
    if sheet.has("qualifications"):
        qualifications(sheet)
    if sheet.has("career"):
        sheet.item(
            "16",
            Part("Ngày vào Đảng Cộng sản Việt Nam", values.date(v, g("career.party_join_date"))),
            Part("Ngày chính thức", values.date(v, g("career.party_official_date"))),
        )
        org = values.date(v, g("career.mass_org_date"))
        name = values.text(g("career.mass_org_name"))
        sheet.item(
            "17",
            Part(
                "Ngày tham gia tổ chức chính trị - xã hội", f"{org}, {name}" if org and name else org or name
            ),
        )
        sheet.item(
            "18",
            Part("Ngày nhập ngũ", values.date(v, g("career.army_enlist_date"))),
            Part("Ngày xuất ngũ", values.date(v, g("career.army_discharge_date"))),
            Part("Quân hàm cao nhất", values.text(g("career.army_highest_rank"))),
        )
    if sheet.has("qualifications"):
        sheet.item(
            "19", Part("Danh hiệu được phong tặng cao nhất", values.text(g("qualifications.state_honours")))
        )
    if sheet.has("position"):
        sheet.item("20", Part("Sở trường công tác", values.text(g("position.strengths"))))
    if sheet.has("awards"):
        sheet.item("21", Part("Khen thưởng", blocks.awards_text(sheet)))
    if sheet.has("discipline"):
        sheet.plain(
            f"{sheet.num('22')} Kỷ luật (về đảng, chính quyền, đoàn thể, hình thức, năm nào):", "item"
        )
        blocks.discipline_lines(sheet)
    if sheet.has("health"):
        weight = values.decimal(v, g("health.weight_kg"))
        sheet.item(
            "23",
            Part("Tình trạng sức khỏe", values.text(g("health.status"))),
            Part("Chiều cao", values.height(v, g("health.height_cm"))),
            Part("Cân nặng", f"{weight} kg" if weight else ""),
            Part("Nhóm máu", values.label("blood_type", g("health.blood_type"))),
        )
    if sheet.has("career"):
        sheet.item(
            "24",
            Part("Là thương binh hạng, là con gia đình chính sách", values.text(g("career.policy_group"))),
        )
    if sheet.has("identity"):
        sheet.item(
            "25",
            Part("Số chứng minh nhân dân (CCCD)", values.text(g("identity.personal_id"))),
            Part("Ngày cấp", values.date(v, g("identity.id_issue_date"))),
        )
        sheet.item("26", Part("Số sổ BHXH", values.text(g("identity.social_insurance_no"))))


def qualifications(sheet: Sheet) -> None:
    v, g = sheet.v, sheet.get
    degree = values.label("degree", g("qualifications.highest_degree"))
    major = values.text(g("qualifications.highest_degree_major"))
    for n, label, value in (
        ("15.1", "Trình độ giáo dục phổ thông", values.text(g("qualifications.general_education"))),
        (
            "15.2",
            "Trình độ chuyên môn cao nhất",
            f"{degree}, chuyên ngành {major}" if degree and major else degree,
        ),
        ("15.3", "Lý luận chính trị", values.label("political_theory", g("qualifications.political_theory"))),
        ("15.4", "Quản lý nhà nước", values.label("state_management", g("qualifications.state_management"))),
        ("15.5", "Ngoại ngữ", values.languages(v, g("qualifications.foreign_languages"))),
        ("15.6", "Tin học", values.text(g("qualifications.it_level"))),
    ):
        sheet.item(n, Part(label, value))


def tables(sheet: Sheet) -> None:
    if sheet.has("training"):
        sheet.heading(
            "27", "ĐÀO TẠO, BỒI DƯỠNG VỀ CHUYÊN MÔN, NGHIỆP VỤ, LÝ LUẬN CHÍNH TRỊ, NGOẠI NGỮ, TIN HỌC"
        )
        words = sheet.month_year(capital=False)
        cols = (
            Col("Tên trường", 26),
            Col("Chuyên ngành đào tạo, bồi dưỡng", 26),
            Col(f"Từ {words} – Đến {words}", 15, "CENTER"),
            Col("Hình thức đào tạo", 12),
            Col("Văn bằng, chứng chỉ, trình độ gì", 21),
        )
        blocks.training_2c(sheet, cols)
    if sheet.has("work_history"):
        sheet.heading("28", "TÓM TẮT QUÁ TRÌNH CÔNG TÁC")
        header = "Chức danh, chức vụ, đơn vị công tác (đảng, chính quyền, đoàn thể, tổ chức xã hội)"
        blocks.work_history_2c(sheet, header)
    if sheet.has("self_history", "foreign_relatives"):
        sheet.heading("29", "ĐẶC ĐIỂM LỊCH SỬ BẢN THÂN")
        if sheet.has("self_history"):
            sheet.sub(
                "- Khai rõ: bị bắt, bị tù (từ ngày tháng năm nào đến ngày tháng năm nào, ở đâu), "
                "đã khai báo cho ai, những vấn đề gì:"
            )
            sheet.long_text(sheet.get("self_history.arrests"))
            sheet.sub(
                "- Bản thân có làm việc trong chế độ cũ (cơ quan, đơn vị nào, địa điểm, chức danh, chức vụ, "
                "thời gian làm việc):"
            )
            blocks.history_lines(sheet, sheet.rows("self_history", "old_regime"))
            sheet.sub(
                "- Tham gia hoặc có quan hệ với các tổ chức chính trị, kinh tế, xã hội nào ở nước ngoài:"
            )
            blocks.history_lines(sheet, sheet.rows("self_history", "foreign_orgs"))
        if sheet.has("foreign_relatives"):
            sheet.sub(
                "- Có thân nhân (cha, mẹ, vợ, chồng, con, anh chị em ruột) ở nước ngoài (làm gì, địa chỉ):"
            )
            sheet.long_text(sheet.get("foreign_relatives"))
    if sheet.has("family"):
        sheet.heading("30", "QUAN HỆ GIA ĐÌNH")
        father = sheet.v.pick("family.father")
        blocks.family(
            sheet,
            f"a) Về bản thân: {father}, Mẹ, Vợ (hoặc chồng), các con, anh chị em ruột",
            f"b) Về bên vợ (hoặc chồng): {father}, Mẹ, anh chị em ruột",
            "Mối quan hệ",
            blocks.FAMILY_DETAILS + "...",
        )
    if sheet.has("salary_history"):
        sheet.heading("31", "DIỄN BIẾN QUÁ TRÌNH LƯƠNG CỦA CÁN BỘ, CÔNG CHỨC")
        blocks.salary_horizontal(sheet)
    if sheet.has("assessment"):
        sheet.heading("32", "NHẬN XÉT, ĐÁNH GIÁ CỦA CƠ QUAN, ĐƠN VỊ QUẢN LÝ VÀ SỬ DỤNG CÁN BỘ, CÔNG CHỨC")
        blocks.assessment(sheet)
    if sheet.has("yearly_ratings"):
        sheet.heading(None, "XẾP LOẠI, KHEN THƯỞNG HẰNG NĂM")
        blocks.ratings_table(sheet)
    if sheet.has("allowance_history"):
        sheet.heading(None, "CÁC LOẠI PHỤ CẤP KHÁC")
        blocks.allowances_table(sheet)
    if sheet.has("economy"):
        sheet.heading(None, "HOÀN CẢNH KINH TẾ GIA ĐÌNH")
        blocks.economy(sheet, certificates=True)
