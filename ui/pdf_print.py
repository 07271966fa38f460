"""Printing a PDF that lives in memory: the print dialog, then each page rendered by QtPdf and
drawn on the printer.

Pages are rasterised at no more than :data:`MAX_DPI` (the forensic lattice is an image already),
which keeps a page's bitmap within a few tens of megabytes. Qt hands the job to CUPS, which
spools it to a temporary file; the terminal check warns when CUPS keeps job files (DESIGN §6).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

MAX_DPI = 300


def paint_document(printer: QPrinter, document: QPdfDocument) -> None:
    """Draw every page of ``document`` on ``printer``, each fitted to the printable area."""
    painter = QPainter(printer)
    try:
        dpi = min(printer.resolution(), MAX_DPI)
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            points = document.pagePointSize(page)
            pixels = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
            image = document.render(page, pixels)
            area = painter.viewport()
            scale = min(area.width() / pixels.width(), area.height() / pixels.height())
            target = QRectF(0, 0, pixels.width() * scale, pixels.height() * scale)
            painter.drawImage(target, image)
    finally:
        painter.end()


def print_pdf(parent: QWidget | None, document: QPdfDocument) -> bool:
    """Ask for a printer and print; False when the officer cancels."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    paint_document(printer, document)
    return True
