"""Fonts: the bundled DejaVu faces (``resources/fonts``) registered with Qt, so that Vietnamese
diacritics render the same on every workstation, the offscreen platform included, and the one
monospace font used to show codes.
"""

from __future__ import annotations

from importlib import resources

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

UI_FAMILY = "DejaVu Sans"
MONO_FAMILY = "DejaVu Sans Mono"
UI_POINT_SIZE = 10


def register_bundled_fonts() -> list[str]:
    """Add every ``.ttf`` under ``resources/fonts`` (from memory: works in a frozen bundle too);
    the families that were added."""
    families: list[str] = []
    try:
        folder = resources.files("resources").joinpath("fonts")
        entries = sorted(folder.iterdir(), key=lambda e: e.name) if folder.is_dir() else []
    except (FileNotFoundError, NotADirectoryError):
        entries = []
    for entry in entries:
        if entry.name.lower().endswith(".ttf"):
            font_id = QFontDatabase.addApplicationFontFromData(entry.read_bytes())
            if font_id >= 0:
                families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return families


def apply_default_font(app: QApplication) -> None:
    """Register the bundled faces and make DejaVu Sans the interface font when it is present."""
    register_bundled_fonts()
    if UI_FAMILY in QFontDatabase.families():
        app.setFont(QFont(UI_FAMILY, UI_POINT_SIZE))


def code_font(point_size: int) -> QFont:
    """Monospace for recovery codes and keys (0/O and 1/l/I stay distinct)."""
    font = QFont(MONO_FAMILY if MONO_FAMILY in QFontDatabase.families() else "Monospace", point_size)
    font.setStyleHint(QFont.StyleHint.Monospace)
    return font
