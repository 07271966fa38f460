"""The two paper slips of the audit log, as one-page PDFs built in memory.

* The checkpoint slip (printed at the end of a working day): sequence number, head hash, time,
  the organisation's signature and a QR carrying all of it, with signature lines for the
  officer and the countersigning supervisor.
* The inspector's audit-key slip (printed once at vault creation): K(0) in large type and as a
  QR, to be sealed and handed over; the key is kept nowhere else.

Must not import Qt.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from app import i18n
from app.audit.checkpoint import Checkpoint
from app.datefmt import local_datetime
from app.pdf import fonts
from app.pdf.qr import draw_qr
from crypto import codes, signing

WIDTH: float = float(A4[0])
HEIGHT: float = float(A4[1])
MARGIN: float = 20.0 * mm
LABEL_W = 48 * mm


def _groups(text: str, size: int = 4, per_line: int = 8) -> list[str]:
    chunks = [text[i : i + size] for i in range(0, len(text), size)]
    return [" ".join(chunks[i : i + per_line]) for i in range(0, len(chunks), per_line)]


def _canvas(buffer: io.BytesIO, title: str) -> Canvas:
    fonts.register()
    canvas = Canvas(buffer, pagesize=A4, invariant=False)
    canvas.setTitle(title)
    canvas.setAuthor("HoSo")
    canvas.setCreator("HoSo")
    canvas.setSubject("")
    return canvas


def _heading(canvas: Canvas, org: str, title: str, stamp: str | None) -> float:
    canvas.setFont(fonts.SERIF, 11)
    canvas.drawCentredString(MARGIN + 40 * mm, HEIGHT - MARGIN, org.upper())
    canvas.setFont(fonts.SERIF_BOLD, 11)
    canvas.drawCentredString(WIDTH - MARGIN - 45 * mm, HEIGHT - MARGIN, "ĐẢNG CỘNG SẢN VIỆT NAM")
    if stamp:
        canvas.setFont(fonts.SANS_BOLD, 16)
        canvas.rect(MARGIN, HEIGHT - MARGIN - 16 * mm, 30 * mm, 10 * mm)
        canvas.drawCentredString(MARGIN + 15 * mm, HEIGHT - MARGIN - 13 * mm, stamp)
    canvas.setFont(fonts.SERIF_BOLD, 15)
    canvas.drawCentredString(WIDTH / 2, HEIGHT - MARGIN - 30 * mm, title.upper())
    return float(HEIGHT - MARGIN - 45 * mm)


def _rows(canvas: Canvas, y: float, rows: Sequence[tuple[str, Sequence[str]]], label_w: float) -> float:
    for label, lines in rows:
        canvas.setFont(fonts.SERIF_BOLD, 10.5)
        canvas.drawString(MARGIN, y, label)
        for line in lines:
            canvas.setFont(fonts.MONO if line[:1].isdigit() or line.isupper() else fonts.SERIF, 10)
            canvas.drawString(MARGIN + label_w, y, line)
            y -= 5.5 * mm
        y -= 1.5 * mm
    return y


def _paragraph(canvas: Canvas, y: float, text: str, width: float, size: float = 10) -> float:
    canvas.setFont(fonts.SERIF_ITALIC, size)
    for line in simpleSplit(text, fonts.SERIF_ITALIC, size, width):
        canvas.drawString(MARGIN, y, line)
        y -= size * 1.35
    return y


def _signatures(canvas: Canvas, y: float, left: str, right: str) -> None:
    canvas.setFont(fonts.SERIF_BOLD, 11)
    canvas.drawCentredString(MARGIN + 40 * mm, y, left.upper())
    canvas.drawCentredString(WIDTH - MARGIN - 40 * mm, y, right.upper())
    canvas.setFont(fonts.SERIF_ITALIC, 10)
    hint = i18n.t("slip.sign_hint")
    canvas.drawCentredString(MARGIN + 40 * mm, y - 5 * mm, hint)
    canvas.drawCentredString(WIDTH - MARGIN - 40 * mm, y - 5 * mm, hint)


def checkpoint_pdf(cp: Checkpoint, vault_name: str, org: str | None = None) -> bytes:
    buffer = io.BytesIO()
    canvas = _canvas(buffer, i18n.t("slip.checkpoint.title"))
    y = _heading(canvas, org or i18n.t("slip.org_default"), i18n.t("slip.checkpoint.title"), None)
    fp = codes.b32encode(signing.fingerprint(cp.public_key))[:16]
    rows = [
        (i18n.t("slip.vault"), [vault_name, cp.vault_id]),
        (i18n.t("slip.checkpoint.seq"), [str(cp.seq)]),
        (i18n.t("slip.checkpoint.time"), [f"{local_datetime(cp.time)}  ({cp.time})"]),
        (i18n.t("slip.checkpoint.head"), _groups(cp.head_hash.hex().upper(), 8, 4)),
        (i18n.t("slip.checkpoint.key"), _groups(fp)),
        (i18n.t("slip.checkpoint.signature"), _groups(codes.b32encode(cp.signature), 4, 9)),
    ]
    y = _rows(canvas, y, rows, LABEL_W)
    qr_size = 62 * mm
    draw_qr(canvas, cp.qr_payload(), (WIDTH - qr_size) / 2, y - qr_size, qr_size)
    y -= qr_size + 6 * mm
    y = _paragraph(canvas, y, i18n.t("slip.checkpoint.instructions"), WIDTH - 2 * MARGIN)
    _signatures(canvas, y - 14 * mm, i18n.t("slip.officer"), i18n.t("slip.supervisor"))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def audit_key_pdf(vault_id: str, audit_key: str, created_at: str, org: str | None = None) -> bytes:
    buffer = io.BytesIO()
    canvas = _canvas(buffer, i18n.t("slip.audit_key.title"))
    y = _heading(canvas, org or i18n.t("slip.org_default"), i18n.t("slip.audit_key.title"), "MẬT")
    rows = [
        (i18n.t("slip.vault"), [vault_id]),
        (i18n.t("slip.audit_key.created"), [f"{local_datetime(created_at)}  ({created_at})"]),
    ]
    y = _rows(canvas, y, rows, LABEL_W)
    canvas.setFont(fonts.MONO, 17)
    groups = audit_key.split("-")
    for i in range(0, len(groups), 5):
        y -= 9 * mm
        canvas.drawString(MARGIN + 8 * mm, y, "  ".join(groups[i : i + 5]))
    qr_size = 55 * mm
    y -= 8 * mm
    draw_qr(canvas, audit_key, (WIDTH - qr_size) / 2, y - qr_size, qr_size, error="q")
    y -= qr_size + 8 * mm
    y = _paragraph(canvas, y, i18n.t("slip.audit_key.instructions"), WIDTH - 2 * MARGIN)
    _signatures(canvas, y - 14 * mm, i18n.t("slip.handed_by"), i18n.t("slip.received_by"))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
