"""The contract every field widget of the editor keeps, whatever the field's kind.

A :class:`FieldEditor` edits one value of the interchange document (spec/dossier.md §9): a
partial date string, a catalog code, a place record, a list of table rows … ``value()`` returns
it exactly as the document stores it (None when empty); ``set_value`` shows one without
emitting ``changed``. The page beside it shows problems with ``set_problem``. Restricted values
are shown masked until revealed: ``set_masked(True)`` hides the value behind the mask and makes
the widget read-only; the widget never holds a masked value as its value.

Signal: ``changed()`` whenever the officer edits the value.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from app.dossier.fields import Field


class FieldEditor(QWidget):
    changed = Signal()

    def __init__(self, spec: Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self._masked = False

    # -- the value ---------------------------------------------------------------------------
    def value(self) -> Any:
        """The value as the document stores it; None when empty (or while masked)."""
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        """Show ``value`` (as the document stores it; None for empty) without emitting ``changed``."""
        raise NotImplementedError

    # -- what the page tells it -----------------------------------------------------------
    def set_problem(self, message: str | None) -> None:
        """Mark the widget invalid with ``message`` as its tooltip, or clear the mark."""
        self.setProperty("problem", message is not None)
        self.setToolTip(message or "")
        self.style().unpolish(self)
        self.style().polish(self)

    def show_problems(self, problems: list[tuple[str, str]]) -> None:
        """Show the validation problems of this field: (sub-path, message) pairs, where the
        sub-path is what follows the field's path in ``Problem.path`` — ``""`` for the field
        itself, ``"[2].from"`` for a cell of a table, ``".housing[1].area_m2"`` inside a record.
        An empty list clears every mark. Tables and records override this to mark cells."""
        self.set_problem("\n".join(message for _, message in problems) if problems else None)

    def set_masked(self, masked: bool) -> None:
        """Hide the value behind the mask (read-only), or show the widget normally."""
        self._masked = masked

    def is_masked(self) -> bool:
        return self._masked

    def set_read_only(self, read_only: bool) -> None:
        """Viewing a past state (as of a date) shows every widget read-only."""
        self.setEnabled(not read_only)
