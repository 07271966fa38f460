"""One copy of an extract, built in memory: the layout's story inside the marked page furniture,
closed by the copy block, with the per-copy layers switched on or off.

:func:`build_copy` returns the PDF bytes and the page count; it never touches a file. The layers
(spec/extracts.md) are ``visible`` (diagonal watermark), ``qr`` (signed token per page),
``lattice`` (forensic dots) and ``variants`` (text variants); the marking itself (stamp, copy
number, serial, pages, copy block) is always drawn. The benchmark builds the same copy without
the layers to price them. An ``appendix`` of flowables (the scanned papers,
:mod:`app.extract.scan_pages`) goes between the text and the copy block, under the same furniture,
so that the copy block stays on the last page. Must not import Qt.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.doctemplate import BaseDocTemplate, PageTemplate
from reportlab.platypus.frames import Frame

from app.extract import serials
from app.extract.furniture import (
    BOTTOM_RESERVE,
    MARGIN_X,
    PAGE_H,
    PAGE_W,
    TOP_RESERVE,
    Furniture,
    MarkedCanvas,
)
from app.extract.layouts import LayoutContext, story
from app.extract.marking import Template
from app.extract.variants import Variants
from app.pdf import fonts

LAYERS = frozenset({"visible", "qr", "lattice", "variants"})
FRAME_WIDTH = PAGE_W - 2 * MARGIN_X


@dataclass(frozen=True, slots=True)
class CopyFacts:
    """Who and what a copy is for: everything its marking says."""

    serial: str
    copy_no: int
    copies: int
    secrecy: str  # catalog code: mat, toi_mat
    reader: str
    reader_title: str
    reader_unit: str
    decision_no: str
    decision_date: str  # dd/mm/yyyy
    signer: str
    signer_title: str
    officer: str
    issued_at: datetime  # aware

    def fill(self, text: str) -> str:
        local = self.issued_at.astimezone()
        return (
            text.format(
                k=self.copy_no,
                n=self.copies,
                serial=serials.grouped(self.serial),
                reader=self.reader,
                reader_title=self.reader_title,
                unit=self.reader_unit,
                decision_no=self.decision_no,
                decision_date=self.decision_date,
                signer=self.signer,
                signer_title=self.signer_title,
                officer=self.officer,
                date=local.strftime("%d/%m/%Y"),
                time=local.strftime("%H:%M, %d/%m/%Y"),
            )
            .replace("  ", " ")
            .strip()
        )


@dataclass(frozen=True, slots=True)
class Built:
    pdf: bytes
    pages: int


def copy_block(facts: CopyFacts, template: Template) -> Flowable:
    """The last page's copy block: the copy's number, form, time, count, recipient, authority."""
    fonts.register()
    label = ParagraphStyle("block-label", fontName=fonts.SERIF, fontSize=9.5, leading=12)
    value = ParagraphStyle("block-value", parent=label, fontName=fonts.SERIF_BOLD)
    title = ParagraphStyle("block-title", parent=value, fontSize=10.5, alignment=1, spaceAfter=4)
    sign = ParagraphStyle("block-sign", parent=label, alignment=1)
    rows = [
        [Paragraph(name, label), Paragraph(_escape(facts.fill(text)), value)] for name, text in template.block
    ]
    table = Table(rows, colWidths=[45 * mm, FRAME_WIDTH - 45 * mm - 2])
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.8, "black"),
                ("INNERGRID", (0, 0), (-1, -1), 0.3, "grey"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    signature = [Paragraph(f"<b>{template.signature[0]}</b>", sign)]
    signature += [Paragraph(f"<i>{line}</i>", sign) for line in template.signature[1:]]
    return KeepTogether(
        [
            Spacer(1, 6 * mm),
            Paragraph(template.block_title, title),
            table,
            Spacer(1, 3 * mm),
            *signature,
            Spacer(1, 18 * mm),
        ]
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def build_copy(
    doc: dict[str, Any],
    sections: frozenset[str],
    layout: str,
    facts: CopyFacts,
    template: Template,
    *,
    variants: Variants,
    portrait: bytes | None = None,
    qr_token: Callable[[int], str] | None = None,
    lattice_payload: bytes | None = None,
    layers: frozenset[str] = LAYERS,
    appendix: Sequence[Flowable] = (),
) -> Built:
    """The PDF of one copy, in memory; ``appendix`` (the scanned pages, :mod:`scan_pages`) goes
    after the layout's text and before the copy block, under the same page furniture."""
    fonts.register()
    furniture = Furniture(
        stamp=template.stamp.get(facts.secrecy, template.stamp["mat"]),
        first_page=facts.fill(template.first_page),
        serial_line=facts.fill(template.serial),
        page_line=template.page,
        watermark=facts.fill(template.watermark) if "visible" in layers else None,
        qr_token=qr_token if "qr" in layers else None,
        lattice_payload=lattice_payload if "lattice" in layers else None,
    )
    context = LayoutContext(
        variants=variants if "variants" in layers else Variants.official(),
        frame_width=FRAME_WIDTH,
        portrait=portrait,
    )
    flowables = [*story(layout, doc, sections, context), *appendix, copy_block(facts, template)]
    buffer = io.BytesIO()
    frame = Frame(
        MARGIN_X,
        BOTTOM_RESERVE,
        FRAME_WIDTH,
        PAGE_H - TOP_RESERVE - BOTTOM_RESERVE,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    document = BaseDocTemplate(
        buffer,
        pagesize=(PAGE_W, PAGE_H),
        title="",
        author="",
        subject="",
        creator="HoSo",
        pageTemplates=[PageTemplate(id="copy", frames=[frame], onPage=furniture.begin_page)],
        invariant=True,
    )
    holder: list[MarkedCanvas] = []

    def maker(*args: Any, **kwargs: Any) -> MarkedCanvas:
        canvas = MarkedCanvas(*args, furniture=furniture, **kwargs)
        holder.append(canvas)
        return canvas

    document.build(flowables, canvasmaker=maker)
    return Built(buffer.getvalue(), holder[-1].pages if holder else 0)
