"""Numbers: whole numbers (INT), decimals (DECIMAL) and years (YEAR), typed in a one-line input.

Stored as structure.py expects: INT and YEAR as ``int``; DECIMAL as ``int`` when typed without a
decimal separator and ``float`` otherwise (so a stored ``100`` or ``3.0`` comes back unchanged).
Vietnamese writes the decimal comma ("4,74"); both "," and "." are accepted, and the comma is
shown when the interface is in Vietnamese. Inner widget: ``<name>_edit``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QWidget

from app import i18n
from app.dossier import dates
from app.dossier.fields import Field, Kind
from app.i18n import t
from ui.editor.widgets.base import BaseEditor
from ui.editor.widgets.inputs import line_input

INT_PATTERN = r"-?\d{0,13}"
DECIMAL_PATTERN = r"-?\d{0,13}([.,]\d{0,12})?"
YEAR_PATTERN = r"\d{0,4}"


def pattern_for(kind: Kind) -> str:
    return {Kind.INT: INT_PATTERN, Kind.DECIMAL: DECIMAL_PATTERN, Kind.YEAR: YEAR_PATTERN}[kind]


def format_number(value: Any, lang: str | None = None) -> str:
    """``4.74`` → ``4,74`` in Vietnamese; ints as digits; anything else as text."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "" if value is None else str(value)
    if isinstance(value, int):
        return str(value)
    text = repr(value)
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    if "." not in text:
        text += ".0"
    return text.replace(".", ",") if (lang or i18n.language()) == "vi" else text


def parse_number(text: str, kind: Kind) -> int | float | str | None:
    """The typed number as stored; the text itself when it is not a number (flagged elsewhere)."""
    text = text.strip().replace(" ", "")
    if not text or text == "-":
        return None
    if kind == Kind.DECIMAL and ("," in text or "." in text):
        try:
            return float(text.replace(",", "."))
        except ValueError:
            return text
    try:
        return int(text)
    except ValueError:
        return text


def number_problem(value: Any, kind: Kind) -> str | None:
    """What is wrong with a typed number (a year out of range, an incomplete decimal), or None."""
    if value is None:
        return None
    if isinstance(value, str):
        return t("ui.widgets.number.invalid")
    if kind == Kind.YEAR and not dates.MIN_YEAR <= value <= dates.MAX_YEAR:
        return t("ui.widgets.year.invalid", min=dates.MIN_YEAR, max=dates.MAX_YEAR)
    return None


class NumberEditor(BaseEditor):
    def __init__(self, spec: Field, parent: QWidget | None = None, *, restricted: bool = False) -> None:
        super().__init__(spec, parent, restricted=restricted)
        max_len = 4 if spec.kind == Kind.YEAR else 30
        self.edit = line_input(self.body, max_len, pattern_for(spec.kind))
        self._input(self.edit, "edit")
        if spec.kind == Kind.YEAR:
            self.edit.setMaximumWidth(self.edit.fontMetrics().horizontalAdvance("0000") + 24)
        else:
            self.edit.setMaximumWidth(self.edit.fontMetrics().horizontalAdvance("0" * 18) + 24)
        layout = QHBoxLayout(self.body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addStretch(1)
        self.edit.textEdited.connect(self._edited)
        self._finish()

    def _read(self) -> Any:
        return parse_number(self.edit.text(), self.spec.kind)

    def _show(self, value: Any) -> None:
        self.edit.setText(format_number(value))

    def _local_problem(self) -> str | None:
        return number_problem(self._read(), self.spec.kind)

    def retranslate(self) -> None:
        super().retranslate()
        if self.spec.kind == Kind.DECIMAL and not self._masked:
            current = self._read()  # the decimal separator follows the language
            if isinstance(current, float):
                self.edit.setText(format_number(current))
        if self.spec.kind == Kind.YEAR:
            self.edit.setPlaceholderText(t("ui.widgets.date.year"))
