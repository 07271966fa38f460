"""A record (RECORD): a small form of sub-editors, one per column of the spec, each built with
``editor_for`` (so a record holds tables, e.g. ``economy.housing``). Used for ``salary.allowances``
and for the sections that are records (``self_history``, ``economy``). The value is the dict of
the non-empty members, None when all are empty. Problems ``".housing[1].area_m2"`` go to the
member ``housing`` as ``"[1].area_m2"``.

Inner widgets: the member editors ``<name>_<key>`` (named further by their own rules) and their
labels ``<name>_<key>_label``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from app.dossier.fields import Field
from ui.editor.field_editor import FieldEditor
from ui.editor.widgets import factory
from ui.editor.widgets.base import BaseEditor, route_problems
from ui.editor.widgets.cells import column_label


class RecordEditor(BaseEditor):
    MASK_AS_SENTENCE = True

    def __init__(self, spec: Field, parent: QWidget | None = None, *, restricted: bool = False) -> None:
        super().__init__(spec, parent, restricted=restricted)
        layout = QFormLayout(self.body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.members: dict[str, FieldEditor] = {}
        self.labels: dict[str, QLabel] = {}
        for column in spec.columns:
            editor = factory.editor_for(column, self.body, restricted=self.restricted)
            label = QLabel(self.body)
            label.setBuddy(editor)
            layout.addRow(label, editor)
            editor.changed.connect(self._edited)
            self.members[column.key] = editor
            self.labels[column.key] = label
        self._finish()

    def _focus_target(self) -> QWidget | None:
        return next(iter(self.members.values()), None)

    def _name_children(self, name: str) -> None:
        for key, editor in self.members.items():
            editor.setObjectName(f"{name}_{key}")
            self.labels[key].setObjectName(f"{name}_{key}_label")

    def retranslate(self) -> None:
        super().retranslate()
        for column in self.spec.columns:
            self.labels[column.key].setText(column_label(column) + ":")
            retranslate = getattr(self.members[column.key], "retranslate", None)
            if retranslate is not None:
                retranslate()

    def _read(self) -> Any:
        values = {key: editor.value() for key, editor in self.members.items()}
        return {key: value for key, value in values.items() if value is not None} or None

    def _show(self, value: Any) -> None:
        parts = value if isinstance(value, dict) else {}
        for key, editor in self.members.items():
            editor.set_value(parts.get(key))

    def show_problems(self, problems: list[tuple[str, str]]) -> None:
        own, members = route_problems(problems)
        for key, editor in self.members.items():
            editor.show_problems(members.pop(key, []))
        own += [(f".{key}{rest}", message) for key, found in members.items() for rest, message in found]
        self.set_problem("\n".join(message for _, message in own) if own else None)

    def _apply_read_only(self, read_only: bool) -> None:
        for editor in self.members.values():
            editor.set_read_only(read_only)
