"""Section blocks shared by the layouts: family tables grouped by relation, the horizontal salary
table of the 2C forms, the family's economic situation, personal history as lines, awards and
discipline as text, yearly ratings, allowances, and the assessment. Each block prints only data;
the caller has already checked that its section is in scope and printed the heading.
Must not import Qt.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from app.extract.layouts import values
from app.extract.layouts.common import Col, Part, Sheet, esc

FAMILY_DETAILS = (
    "Quê quán, nghề nghiệp, chức danh, chức vụ, đơn vị công tác, học tập, nơi ở (trong, ngoài nước); "
    "thành viên các tổ chức chính trị - xã hội"
)
SALARY_LABEL_W = 30 * mm
SALARY_PERIOD_W = 19 * mm  # the narrowest a period column may be


def family(sheet: Sheet, own: str, spouse: str, relation_header: str, details_header: str) -> None:
    """The two family tables (own side, spouse's side), members grouped by relation."""
    groups = values.family(sheet.get("family"))
    cols = (
        Col(relation_header, 14),
        Col("Họ và tên", 24),
        Col("Năm sinh", 10, "CENTER"),
        Col(details_header, 52),
    )
    for side, title in (("ban_than", own), ("ben_vo_chong", spouse)):
        sheet.sub(title)
        sheet.table(cols, [values.family_row(sheet.v, r) for r in groups.get(side, [])])
    others = [r for side, rows in groups.items() if side not in ("ban_than", "ben_vo_chong") for r in rows]
    if others:
        sheet.table(cols, [values.family_row(sheet.v, r) for r in others])


def salary_horizontal(sheet: Sheet) -> None:
    """The salary history as the 2C forms print it: periods as columns, rows "Tháng/năm",
    "Mã ngạch/bậc", "Hệ số lương"; as many blocks of columns as the frame needs."""
    rows = sheet.rows("salary_history")
    if not rows:
        sheet.plain(sheet.empty, "text")
        return
    per_block = max(1, int((sheet.width - SALARY_LABEL_W) // SALARY_PERIOD_W))
    period_w = (sheet.width - SALARY_LABEL_W) / per_block
    labels = (sheet.month_year() + ":", "Mã ngạch/bậc:", "Hệ số lương:")
    for start in range(0, len(rows), per_block):
        chunk = rows[start : start + per_block]
        cells: list[list[Any]] = [[Paragraph(esc(label), sheet.st["cell"])] for label in labels]
        for row in chunk:
            code = "/".join(
                p for p in (values.text(row.get("grade_code")), values.text(row.get("step"))) if p
            )
            shown = (
                values.date(sheet.v, row.get("from")),
                code,
                values.decimal(sheet.v, row.get("coefficient"), 2),
            )
            for line, text in zip(cells, shown, strict=True):
                line.append(Paragraph(esc(text), sheet.st["cell_center"]))
        table = Table(cells, colWidths=[SALARY_LABEL_W] + [period_w] * len(chunk), hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 2),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        sheet.add(table, Spacer(1, 2 * mm))


def economy(sheet: Sheet, certificates: bool) -> None:
    """Family income, housing and land (TT 06 37.3 with certificates; 2C/TCTW-98 31 without)."""
    v = sheet.v
    sheet.line(Part("Tiền lương", values.amount(v, sheet.get("economy.salary_income"))))
    sheet.line(Part("Các nguồn khác", values.amount(v, sheet.get("economy.other_income"))))
    for key, title in (("housing", "Nhà ở"), ("land", "Đất ở, đất sản xuất kinh doanh")):
        rows = sheet.rows("economy", key)
        if not rows:
            sheet.line(Part(title, None))
        else:
            sheet.plain(f"- {title}:")
        for row in rows:
            how = values.text(row.get("acquisition")) or title
            size = values.area(v, row.get("area_m2"))
            if key == "housing":
                parts = [
                    Part(f"{how} (loại nhà)", values.text(row.get("house_type"))),
                    Part("tổng diện tích sử dụng", size),
                ]
                cert = "Giấy chứng nhận quyền sở hữu"
            else:
                purpose = values.text(row.get("purpose"))
                parts = [Part(f"{how} ({purpose})" if purpose else how, size)]
                cert = "Giấy chứng nhận quyền sử dụng"
            if certificates:
                parts.append(Part(cert, values.text(row.get("certificate")), optional=True))
            sheet.line(*parts, dash="+ ", level=2)


def history_lines(sheet: Sheet, rows: Sequence[Mapping[str, Any]]) -> None:
    """Rows of {from, to, detail} as "- 02/2010 – 05/2010: detail" lines (the copy's "Không" if none)."""
    if not rows:
        sheet.plain(sheet.empty, "text")
        return
    for row in rows:
        sheet.line(Part(values.period(sheet.v, row), values.text(row.get("detail"))))


def awards_text(sheet: Sheet) -> str:
    """Awards as the 2C forms write them: "Chiến sĩ thi đua cấp tỉnh (2015, Chủ tịch UBND tỉnh …)"."""
    shown = []
    for row in sheet.rows("awards"):
        extra = ", ".join(values.text(row.get(k)) for k in ("year", "deciding_body") if row.get(k))
        shown.append(f"{values.text(row.get('form'))} ({extra})" if extra else values.text(row.get("form")))
    return values.join(sheet.v, shown)


def discipline_lines(sheet: Sheet) -> None:
    rows = sheet.rows("discipline")
    if not rows:
        sheet.plain(sheet.empty, "text")
        return
    for row in rows:
        form = values.label("discipline_form", row.get("form"))
        body = [form, values.text(row.get("deciding_body")), values.text(row.get("violation"))]
        sheet.line(Part(values.period(sheet.v, row), ", ".join(b for b in body if b)))


def ratings_table(sheet: Sheet) -> None:
    cols = (
        Col("Năm", 10, "CENTER"),
        Col("Xếp loại chuyên môn", 28),
        Col("Xếp loại thi đua", 26),
        Col("Hình thức khen thưởng", 36),
    )
    rows = [
        (
            values.text(r.get("year")),
            values.label("rating", r.get("professional_rating")),
            values.label("emulation_title", r.get("emulation_rating")),
            values.text(r.get("award")),
        )
        for r in sheet.rows("yearly_ratings")
    ]
    sheet.table(cols, rows)


def allowances_table(sheet: Sheet) -> None:
    v = sheet.v
    cols = (
        Col("Từ", 10.5, "CENTER"),
        Col("Đến", 10.5, "CENTER"),
        Col("Loại phụ cấp", 22),
        Col("Phần trăm hưởng", 11, "CENTER"),
        Col("Hệ số", 9, "CENTER"),
        Col("Hình thức hưởng", 22),
        Col(f"Giá trị ({v.pick('unit.currency')})", 16),
    )
    rows = [
        (
            values.date(v, r.get("from")),
            values.date(v, r.get("to")),
            values.text(r.get("kind")),
            values.decimal(v, r.get("percent")),
            values.decimal(v, r.get("coefficient"), 2),
            values.text(r.get("mode")),
            values.amount(v, r.get("amount"), unit=False),
        )
        for r in sheet.rows("allowance_history")
    ]
    sheet.table(cols, rows, period=True)


def assessment(sheet: Sheet) -> None:
    rows = sheet.rows("assessment")
    if not rows:
        sheet.long_text("")
        return
    for row in rows:
        by = ", ".join(
            p for p in (values.text(row.get("author")), values.date(sheet.v, row.get("date"))) if p
        )
        if by:
            sheet.add(Paragraph(f"<i>{esc(by)}:</i>", sheet.st["text"]))
        sheet.long_text(row.get("text"))


def training_2c(sheet: Sheet, cols: Sequence[Col]) -> None:
    """All training in one table, as the 2C forms have it: school, field or class, period, mode,
    credential (``cols`` give the form's headers and widths in that order)."""
    v = sheet.v
    cells = [
        (
            values.text(r.get("institution")),
            values.text(r.get("major") or r.get("language")) or values.label("training_kind", r.get("kind")),
            values.period(v, r),
            values.text(r.get("mode")),
            values.text(r.get("credential")),
        )
        for r in sheet.rows("training")
    ]
    sheet.table(cols, cells)


def work_history_2c(sheet: Sheet, header: str) -> None:
    """The work history as the 2C forms have it: period, then title and unit in one column."""
    words = sheet.month_year(capital=False)
    cols = (Col(f"Từ {words} đến {words}", 24, "CENTER"), Col(header, 76))
    cells = [
        (values.period(sheet.v, r), ", ".join(values.text(r.get(k)) for k in ("title", "unit") if r.get(k)))
        for r in sheet.rows("work_history")
    ]
    sheet.table(cols, cells)
