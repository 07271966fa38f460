"""The scanned papers of a dossier in a copy of an extract (scope section ``documents``, issue 9).

When the approval covers ``documents``, the copy gets one page per live scanned page of the
dossier's live documents, after the text and before the copy block: inventory order, then page
position. Each page has a caption line (kind, number, date, title; "Trang i/n" of that document)
and the scan scaled to fit the frame, aspect kept. The page furniture (stamp, copy number,
serial, "Trang x/y" over the whole copy, visible watermark, QR token, dot lattice) is the copy's
own, drawn by :class:`~app.extract.furniture.Furniture` like on a text page.

The lattice and the watermark are painted first on every page, so an opaque scan would hide
them: a JPEG or colour scan is painted in the ``Multiply`` blend mode, where its paper lets the
dots and the grey lines through and its ink stays dark, as over a text page; a bilevel scan is a
1-bit stencil (:mod:`app.pdf.image_mask`) that paints only its ink. A JPEG goes in as it is
stored (``DCTDecode``, not decoded or re-encoded), each scan once per copy, all from memory.

The copy's secrecy is the highest of its content: a ``toi_mat`` document's scans raise a ``mat``
dossier's copy to ``TỐI MẬT`` (:func:`copy_secrecy`). Must not import Qt.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfdoc import PDFArray, PDFName
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreakIfNotEmpty

from app.datefmt import partial_date
from app.documents.service import DocumentService
from app.dossier import catalogs
from app.i18n import t
from app.pdf import fonts
from app.pdf.image_mask import draw_image_mask, draw_image_object

CAPTION_PT = 8.5
CAPTION_H = 14.0  # points: the caption line and the gap under it
_COLOUR_SPACES = {"L": "DeviceGray", "RGB": "DeviceRGB"}

Box = tuple[float, float, float, float]  # x, y, width, height in points


@dataclass(frozen=True, slots=True)
class ScanSheet:
    """One scanned page as it prints: which scan, its caption and its size in pixels."""

    scan_id: int
    document_id: int
    caption: str
    page: str  # "Trang i/n" of its document
    width: int
    height: int
    secrecy: str | None  # the document's level, if marked


def _date(iso: str | None, lang: str) -> str:
    if not iso:
        return ""
    key = {1: "year", 2: "month"}.get(iso.count("-") + 1, "day")
    return t(f"extract_scans.{key}", lang, date=partial_date(iso))


def sheets(documents: DocumentService, dossier_id: int, lang: str = "vi") -> list[ScanSheet]:
    """The live scanned pages of the dossier's live documents, in inventory and page order."""
    out: list[ScanSheet] = []
    for filed in documents.documents(dossier_id):
        d = filed.document
        parts = [
            documents.kind_label(d.kind, lang),
            t("extract_scans.number", lang, number=d.number) if d.number else "",
            _date(d.date, lang),
            d.title,
        ]
        caption = " · ".join(p for p in parts if p)
        for index, scan in enumerate(filed.scans, start=1):
            page = t("extract_scans.page", lang, page=index, pages=len(filed.scans))
            out.append(ScanSheet(scan.id, d.id, caption, page, scan.width, scan.height, d.secrecy))
    return out


def copy_secrecy(dossier_secrecy: str, printed: Iterable[ScanSheet]) -> str:
    """The highest secrecy among the dossier's and that of the documents whose scans print."""
    levels = catalogs.load("secrecy")

    def rank(code: str) -> int:
        entry = levels.get(code)
        return int(entry.extra.get("rank", 0)) if entry is not None else 0

    marked = [s.secrecy for s in printed if s.secrecy]
    return max([dossier_secrecy, *marked], key=rank)


def flowables(printed: Sequence[ScanSheet], load: Callable[[int], bytes]) -> list[Flowable]:
    """One page per scan, each on a page of its own; ``load(scan_id)`` gives the stored image."""
    out: list[Flowable] = []
    for sheet in printed:
        out += [PageBreakIfNotEmpty(), ScanFlowable(sheet, load)]
    return out


def _fitted(text: str, font: str, size: float, width: float) -> str:
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip(" ·") + "…"


class ScanFlowable(Flowable):  # type: ignore[misc]  # ReportLab ships no types
    """A caption line and one scan scaled into the rest of the frame."""

    def __init__(self, sheet: ScanSheet, load: Callable[[int], bytes]) -> None:
        super().__init__()
        self.sheet = sheet
        self._load = load
        self._image: tuple[float, float] = (0.0, 0.0)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        room = max(1.0, avail_height - CAPTION_H)
        scale = min(avail_width / self.sheet.width, room / self.sheet.height)
        self._image = (self.sheet.width * scale, self.sheet.height * scale)
        self.width = avail_width
        self.height = self._image[1] + CAPTION_H
        return self.width, self.height

    def draw(self) -> None:
        canvas: Canvas = self.canv
        fonts.register()
        top = self.height - CAPTION_H + 4
        page_width = stringWidth(self.sheet.page, fonts.SANS_BOLD, CAPTION_PT)
        canvas.setFillGray(0)
        canvas.setFont(fonts.SANS_BOLD, CAPTION_PT)
        canvas.drawRightString(self.width, top, self.sheet.page)
        canvas.setFont(fonts.SANS, CAPTION_PT)
        room = self.width - page_width - 12
        canvas.drawString(0, top, _fitted(self.sheet.caption, fonts.SANS, CAPTION_PT, room))
        width, height = self._image
        box = ((self.width - width) / 2, 0.0, width, height)
        draw_scan(canvas, self._load(self.sheet.scan_id), box)
        canvas.saveState()
        canvas.setStrokeGray(0.55)
        canvas.setLineWidth(0.3)
        canvas.rect(*box, stroke=1, fill=0)
        canvas.restoreState()


def draw_scan(canvas: Canvas, data: bytes, box: Box) -> None:
    """Paint a stored page image into ``box`` so that what was drawn under it shows through its
    paper: JPEG as it is in ``Multiply``; bilevel as a black stencil; anything else decoded."""
    with Image.open(io.BytesIO(data)) as image:
        fmt, mode, size = image.format, image.mode, image.size
        if fmt == "JPEG" and mode in _COLOUR_SPACES:
            _multiply(canvas, lambda: _draw_jpeg(canvas, data, size, _COLOUR_SPACES[mode], box))
        elif mode == "1":
            image.load()
            draw_image_mask(canvas, image.tobytes(), size, box, 0.0)
        else:
            flat = image.convert("L" if mode in ("L", "LA") else "RGB")  # not stored today
            _multiply(canvas, lambda: canvas.drawImage(ImageReader(flat), *box))


def _multiply(canvas: Canvas, paint: Callable[[], None]) -> None:
    canvas._doc.ensureMinPdfVersion("transparency")
    canvas.saveState()
    canvas.setBlendMode("Multiply")
    paint()
    canvas.restoreState()


def _draw_jpeg(canvas: Canvas, data: bytes, size: tuple[int, int], space: str, box: Box) -> None:
    """The JPEG's own bytes as an image XObject (DCTDecode), registered once per document."""
    entries: dict[str, object] = {
        "Width": size[0],
        "Height": size[1],
        "ColorSpace": PDFName(space),
        "BitsPerComponent": 8,
        "Filter": PDFArray([PDFName("DCTDecode")]),
    }
    draw_image_object(canvas, "HosoScan" + hashlib.sha256(data).hexdigest()[:24], entries, data, box)
