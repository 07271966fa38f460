"""Text fields: one line (TEXT), several lines (LONG_TEXT, also the free-text sections such as
``foreign_relatives``) and the 12-digit personal identification number.

The value is the text trimmed, None when blank; lengths are limited to the field's ``max_len``.
Inner widget: ``<name>_edit``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QWidget

from app.dossier.fields import Field
from app.i18n import t
from ui.editor.widgets.base import BaseEditor
from ui.editor.widgets.inputs import PlainTextInput, line_input

LONG_TEXT_LINES = 4


class TextEditor(BaseEditor):
    PATTERN: str | None = None

    def __init__(self, spec: Field, parent: QWidget | None = None, *, restricted: bool = False) -> None:
        super().__init__(spec, parent, restricted=restricted)
        self.edit = line_input(self.body, spec.max_len, self.PATTERN)
        self._input(self.edit, "edit")
        layout = QHBoxLayout(self.body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.edit.textEdited.connect(self._edited)
        self._finish()

    def _read(self) -> Any:
        return self.edit.text().strip() or None

    def _show(self, value: Any) -> None:
        self.edit.setText("" if value is None else str(value))
        self.edit.setCursorPosition(0)


class PersonalIdEditor(TextEditor):
    """Digits only, twelve of them; fewer are flagged while typing."""

    PATTERN = r"\d{0,12}"

    def _local_problem(self) -> str | None:
        text = self.edit.text()
        if text and (len(text) != 12 or not text.isdigit()):
            return t("ui.widgets.personal_id.incomplete")
        return None


class LongTextEditor(BaseEditor):
    def __init__(self, spec: Field, parent: QWidget | None = None, *, restricted: bool = False) -> None:
        super().__init__(spec, parent, restricted=restricted)
        self.edit = PlainTextInput(spec.max_len, self.body)
        self._input(self.edit, "edit")
        lines = self.edit.fontMetrics().lineSpacing() * LONG_TEXT_LINES
        margins = self.edit.contentsMargins()
        frame = 2 * self.edit.frameWidth() + margins.top() + margins.bottom()
        self.edit.setMinimumHeight(lines + frame + 8)
        self.edit.setMaximumHeight(lines * 3 + frame + 8)
        layout = QHBoxLayout(self.body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.edit.textChanged.connect(self._edited)
        self._finish()

    def _read(self) -> Any:
        return self.edit.toPlainText().strip() or None

    def _show(self, value: Any) -> None:
        self.edit.setPlainText("" if value is None else str(value))

    def _apply_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)  # the text stays selectable
