"""The embedded Unicode fonts (DejaVu, shipped in ``resources/fonts`` with its licence).

ReportLab's built-in Helvetica/Times have no Vietnamese glyphs; every PDF HoSo writes embeds
these TrueType fonts instead. Registered once per process. Must not import Qt.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

SANS = "HoSoSans"
SANS_BOLD = "HoSoSans-Bold"
SERIF = "HoSoSerif"
SERIF_BOLD = "HoSoSerif-Bold"
SERIF_ITALIC = "HoSoSerif-Italic"
MONO = "HoSoMono"

_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    SERIF: "DejaVuSerif.ttf",
    SERIF_BOLD: "DejaVuSerif-Bold.ttf",
    SERIF_ITALIC: "DejaVuSerif-Italic.ttf",
    MONO: "DejaVuSansMono.ttf",
}


@cache
def register() -> None:
    """Register every font with ReportLab (idempotent)."""
    folder = resources.files("resources").joinpath("fonts")
    for name, filename in _FILES.items():
        with resources.as_file(folder.joinpath(filename)) as path:
            pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(SERIF, normal=SERIF, bold=SERIF_BOLD, italic=SERIF_ITALIC)
    pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=SANS_BOLD)
