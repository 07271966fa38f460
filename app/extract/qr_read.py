"""Reading the per-page QR tokens back from a page image (spec/extracts.md "Tracing").

zxing-cpp finds QR codes in scans and photos reliably (DESIGN §5). The image is tried as it is;
if nothing is found, once more binarised at a threshold between its paper and ink levels, with
isolated specks (lattice dots, photocopy dust) removed, and doubled when small, since a QR code
printed 22 mm wide has modules of only ~4 px at 150 dpi. Must not import Qt.
"""

from __future__ import annotations

import numpy as np
import zxingcpp
from PIL import Image, ImageFilter

_QR = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
SMALL = 1600  # px on the longer side below which the second try doubles the image


def _texts(image: Image.Image) -> list[str]:
    found = zxingcpp.read_barcodes(image, formats=_QR)
    return [str(code.text) for code in found if code.valid]


def _cleaned(image: Image.Image) -> Image.Image:
    grey = image.convert("L")
    if max(grey.size) < SMALL:
        grey = grey.resize((grey.width * 2, grey.height * 2), Image.Resampling.BICUBIC)
    levels = np.asarray(grey)[::4, ::4]
    black, white = np.percentile(levels, [1, 99])
    cut = int((float(black) + float(white)) / 2) if white - black >= 32 else 128
    binary = grey.point(lambda v: 255 if v > cut else 0)
    # opening on the dark: drops specks up to 2 px, keeps modules and strokes
    return binary.filter(ImageFilter.MaxFilter(3)).filter(ImageFilter.MinFilter(3))


def read_qr(image: Image.Image) -> list[str]:
    """Every QR code text found in ``image``, each once, in the order zxing-cpp reports them."""
    texts = _texts(image) or _texts(_cleaned(image))
    return list(dict.fromkeys(texts))
