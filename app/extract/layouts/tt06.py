"""Layout ``tt06``: the unified résumé of Thông tư 06/2023/TT-BNV ("MẪU SƠ YẾU LÝ LỊCH"), items
1)–31) here and the tables 32)–38) in :mod:`tt06_tables`.

Items keep the form's numbers and wording; an item prints only when its section is in scope.
Values the form has no line for are added where they belong (political theory, state management,
languages and IT under item 20; the place of ID issue under item 8; the permanent residence under
item 10). Not printed on this form: the date of joining the revolution, the management tier,
the Party committee and the status (they are on 2C/TCTW-98 or only in the register).
Must not import Qt.
"""

from __future__ import annotations

from reportlab.platypus import Paragraph

from app.extract.layouts import heading, tt06_tables, values
from app.extract.layouts.common import Part, Sheet, esc
from app.extract.layouts.forms import TT06

FORM = TT06


def build(sheet: Sheet) -> None:
    sheet.add(
        Paragraph(esc(FORM.banner), sheet.st["center_bold"]),
        Paragraph(esc(heading.basis_line(sheet)), sheet.st["center_italic"]),
    )
    sheet.add(
        *heading.header_lines(
            sheet,
            (
                ("position", "Cơ quan quản lý cán bộ, công chức, viên chức", "position.managing_body"),
                (
                    "position",
                    "Cơ quan, đơn vị sử dụng cán bộ, công chức, viên chức",
                    "position.employing_unit",
                ),
                ("identity", "Số hiệu", "identity.staff_code"),
                ("identity", "Mã số định danh", "identity.personal_id"),
            ),
        )
    )
    heading.title_block(sheet)
    start = len(sheet.flow)
    identity_first(sheet)
    heading.with_portrait(sheet, heading.take(sheet, start))
    if sheet.has("identity"):
        identity_rest(sheet)
    if sheet.has("career"):
        career(sheet)
    if sheet.has("qualifications"):
        qualifications(sheet)
    if sheet.has("position"):
        position(sheet)
    if sheet.has("salary"):
        salary(sheet)
    if sheet.has("health"):
        health(sheet)
    tt06_tables.build(sheet)
    heading.closing(sheet)


def identity_first(sheet: Sheet) -> None:
    """Items 1)–5), beside the photo on the form."""
    v, g = sheet.v, sheet.get
    if not sheet.has("identity"):
        sheet.item("1", heading.name_parts(sheet))
        return
    sheet.item("1", heading.name_parts(sheet), Part("Giới tính", heading.sex(sheet)))
    sheet.item("2", Part("Các tên gọi khác", values.text(g("identity.other_names"))))
    sheet.item("3", Part("Sinh ngày", values.birth(v, g("identity.birth_date"))))
    sheet.item("4", Part("Nơi sinh", values.place(v, g("identity.birth_place"))))
    commune, district, province = values.place_parts(v, g("identity.home_town"))
    sheet.item(
        "5",
        Part("Quê quán (xã, phường)", commune),
        Part("(huyện, quận)", district, optional=True),
        Part("(tỉnh, TP)", province),
    )


def identity_rest(sheet: Sheet) -> None:
    v, g = sheet.v, sheet.get
    sheet.item("6", Part("Dân tộc", values.label("ethnicity", g("identity.ethnicity"))))
    sheet.item("7", Part("Tôn giáo", values.label("religion", g("identity.religion"))))
    sheet.item(
        "8",
        Part("Số CCCD", values.text(g("identity.personal_id"))),
        Part("Ngày cấp", values.date(v, g("identity.id_issue_date"))),
        Part("Nơi cấp", values.place(v, g("identity.id_issue_place")), optional=True),
        Part("SĐT liên hệ", values.text(g("identity.phone"))),
    )
    sheet.item(
        "9",
        Part("Số BHXH", values.text(g("identity.social_insurance_no"))),
        Part("Số thẻ BHYT", values.text(g("identity.health_insurance_no"))),
    )
    sheet.item("10", Part("Nơi ở hiện nay", values.place(v, g("identity.current_address"))))
    permanent = values.place(v, g("identity.permanent_address"))
    if permanent:
        sheet.line(Part("Nơi đăng ký thường trú", permanent))
    sheet.item("11", Part("Thành phần gia đình xuất thân", values.text(g("identity.family_background"))))
    sheet.item(
        "12",
        Part(
            "Nghề nghiệp trước khi được tuyển dụng", values.text(g("identity.occupation_before_recruitment"))
        ),
    )


def career(sheet: Sheet) -> None:
    v, g = sheet.v, sheet.get
    sheet.item(
        "13",
        Part("Ngày được tuyển dụng lần đầu", values.date(v, g("career.recruitment_date"))),
        Part("Cơ quan, tổ chức, đơn vị tuyển dụng", values.text(g("career.recruiting_agency"))),
    )
    sheet.item(
        "14", Part("Ngày vào cơ quan hiện đang công tác", values.date(v, g("career.current_agency_date")))
    )
    sheet.item(
        "15",
        Part("Ngày vào Đảng Cộng sản Việt Nam", values.date(v, g("career.party_join_date"))),
        Part("Ngày chính thức", values.date(v, g("career.party_official_date"))),
    )
    org = values.date(v, g("career.mass_org_date"))
    name = values.text(g("career.mass_org_name"))
    sheet.item(
        "16",
        Part(
            "Ngày tham gia tổ chức chính trị - xã hội đầu tiên (ngày vào Đoàn TNCSHCM, Công đoàn, Hội)",
            f"{org}, {name}" if org and name else org or name,
        ),
    )
    sheet.item(
        "17",
        Part("Ngày nhập ngũ", values.date(v, g("career.army_enlist_date"))),
        Part("Ngày xuất ngũ", values.date(v, g("career.army_discharge_date"))),
        Part("Quân hàm cao nhất", values.text(g("career.army_highest_rank"))),
    )
    sheet.item("18", Part("Đối tượng chính sách", values.text(g("career.policy_group"))))


