"""The registers as printed reports: the copy register (sổ quản lý sao, chụp) and the reading
register (sổ theo dõi khai thác hồ sơ), landscape A4 tables built in memory.

The registers are secret like the dossiers they describe: every page carries the stamp "MẬT",
and its number "Trang x/y". They name readers, decisions and dossiers by the cadre's name (a
normal field), never a restricted value. Must not import Qt.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from app import i18n
from app.datefmt import local_datetime, partial_date
from app.extract import serials
from app.extract.approvals import Approvals
from app.extract.readers import Reader, ReaderBook
from app.extract.reading import Reading
from app.extract.register import CopyEntry
from app.pdf import fonts
from app.vault.session import Vault
from storage.dossier_repo import DossierRepository
from storage.reader_repo import ApprovalRow

PAGE = landscape(A4)


def _styles() -> dict[str, ParagraphStyle]:
    fonts.register()
    return {
        "title": ParagraphStyle("t", fontName=fonts.SERIF_BOLD, fontSize=14, leading=18, alignment=1),
        "sub": ParagraphStyle("s", fontName=fonts.SERIF_ITALIC, fontSize=9.5, leading=12, alignment=1),
        "head": ParagraphStyle("h", fontName=fonts.SANS_BOLD, fontSize=7.5, leading=9, alignment=1),
        "cell": ParagraphStyle("c", fontName=fonts.SANS, fontSize=7.5, leading=9),
    }


def _cadre(repo: DossierRepository, dossier_id: int) -> str:
    row = repo.get(dossier_id)
    name = row.facts.get("full_name") if row is not None else None
    return f"{name} (#{dossier_id})" if name else f"#{dossier_id}"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _page(canvas: Canvas, _doc: Any) -> None:
    canvas.saveState()
    canvas.setFont(fonts.SANS_BOLD, 12)
    canvas.setFillColor(colors.Color(0.75, 0, 0))
    canvas.drawCentredString(PAGE[0] / 2, PAGE[1] - 12 * mm, "MẬT")
    canvas.setFillGray(0)
    canvas.setFont(fonts.SANS, 7.5)
    canvas.drawRightString(PAGE[0] - 12 * mm, 8 * mm, i18n.t("register.page", page=canvas.getPageNumber()))
    canvas.restoreState()


def _table(
    head: Sequence[str], rows: list[list[str]], widths: Sequence[float], lang: str | None
) -> LongTable:
    st = _styles()
    data = [[Paragraph(i18n.t(h, lang=lang), st["head"]) for h in head]]
    data += [[Paragraph(_esc(c), st["cell"]) for c in row] for row in rows]
    table = LongTable(data, colWidths=[w * mm for w in widths], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _document(title: str, made: str, table: LongTable) -> bytes:
    st = _styles()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=PAGE,
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=18 * mm,
        bottomMargin=14 * mm,
        title="",
        author="",
        creator="HoSo",
        invariant=True,
    )
    doc.build(
        [Paragraph(title, st["title"]), Paragraph(made, st["sub"]), Spacer(1, 4 * mm), table],
        onFirstPage=_page,
        onLaterPages=_page,
    )
    return buffer.getvalue()


def _lookups(vault: Vault) -> tuple[dict[int, Reader], dict[int, ApprovalRow], DossierRepository]:
    """Readers and approvals by id, and the dossiers, for naming them in a register."""
    readers = {r.id: r for r in ReaderBook(vault).find()}
    approvals = {a.row.id: a.row for a in Approvals(vault).find()}
    return readers, approvals, DossierRepository(vault.db)


def _report(
    vault: Vault,
    prefix: str,
    columns: Sequence[str],
    widths: Sequence[float],
    rows: list[list[str]],
    lang: str | None,
) -> bytes:
    """A register: its title ``<prefix>.title``, when it was made, and its table."""
    table = _table([f"{prefix}.col.{c}" for c in columns], rows, widths, lang)
    at = local_datetime(vault.clock.now().isoformat(), False)
    made = i18n.t("register.made", lang=lang, at=at, count=len(rows))
    return _document(i18n.t(f"{prefix}.title", lang=lang), made, table)


def copy_register_pdf(vault: Vault, entries: list[CopyEntry], lang: str | None = None) -> bytes:
    readers, approvals, dossiers = _lookups(vault)
    rows = []
    for number, e in enumerate(entries, start=1):
        r, reader, approval = e.row, readers.get(e.row.reader_id), approvals.get(e.row.approval_id)
        events = "; ".join(
            f"{i18n.t(f'cli.status.{ev.event}', lang=lang)} {local_datetime(ev.at, False)}"
            + (f" ({ev.note})" if ev.note else "")
            for ev in e.events
        )
        rows.append(
            [
                str(number),
                serials.grouped(r.serial),
                f"{r.copy_no}/{r.copies}",
                _cadre(dossiers, r.dossier_id),
                f"{reader.full_name}, {reader.unit}" if reader else str(r.reader_id),
                f"{approval.decision_no} ({partial_date(approval.decision_date)}), {approval.signer}"
                if approval
                else "",
                ", ".join(r.sections),
                f"{r.layout} · {r.pages}",
                local_datetime(r.issued_at, False),
                r.officer,
                i18n.t(f"cli.status.{r.status}", lang=lang) + (f" — {events}" if events else ""),
            ]
        )
    columns = (
        "no",
        "serial",
        "copy",
        "dossier",
        "reader",
        "approval",
        "sections",
        "layout",
        "time",
        "officer",
        "status",
    )
    widths = (8, 26, 12, 30, 34, 36, 40, 16, 22, 22, 27)
    return _report(vault, "register.copies", columns, widths, rows, lang)


def reading_register_pdf(vault: Vault, readings: list[Reading], lang: str | None = None) -> bytes:
    readers, approvals, dossiers = _lookups(vault)
    rows = []
    for number, s in enumerate(readings, start=1):
        r, reader, approval = s.row, readers.get(s.row.reader_id), approvals.get(s.row.approval_id)
        rows.append(
            [
                str(number),
                f"{reader.full_name}, {reader.unit}" if reader else str(r.reader_id),
                f"{approval.decision_no} ({partial_date(approval.decision_date)})" if approval else "",
                "; ".join(_cadre(dossiers, d) for d in r.dossiers),
                ", ".join(r.sections),
                local_datetime(r.opened_at, False),
                local_datetime(r.closed_at, False) if r.closed_at else "",
                r.officer,
                r.remarks,
            ]
        )
    columns = ("no", "reader", "approval", "dossiers", "sections", "in", "out", "officer", "remarks")
    return _report(vault, "register.reading", columns, (8, 40, 30, 45, 45, 22, 22, 22, 39), rows, lang)
