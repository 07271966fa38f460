"""Partial dates (spec/dossier.md: ``"1968"``, ``"1968-05"``, ``"1968-05-17"``): the three-part
:class:`PartialDateEdit` (day / month / year, Vietnamese order) and the reading of dates typed in
one piece in table cells (``17/05/1968``, ``05/1968``, ``1968``).

A date that cannot be (31/02, a day without a year …) is still returned as typed, in ISO order
(``"2020-02-31"``), so that saving refuses it with the field named; the widget flags it at once.
Inner widgets: ``<name>_day``, ``<name>_month``, ``<name>_year``.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from app.dossier import dates
from app.dossier.fields import Field
from app.i18n import t
from ui.editor.widgets.base import BaseEditor
from ui.editor.widgets.inputs import line_input

_ISO_SHAPE = re.compile(r"^(\d*)(?:-(\d*)(?:-(\d*))?)?$")
_TYPED_ISO = re.compile(r"^\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?$")
_SEPARATORS = re.compile(r"[/.\-\s]+")
_MOVE_ON = frozenset("/.-, ")


def compose(day: str, month: str, year: str) -> str | None:
    """The ISO partial date of the parts as typed (perhaps impossible); None when all are empty."""
    day, month, year = day.strip(), month.strip(), year.strip()
    if not (day or month or year):
        return None
    parts = [year, month.zfill(2) if month else "", day.zfill(2) if day else ""]
    while not parts[-1]:
        parts.pop()
    return "-".join(parts)


def parts_of(iso: str) -> tuple[str, str, str] | None:
    """(day, month, year) of an ISO partial date, even an impossible one; None when not ISO-shaped."""
    match = _ISO_SHAPE.match(iso.strip())
    if match is None:
        return None
    year, month, day = (group or "" for group in match.groups())
    return day, month, year


def typed_to_iso(text: str) -> str | None:
    """A date typed in one piece (dd/mm/yyyy, mm/yyyy, yyyy, or ISO) as stored; the text itself
    when it is no date at all (flagged by :func:`date_problem`); None when blank."""
    text = text.strip()
    if not text:
        return None
    if _TYPED_ISO.match(text):
        found = parts_of(text)
        return compose(*found) if found else text
    pieces = [p for p in _SEPARATORS.split(text) if p]
    if not pieces or len(pieces) > 3 or not all(p.isdigit() for p in pieces):
        return text
    day, month, year = ["", "", *pieces][-3:]
    return compose(day, month, year)


def date_problem(iso: Any) -> str | None:
    """Why the stored form ``iso`` is no partial date (for the officer), or None when it is one."""
    if iso is None or (isinstance(iso, str) and dates.parse(iso) is not None):
        return None
    found = parts_of(iso) if isinstance(iso, str) else None
    if found is None:
        return t("ui.widgets.date.not_a_date")
    day, month, year = found
    if not year:
        return t("ui.widgets.date.year_required")
    if day and not month:
        return t("ui.widgets.date.month_required")
    if len(year) != 4 or not dates.MIN_YEAR <= int(year) <= dates.MAX_YEAR:
        return t("ui.widgets.year.invalid", min=dates.MIN_YEAR, max=dates.MAX_YEAR)
    return t("ui.widgets.date.impossible")


class PartialDateEdit(BaseEditor):
    def __init__(self, spec: Field, parent: QWidget | None = None, *, restricted: bool = False) -> None:
        super().__init__(spec, parent, restricted=restricted)
        self.day = line_input(self.body, 2, r"\d{0,2}")
        self.month = line_input(self.body, 2, r"\d{0,2}")
        self.year = line_input(self.body, 4, r"\d{0,4}")
        self._parts = (self.day, self.month, self.year)
        layout = QHBoxLayout(self.body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        for index, (edit, suffix, sample) in enumerate(
            zip(self._parts, ("day", "month", "year"), ("000", "000", "00000"), strict=True)
        ):
            self._input(edit, suffix)
            edit.setFixedWidth(edit.fontMetrics().horizontalAdvance(sample) + 16)
            edit.setAlignment(Qt.AlignmentFlag.AlignCenter)
            edit.installEventFilter(self)
            edit.textEdited.connect(lambda _text, i=index: self._typed(i))
            if index:
                layout.addWidget(QLabel("/", self.body))
            layout.addWidget(edit)
        layout.addStretch(1)
        self._unparsed: str | None = None
        self._finish()

    def retranslate(self) -> None:
        super().retranslate()
        for edit, key in zip(self._parts, ("day", "month", "year"), strict=True):
            edit.setPlaceholderText(t(f"ui.widgets.date.{key}"))
            edit.setAccessibleName(t(f"ui.widgets.date.{key}"))
            edit.setToolTip(t("ui.widgets.date.tooltip"))

    # -- the value -------------------------------------------------------------------------
    def _read(self) -> Any:
        if self._unparsed is not None:
            return self._unparsed
        return compose(self.day.text(), self.month.text(), self.year.text())

    def _show(self, value: Any) -> None:
        self._unparsed = None
        found = parts_of(value) if isinstance(value, str) else None
        if found is None and value is not None:
            self._unparsed = str(value)  # kept, never silently dropped, until the officer retypes it
        for edit, text in zip(self._parts, found or ("", "", ""), strict=True):
            edit.setText(text)

    def _local_problem(self) -> str | None:
        return date_problem(self._read())

    # -- keyboard --------------------------------------------------------------------------
    def _typed(self, index: int) -> None:
        self._unparsed = None
        edit = self._parts[index]
        if index < 2 and len(edit.text()) == edit.maxLength() and edit.cursorPosition() == edit.maxLength():
            self._move(index + 1)
        self._edited()

    def _move(self, index: int, select: bool = True) -> None:
        edit = self._parts[index]
        edit.setFocus(Qt.FocusReason.TabFocusReason)
        if select:
            edit.selectAll()
        else:
            edit.end(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress and watched in self._parts:
            assert isinstance(watched, QLineEdit)  # noqa: S101 (narrowing: every part is one)
            index = self._parts.index(watched)
            if event.text() and event.text() in _MOVE_ON and index < 2:
                self._move(index + 1)
                return True
            if event.key() == Qt.Key.Key_Backspace and index > 0 and not watched.text():
                self._move(index - 1, select=False)
                return True
        return super().eventFilter(watched, event)
