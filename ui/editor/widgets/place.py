"""A place (PLACE): commune, district and province typed as written (historic names are kept), the
province with type-ahead over the ``province`` catalog's Vietnamese labels. The value is
``{"commune": …, "district": …, "province": …}`` without the empty parts, None when all are empty.
Inner widgets: ``<name>_commune``, ``<name>_district``, ``<name>_province``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QWidget

from app import i18n
from app.dossier import catalogs
from app.dossier.fields import Field
from ui.editor.widgets.base import BaseEditor, route_problems
from ui.editor.widgets.completion import SearchCompleter
from ui.editor.widgets.inputs import line_input, popup_of

PARTS = ("commune", "district", "province")


class PlaceEditor(BaseEditor):
    def __init__(self, spec: Field, parent: QWidget | None = None, *, restricted: bool = False) -> None:
        super().__init__(spec, parent, restricted=restricted)
        layout = QHBoxLayout(self.body)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edits: dict[str, QLineEdit] = {}
        for key in PARTS:
            column = spec.column(key)
            edit = line_input(self.body, column.max_len if column is not None else 200)
            self._input(edit, key)
            edit.textEdited.connect(self._edited)
            layout.addWidget(edit, 1)
            self.edits[key] = edit
        self.completer = SearchCompleter(catalogs.load("province"), self.edits["province"], lambda e: e.label)
        self.edits["province"].setCompleter(self.completer)
        self.completer.attach(self.edits["province"])
        self.completer.activated.connect(self._edited)
        self._finish()

    def _name_children(self, name: str) -> None:
        popup_of(self.completer).setObjectName(f"{name}_province_popup")

    def retranslate(self) -> None:
        super().retranslate()
        lang = i18n.language()
        for key, edit in self.edits.items():
            column = self.spec.column(key)
            if column is not None:
                edit.setPlaceholderText(column.label if lang == "vi" else column.label_en)

    def _read(self) -> Any:
        parts = {key: edit.text().strip() for key, edit in self.edits.items()}
        return {key: text for key, text in parts.items() if text} or None

    def _show(self, value: Any) -> None:
        parts = value if isinstance(value, dict) else {}
        for key, edit in self.edits.items():
            text = parts.get(key)
            edit.setText("" if text is None else str(text))
            edit.setCursorPosition(0)

    def show_problems(self, problems: list[tuple[str, str]]) -> None:
        own, members = route_problems(problems)
        parts = {key: "\n".join(m for _, m in members.pop(key)) for key in PARTS if key in members}
        own += [(f".{key}{rest}", message) for key, found in members.items() for rest, message in found]
        self._part_problems = parts
        self.set_problem("\n".join(message for _, message in own) if own else None)
