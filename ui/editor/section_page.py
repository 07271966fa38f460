"""One page of the editor: the fields of one section of the dossier, laid out from the registry.

A section of fields becomes a form (the form's label, the widget, and the problem under it);
a section that is one table, record or long text becomes that one widget filling the page.
The page reports each edit as ``edited(path, value)`` and shows what the editor tells it:
values, problems, masks. Object names: the page ``page_<section>``, each field widget
``field_<section>_<key>`` (``field_<section>`` for a whole-section table), each problem label
``problem_<section>_<key>``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from app import i18n
from app.dossier import fields
from app.dossier.document import MASK
from app.dossier.fields import Field, Section
from ui.editor.field_editor import FieldEditor
from ui.editor.widgets import editor_for


def object_name(path: str) -> str:
    return "field_" + path.replace(".", "_")


def label_of(item: Field | Section) -> str:
    return item.label if i18n.language() == "vi" else item.label_en


class SectionPage(QScrollArea):
    edited = Signal(str, object)

    def __init__(self, section: Section, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.section = section
        self.setObjectName(f"page_{section.key}")
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget(self)
        self.editors: dict[str, FieldEditor] = {}
        self.labels: dict[str, QLabel] = {}
        self.problems: dict[str, QLabel] = {}
        self.heading = QLabel(body)
        self.heading.setObjectName(f"heading_{section.key}")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        layout = QVBoxLayout(body)
        layout.addWidget(self.heading)
        if section.table is not None:
            self._add(section.key, section.table, body, layout)
        else:
            form = QFormLayout()
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            for spec in section.fields:
                self._add(f"{section.key}.{spec.key}", spec, body, form)
            layout.addLayout(form)
            layout.addStretch(1)
        self.setWidget(body)
        self.retranslate()

    def _add(self, path: str, spec: Field, body: QWidget, into: QFormLayout | QVBoxLayout) -> None:
        editor = editor_for(spec, body)
        editor.setObjectName(object_name(path))
        editor.changed.connect(lambda p=path, e=editor: self.edited.emit(p, e.value()))
        problem = QLabel(body)
        problem.setObjectName("problem_" + path.replace(".", "_"))
        problem.setWordWrap(True)
        problem.setStyleSheet("color: #b00020;")
        problem.hide()
        box = QVBoxLayout()
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(editor)
        box.addWidget(problem)
        if isinstance(into, QFormLayout):
            label = QLabel(body)
            label.setBuddy(editor)
            label.setWordWrap(True)
            label.setMinimumWidth(160)
            label.setMaximumWidth(260)
            self.labels[path] = label
            into.addRow(label, box)
        else:
            into.addLayout(box, 1)
        self.editors[path] = editor
        self.problems[path] = problem

    # -- what the editor shows ------------------------------------------------------------
    def show_values(self, value_of: Any, masked: set[str]) -> None:
        """Show each field's value (``value_of(path)``); paths in ``masked`` hold the mask."""
        for path, editor in self.editors.items():
            value = value_of(path)
            hide = path in masked or value == MASK
            editor.set_masked(hide)
            editor.set_value(None if hide else value)

    def show_problems(self, grouped: dict[str, list[tuple[str, str]]]) -> None:
        for path, editor in self.editors.items():
            found = grouped.get(path, [])
            editor.show_problems(found)
            label = self.problems[path]
            label.setText("\n".join(message for _, message in found))
            label.setVisible(bool(found))

    def set_read_only(self, read_only: bool) -> None:
        for editor in self.editors.values():
            editor.set_read_only(read_only)

    def focus_field(self, path: str) -> bool:
        editor = self.editors.get(path)
        if editor is None:
            return False
        self.ensureWidgetVisible(editor)
        editor.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def title(self) -> str:
        number = f"{self.section.number}. " if self.section.number else ""
        return number + label_of(self.section)

    def retranslate(self) -> None:
        self.heading.setText(self.title())
        for path, label in self.labels.items():
            spec = fields.field_at(path)
            mark = " *" if spec.required else ""
            label.setText(label_of(spec) + mark)
