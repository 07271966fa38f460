"""What every field widget of this package shares on top of :class:`FieldEditor`: the mask that
stands in for a restricted value, inner widgets named after the editor, the restricted guard on
inputs, local problems (caught while typing) shown beside the page's problems, and read-only mode.

A subclass builds its inputs inside ``self.body`` (registering them with :meth:`_input`),
implements ``_read()`` / ``_show(value)`` / ``_apply_read_only(flag)`` and calls ``_edited()``
when the officer changes something; it may compute ``_local_problem()``.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from app.dossier.document import MASK
from app.dossier.fields import Field
from app.i18n import t
from ui.editor.field_editor import FieldEditor
from ui.editor.widgets.inputs import guard, repolish

_MEMBER = re.compile(r"^\.([A-Za-z0-9_]+)(.*)$")


def route_problems(
    problems: list[tuple[str, str]],
) -> tuple[list[tuple[str, str]], dict[str, list[tuple[str, str]]]]:
    """Split a record's problems into its own and those of each member: ``".housing[1].area_m2"``
    goes to member ``housing`` as ``"[1].area_m2"``; ``".province"`` to ``province`` as ``""``."""
    own: list[tuple[str, str]] = []
    members: dict[str, list[tuple[str, str]]] = {}
    for sub_path, message in problems:
        match = _MEMBER.match(sub_path)
        if match is None:
            own.append((sub_path, message))
        else:
            members.setdefault(match[1], []).append((match[2], message))
    return own, members


class BaseEditor(FieldEditor):
    #: Editors that hold many values (tables, records) hide them behind a sentence, not the mask.
    MASK_AS_SENTENCE = False

    def __init__(self, spec: Field, parent: QWidget | None = None, *, restricted: bool = False) -> None:
        super().__init__(spec, parent)
        self.restricted = restricted or spec.restricted
        self._inputs: list[tuple[str, QWidget]] = []
        self._page_problem: str | None = None
        self._part_problems: dict[str, str] = {}
        self._part_problems_shown: set[str] = set()
        self._loading = False
        self._read_only = False
        self.body = QWidget(self)
        self.mask_widget: QLineEdit | QLabel
        if self.MASK_AS_SENTENCE:
            self.mask_widget = QLabel(self)
            self.mask_widget.setWordWrap(True)
        else:
            self.mask_widget = QLineEdit(MASK, self)
            self.mask_widget.setReadOnly(True)
        self.mask_widget.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.body)
        layout.addWidget(self.mask_widget)
        if self.restricted:
            self.setProperty("restricted", True)

    # -- inner widgets ---------------------------------------------------------------------
    def _input(self, widget: QWidget, suffix: str) -> QWidget:
        """Register an inner input: named ``<editor name>_<suffix>``, guarded when restricted."""
        self._inputs.append((suffix, widget))
        if self.restricted:
            guard(widget)
        if self.objectName():
            widget.setObjectName(f"{self.objectName()}_{suffix}")
        return widget

    def inputs(self) -> list[QWidget]:
        return [widget for _, widget in self._inputs]

    def setObjectName(self, name: str) -> None:
        super().setObjectName(name)
        self.name_inner_widgets()

    def name_inner_widgets(self) -> None:
        """Name every inner widget after this editor (see the package docstring)."""
        name = self.objectName()
        if not name:
            return
        self.mask_widget.setObjectName(f"{name}_mask")
        for suffix, widget in self._inputs:
            widget.setObjectName(f"{name}_{suffix}")
        self._name_children(name)

    def _name_children(self, name: str) -> None:
        """Records and tables name their sub-editors and helpers here."""

    # -- the value -------------------------------------------------------------------------
    def value(self) -> Any:
        return None if self._masked else self._read()

    def set_value(self, value: Any) -> None:
        if isinstance(value, str) and MASK in value:
            self.set_masked(True)  # the mask is never a value: it stays hidden
            return
        self._loading = True
        try:
            self._show(value)
        finally:
            self._loading = False
        self._refresh_problem()

    def _read(self) -> Any:
        raise NotImplementedError

    def _show(self, value: Any) -> None:
        raise NotImplementedError

    def _edited(self) -> None:
        """Called by subclasses whenever an input changed; emits ``changed`` for officer edits."""
        if self._loading:
            return
        self._refresh_problem()
        self.changed.emit()

    # -- problems --------------------------------------------------------------------------
    def _local_problem(self) -> str | None:
        """A problem seen while typing (an impossible date, an incomplete id …), or None."""
        return None

    def local_problem(self) -> str | None:
        return None if self._masked else self._local_problem()

    def set_problem(self, message: str | None) -> None:
        self._page_problem = message
        self._refresh_problem()

    def _refresh_problem(self) -> None:
        messages = [m for m in (self._page_problem, self.local_problem()) if m]
        combined = "\n".join(dict.fromkeys(messages)) if messages else None
        FieldEditor.set_problem(self, combined)
        for suffix, widget in self._inputs:
            part = self._part_problems.get(suffix)
            widget.setProperty("problem", combined is not None or part is not None)
            if part is not None or suffix in self._part_problems_shown:
                widget.setToolTip(part or "")
            repolish(widget)
        self._part_problems_shown = set(self._part_problems)

    def set_part_problems(self, problems: dict[str, str]) -> None:
        """Mark single inner inputs (by suffix, e.g. ``province``) with their own messages."""
        self._part_problems = dict(problems)
        self._refresh_problem()

    # -- masking and read-only -------------------------------------------------------------
    def set_masked(self, masked: bool) -> None:
        if masked:
            self._loading = True
            try:
                self._show(None)  # the hidden value is not kept in the widgets
            finally:
                self._loading = False
        super().set_masked(masked)
        self.body.setVisible(not masked)
        self.mask_widget.setVisible(masked)
        target = self.mask_widget if masked else self._focus_target()
        if target is not None:
            self.setFocusProxy(target)
        self._refresh_problem()

    def _focus_target(self) -> QWidget | None:
        inputs = self.inputs()
        return inputs[0] if inputs else None

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self._apply_read_only(read_only)

    def is_read_only(self) -> bool:
        return self._read_only

    def _apply_read_only(self, read_only: bool) -> None:
        for widget in self.inputs():
            if isinstance(widget, QLineEdit):
                widget.setReadOnly(read_only)
            else:
                widget.setEnabled(not read_only)

    def retranslate(self) -> None:
        """Reset every text after a change of language."""
        if isinstance(self.mask_widget, QLabel):
            self.mask_widget.setText(t("ui.widgets.hidden"))

    def _finish(self) -> None:
        """End of a subclass's constructor: focus, names, texts."""
        target = self._focus_target()
        if target is not None:
            self.setFocusProxy(target)
        self.name_inner_widgets()
        self.retranslate()
