"""QR codes for PDFs: drawn by ``segno`` as vector squares straight onto a ReportLab canvas.

No image file, no raster: the code is crisp at any printer resolution and the PDF stays small.
Must not import Qt.
"""

from __future__ import annotations

import segno
from reportlab.pdfgen.canvas import Canvas


def draw_qr(canvas: Canvas, payload: str, x: float, y: float, size: float, error: str = "m") -> None:
    """Draw ``payload`` as a QR code whose quiet zone included is ``size`` points wide, with
    its lower-left corner at (x, y)."""
    qr = segno.make_qr(payload, error=error, boost_error=False)
    matrix = [list(row) for row in qr.matrix]
    border = 4
    cells = len(matrix) + 2 * border
    cell = size / cells
    canvas.saveState()
    canvas.setFillGray(1)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillGray(0)
    for r, row in enumerate(matrix):
        run_start = None
        for c, dark in enumerate([*row, 0]):
            if dark and run_start is None:
                run_start = c
            elif not dark and run_start is not None:
                canvas.rect(
                    x + (border + run_start) * cell,
                    y + size - (border + r + 1) * cell,
                    (c - run_start) * cell,
                    cell,
                    stroke=0,
                    fill=1,
                )
                run_start = None
    canvas.restoreState()
