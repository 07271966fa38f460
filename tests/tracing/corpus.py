"""Real issued copies for the tracing tests and benchmark, and their pages rendered by QtPdf.

Copies are issued through the real service (approval, register, all four layers) into a real
vault; pages are rendered by QtPdf from a QBuffer, as the preview does, so the images the trace
tool decodes never come from the renderer it uses itself (PDFium through pypdfium2).
"""

from __future__ import annotations

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QImage
from PySide6.QtPdf import QPdfDocument

from app.dossier.service import DossierService
from app.dossier.synthetic import generate
from app.extract.approvals import ApprovalInput, Approvals
from app.extract.readers import ReaderBook
from app.extract.service import ExtractService, IssuedCopy, Request
from app.vault.session import Vault

SECTIONS = ("identity", "position", "training", "family")


def render(pdf: bytes, page: int, dpi: int = 300) -> Image.Image:
    """Page ``page`` (0-based) as a grayscale PIL image, rendered by QtPdf from memory."""
    data = QByteArray(pdf)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    size = document.pagePointSize(page)
    image = document.render(page, QSize(round(size.width() * dpi / 72), round(size.height() * dpi / 72)))
    image = image.convertToFormat(QImage.Format.Format_RGBA8888)  # transparent where nothing is drawn
    width, height, stride = image.width(), image.height(), image.bytesPerLine()
    raw = bytes(image.constBits())[: stride * height]
    document.close()
    buffer.close()
    rgba = Image.frombuffer("RGBA", (width, height), raw, "raw", "RGBA", stride, 1)
    paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return Image.alpha_composite(paper, rgba).convert("L")


def issue(
    vault: Vault,
    dossiers: int,
    copies: int,
    *,
    seed: int = 7,
    layouts: tuple[str, ...] = ("tt06", "2c-tctw", "2c-bnv"),
    reader: str = "Phạm Thị Ngọc Ánh",
) -> list[IssuedCopy]:
    """``copies`` copies of each of ``dossiers`` generated dossiers, for one approved reader; the
    layouts take turns by dossier."""
    ids = [s.id for s in DossierService(vault).save_many(list(generate(dossiers, seed=seed)), source="test")]
    reader_id = ReaderBook(vault).add(reader, "Ủy ban Kiểm tra Tỉnh ủy", "Chuyên viên")
    approval = Approvals(vault).add(
        ApprovalInput(
            reader_id=reader_id, decision_no="7-QĐ/TU", decision_date="20/12/2025", signer="Hoàng Văn Ký",
            dossiers=tuple(ids), sections=SECTIONS, valid_until="31/12/2099", copies=copies,
        )
    )  # fmt: skip
    service = ExtractService(vault)
    issued: list[IssuedCopy] = []
    for index, dossier in enumerate(ids):
        layout = layouts[index % len(layouts)]
        issued += service.issue(Request(approval, dossier, copies, layout))
    return issued
