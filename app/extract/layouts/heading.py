"""The top and the end of every extract: the form's header lines, the title, the "(Bản trích sao)"
line, the scope line naming what was extracted, the portrait beside the first items, and the
closing line.

What always prints, whatever the scope: the form's identification (banner, code, issuing line),
the title, the subtitle, the scope line, item 1 "Họ và tên khai sinh" with the cadre's name
(the approval names the cadre, so the name is never withheld) and the closing line. These carry
the variant points that fire in every extract (``app.extract.variants.markers``). The header lines
holding dossier values (managing body, staff number …) print only when their section is in scope.
Must not import Qt.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, Paragraph, Spacer, Table, TableStyle

from app.dossier.fields import SECTIONS
from app.extract.layouts import values
from app.extract.layouts.common import Part, Sheet, esc

PHOTO_W, PHOTO_H = 30 * mm, 40 * mm


def basis_line(sheet: Sheet) -> str:
    """``(Ban hành kèm theo Thông tư số 06/2023/TT-BNV ngày 04/05/2023 của Bộ trưởng Bộ Nội vụ)``."""
    day, month, year = sheet.form.basis_date
    short = sheet.v.index("date.zero") == 1
    when = f"{day}/{month}/{year}" if short else f"{day:02d}/{month:02d}/{year}"
    return f"({sheet.v.pick('form.basis_word')} {sheet.form.basis.format(date=when)})"


def code_line(sheet: Sheet) -> str:
    return sheet.v.pick("form.code_word", code=sheet.form.code)


def header_lines(sheet: Sheet, lines: Sequence[tuple[str, str, str]]) -> list[Paragraph]:
    """(section, label, path) lines, those of sections in scope, as paragraphs."""
    out = []
    for section, label, path in lines:
        if sheet.has(section):
            value = values.text(sheet.get(path)) or sheet.empty
            out.append(Paragraph(f"{esc(label)}: <b>{esc(value)}</b>", sheet.st["small"]))
    return out


def two_columns(sheet: Sheet, left: list[Flowable], right: list[Flowable]) -> None:
    """The form's header: the units on the left, the form code and staff number on the right."""
    table = Table([[left or "", right or ""]], colWidths=[sheet.width * 0.58, sheet.width * 0.42])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    sheet.add(table)


def scope_entries(sheet: Sheet) -> list[str]:
    """ "Họ và tên (mục 1)" then each section in scope with its item numbers on this form."""
    ref = sheet.v.pick
    found = []
    for order, section in enumerate(SECTIONS):
        if section.key in sheet.sections:
            numbers = sheet.form.numbers.get(section.key, "")
            shown = f"{section.label} {ref('heading.scope_ref', n=numbers)}" if numbers else section.label
            found.append((_first_number(numbers), order, shown))
    return [f"Họ và tên {ref('heading.scope_ref', n=1)}"] + [shown for *_, shown in sorted(found)]


def _first_number(numbers: str) -> tuple[int, ...]:
    """Sort key of "2, 4–11": (2,); of "35.1": (35, 1); unnumbered entries last."""
    head = numbers.split(",")[0].split("–")[0].strip()
    return tuple(int(p) for p in head.split(".")) if head else (10_000,)


def title_block(sheet: Sheet) -> None:
    """The title, the extract subtitle and the scope line."""
    sheet.add(
        Spacer(1, 4 * mm),
        Paragraph(esc(sheet.form.title), sheet.st["title"]),
        Paragraph(esc(sheet.v.pick("heading.subtitle")), sheet.st["center"]),
    )
    intro = esc(sheet.v.pick("heading.scope_intro"))
    joiner = "<br/>" if sheet.v.index("layout.scope_break") else " "
    scope = esc(sheet.v.pick("list.sep").join(scope_entries(sheet)))
    sheet.add(Paragraph(f"<i>{intro}{joiner}{scope}.</i>", sheet.st["small"]), Spacer(1, 3 * mm))


def name_parts(sheet: Sheet) -> Part:
    """Item 1's label and the name in capitals (always printed: the approval names the cadre)."""
    label = sheet.v.pick("name.label") + sheet.v.pick("name.caps_hint")
    return Part(label, values.text(sheet.get("identity.full_name")).upper())


def sex(sheet: Sheet) -> str:
    return values.label("sex", sheet.get("identity.sex"))


def with_portrait(sheet: Sheet, first: Sequence[Flowable]) -> None:
    """The first items, beside the portrait (top left, like the form's photo box) when one is
    given and identity is in scope; otherwise just the items (no empty photo box)."""
    if sheet.ctx.portrait is None or not sheet.has("identity"):
        sheet.add(*first)
        return
    photo = Image(io.BytesIO(sheet.ctx.portrait), width=PHOTO_W, height=PHOTO_H)
    table = Table([[photo, list(first)]], colWidths=[PHOTO_W + 5 * mm, sheet.width - PHOTO_W - 5 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (0, 0), 2),
            ]
        )
    )
    sheet.add(table, Spacer(1, 2 * mm))


def take(sheet: Sheet, start: int) -> list[Flowable]:
    """The flowables added since ``start`` (removed from the sheet, to place beside the portrait)."""
    taken = sheet.flow[start:]
    del sheet.flow[start:]
    return taken


def closing(sheet: Sheet) -> None:
    sheet.add(
        Spacer(1, 5 * mm), Paragraph(f"<i>{esc(sheet.v.pick('closing.text'))}./.</i>", sheet.st["center"])
    )
