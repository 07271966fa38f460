"""A signed PDF of a filtered view of the audit log, for an inspection.

The report lists the entries (newest last), the filter that chose them, and a signature by the
vault's organisation key over the vault id, the filter, the time, and every listed entry's
sequence number and hash, printed as text and QR. An inspector holding the vault's public key
can check that the paper matches the log. Building it is itself audited. Must not import Qt.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from app import i18n
from app.audit import query
from app.audit.actions import Action
from app.canonical import canonical
from app.clock import iso_utc
from app.datefmt import local_datetime
from app.pdf import fonts
from app.vault.session import Vault
from crypto import codes, signing
from storage.audit_repo import AuditFilter

MAX_ENTRIES = 20000
REPORT_FORMAT = "hoso.audit-report"


def _details_text(details: dict[str, Any]) -> str:
    text = ", ".join(f"{k}={v}" for k, v in sorted(details.items()))
    return text if len(text) <= 160 else text[:159] + "…"


def _styles() -> dict[str, ParagraphStyle]:
    fonts.register()
    return {
        "title": ParagraphStyle("t", fontName=fonts.SERIF_BOLD, fontSize=14, leading=18, alignment=1),
        "body": ParagraphStyle("b", fontName=fonts.SERIF, fontSize=9.5, leading=12.5),
        "cell": ParagraphStyle("c", fontName=fonts.SANS, fontSize=7.5, leading=9),
        "mono": ParagraphStyle("m", fontName=fonts.MONO, fontSize=7.5, leading=9.5),
    }


def signed_digest(vault_id: str, flt: AuditFilter, made_at: str, pairs: list[tuple[int, str]]) -> bytes:
    body = {
        "format": REPORT_FORMAT,
        "vault_id": vault_id,
        "made_at": made_at,
        "filter": [flt.since, flt.until, flt.action, flt.target],
        "entries": pairs,
    }
    return hashlib.sha256(canonical(body)).digest()


def audit_report_pdf(
    vault: Vault,
    flt: AuditFilter,
    lang: str | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> bytes:
    """The signed report of the entries ``flt`` selects (at most 20,000, oldest first)."""

    def t(key: str, **params: Any) -> str:
        return i18n.t(key, lang=lang, **params)

    total = query.count(vault, flt)
    rows = list(reversed(query.entries(vault, flt, 0, MAX_ENTRIES)))
    made_at = iso_utc(vault.clock.now())
    pairs = [(e.seq, e.entry_hash) for e in rows]
    digest = signed_digest(vault.vault_id, flt, made_at, pairs)
    signature = signing.sign(vault.keys.signing_private(), digest)
    st = _styles()

    table_rows: list[list[Any]] = [
        [
            t("report.col.seq"),
            t("report.col.time"),
            t("report.col.actor"),
            t("report.col.action"),
            t("report.col.target"),
            t("report.col.details"),
        ]
    ]
    for n, e in enumerate(rows):
        if cancelled is not None and n % 500 == 0 and cancelled():
            raise InterruptedError("cancelled")
        table_rows.append(
            [
                str(e.seq),
                local_datetime(e.time),
                Paragraph(e.actor, st["cell"]),
                Paragraph(
                    t(f"action.{e.action}")
                    if i18n.catalog(lang or i18n.language()).get(f"action.{e.action}")
                    else e.action,
                    st["cell"],
                ),
                Paragraph(e.target, st["cell"]),
                Paragraph(_details_text(e.details), st["cell"]),
            ]
        )
    table = LongTable(
        table_rows, repeatRows=1, colWidths=[16 * mm, 34 * mm, 38 * mm, 48 * mm, 56 * mm, 75 * mm]
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), fonts.SANS_BOLD, 8),
                ("FONT", (0, 1), (1, -1), fonts.SANS, 7.5),
                ("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    filt = ", ".join(
        f"{k}: {v}"
        for k, v in [
            ("since", flt.since),
            ("until", flt.until),
            ("action", flt.action),
            ("target", flt.target),
        ]
        if v
    )
    story: list[Any] = [
        Paragraph(t("report.title").upper(), st["title"]),
        Spacer(1, 4 * mm),
        Paragraph(
            t(
                "report.meta",
                vault=vault.vault_id,
                made=local_datetime(made_at),
                filter=filt or t("report.no_filter"),
                shown=len(rows),
                total=total,
            ),
            st["body"],
        ),
        Spacer(1, 4 * mm),
        table,
        Spacer(1, 6 * mm),
        Paragraph(t("report.signature_intro"), st["body"]),
        Paragraph(f"SHA-256: {digest.hex().upper()}", st["mono"]),
        Paragraph(f"Ed25519: {codes.b32encode(signature)}", st["mono"]),
        Paragraph(
            t("report.key", fp=codes.b32encode(signing.fingerprint(vault.keys.signing_public()))[:16]),
            st["mono"],
        ),
    ]

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(fonts.SANS, 7.5)
        canvas.drawRightString(doc.pagesize[0] - 12 * mm, 8 * mm, t("report.page", page=doc.page))
        canvas.drawString(12 * mm, 8 * mm, f"{vault.vault_id} · {made_at}")
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=14 * mm,
        title=t("report.title"),
        author="HoSo",
        creator="HoSo",
    )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    vault.audit.record(
        Action.AUDIT_EXPORT,
        vault.vault_id,
        {"entries": len(rows), "filter": filt, "digest": digest.hex()[:16]},
    )
    return buffer.getvalue()
