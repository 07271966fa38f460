"""The catalog field (CATALOG): :class:`CatalogPicker`, an editable combo with type-ahead over the
field's catalog (see ``completion``). The value is the code; labels are shown in the interface
language. Inner widget: ``<name>_combo``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QWidget

from app.dossier.fields import Field
from app.i18n import t
from ui.editor.widgets.base import BaseEditor
from ui.editor.widgets.completion import CatalogCombo
from ui.editor.widgets.inputs import guard, popup_of


class CatalogPicker(BaseEditor):
    def __init__(self, spec: Field, parent: QWidget | None = None, *, restricted: bool = False) -> None:
        super().__init__(spec, parent, restricted=restricted)
        if spec.catalog is None:
            raise ValueError(f"field {spec.key!r} names no catalog")
        self.combo = CatalogCombo(spec.catalog, self.body)
        self._input(self.combo, "combo")
        if self.restricted:  # the lists show labels of restricted values too
            guard(popup_of(self.combo.completer_))
            guard(self.combo.view())
        layout = QHBoxLayout(self.body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        layout.addStretch(1)
        self.combo.picked.connect(self._edited)
        self._finish()

    def _name_children(self, name: str) -> None:
        popup_of(self.combo.completer_).setObjectName(f"{name}_popup")

    def _read(self) -> Any:
        return self.combo.code()

    def _show(self, value: Any) -> None:
        self.combo.set_code(None if value is None else str(value))

    def _local_problem(self) -> str | None:
        code = self.combo.code()
        if code is not None and code not in self.combo.catalog:
            return t("ui.widgets.catalog.unknown_tip")
        return None

    def _apply_read_only(self, read_only: bool) -> None:
        self.combo.setEnabled(not read_only)

    def retranslate(self) -> None:
        super().retranslate()
        self.combo.fill()
        self.combo.edit.setPlaceholderText(t("ui.widgets.catalog.placeholder"))