def qualifications(sheet: Sheet) -> None:
    v, g = sheet.v, sheet.get
    sheet.item("19", Part("Trình độ giáo dục phổ thông", values.text(g("qualifications.general_education"))))
    degree = values.label("degree", g("qualifications.highest_degree"))
    major = values.text(g("qualifications.highest_degree_major"))
    sheet.item(
        "20",
        Part(
            "Trình độ chuyên môn cao nhất", f"{degree}, chuyên ngành {major}" if degree and major else degree
        ),
    )
    for label, value in (
        ("Lý luận chính trị", values.label("political_theory", g("qualifications.political_theory"))),
        ("Quản lý nhà nước", values.label("state_management", g("qualifications.state_management"))),
        ("Ngoại ngữ", values.languages(v, g("qualifications.foreign_languages"))),
        ("Tin học", values.text(g("qualifications.it_level"))),
        ("Tiếng dân tộc", values.text(g("qualifications.ethnic_language"))),
    ):
        if value:
            sheet.line(Part(label, value))
    sheet.item("21", Part("Học hàm", values.label("academic_title", g("qualifications.academic_title"))))
    sheet.item("22", Part("Danh hiệu nhà nước phong tặng", values.text(g("qualifications.state_honours"))))


def position(sheet: Sheet) -> None:
    v, g = sheet.v, sheet.get
    sheet.item("23", Part("Chức vụ hiện tại", values.text(g("position.current_post"))))
    sheet.line(
        Part("Ngày bổ nhiệm/ngày phê chuẩn", values.date(v, g("position.appointed_on"))),
        Part("Ngày bổ nhiệm lại/phê chuẩn nhiệm kỳ tiếp theo", values.date(v, g("position.reappointed_on"))),
        dash="",
    )
    planned = [
        f"{values.text(r.get('post'))} ({values.text(r.get('term'))})"
        if r.get("term")
        else values.text(r.get("post"))
        for r in sheet.rows("position", "planned_posts")
    ]
    sheet.item("24", Part("Được quy hoạch chức danh", values.join(v, planned)))
    sheet.item("25", Part("Chức vụ kiêm nhiệm", values.text(g("position.concurrent_posts"))))
    sheet.item("26", Part("Chức vụ Đảng hiện tại", values.text(g("position.party_post"))))
    sheet.item("27", Part("Chức vụ Đảng kiêm nhiệm", values.text(g("position.party_post_concurrent"))))
    sheet.item("28", Part("Công việc chính được giao", values.text(g("position.main_duties"))))
    sheet.item(
        "29",
        Part("Sở trường công tác", values.text(g("position.strengths"))),
        Part("Công việc làm lâu nhất", values.text(g("position.longest_job"))),
    )


def salary(sheet: Sheet) -> None:
    v, g = sheet.v, sheet.get

    def pct(path: str) -> str:
        shown = values.decimal(v, g(path))
        return f"{shown}%" if shown else ""

    sheet.plain(f"{sheet.num('30')} Tiền lương", "item")
    sheet.item(
        "30.1",
        Part("Ngạch/chức danh nghề nghiệp", values.text(g("salary.grade_title"))),
        Part("Mã số", values.text(g("salary.grade_code"))),
    )
    sheet.line(
        Part("Ngày bổ nhiệm ngạch/chức danh nghề nghiệp", values.date(v, g("salary.grade_appointed_on"))),
        dash="",
    )
    sheet.line(
        Part("Bậc lương", values.text(g("salary.step"))),
        Part("Hệ số", values.decimal(v, g("salary.coefficient"), 2)),
        Part("Ngày hưởng", values.date(v, g("salary.since"))),
        dash="",
    )
    sheet.line(
        Part("Phần trăm hưởng", pct("salary.percent")),
        Part("Phụ cấp thâm niên vượt khung", pct("salary.seniority_extra_pct")),
        Part("Ngày hưởng PCTNVK", values.date(v, g("salary.seniority_extra_since")), optional=True),
        dash="",
    )
    allowance = g("salary.allowances") or {}
    sheet.item(
        "30.2",
        *(
            Part(label, values.decimal(v, allowance.get(key), 2))
            for key, label in (
                ("position", "Phụ cấp chức vụ"),
                ("concurrent", "Phụ cấp kiêm nhiệm"),
                ("other", "Phụ cấp khác"),
            )
        ),
    )
    sheet.item(
        "30.3",
        Part("Vị trí việc làm", values.text(g("salary.job_position"))),
        Part("Mã số", values.text(g("salary.job_position_code")), optional=True),
    )
    money = values.amount(v, g("salary.salary_amount"))
    if money:
        sheet.line(Part("Lương theo mức tiền", money), dash="")


def health(sheet: Sheet) -> None:
    v, g = sheet.v, sheet.get
    sheet.item("31", Part("Tình trạng sức khoẻ", values.text(g("health.status"))))
    weight = values.decimal(v, g("health.weight_kg"))
    sheet.line(
        Part("Chiều cao", values.height(v, g("health.height_cm"))),
        Part("Cân nặng", f"{weight} kg" if weight else ""),
        Part("Nhóm máu", values.label("blood_type", g("health.blood_type"))),
        dash="",
    )
