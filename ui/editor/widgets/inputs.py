"""The small input widgets the field editors are made of, and the guard on restricted inputs.

A restricted input carries the widget property ``restricted=True`` (the app-wide copy guard reads
it), shows no context menu (no "Copy" / "Select all"), and cannot drag its text out. The plain
text edit has no switch for dragging, so :class:`PlainTextInput` drops a press inside the
selection before a drag could start.
"""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QMouseEvent, QRegularExpressionValidator, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QComboBox,
    QCompleter,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)


def guard(widget: QWidget) -> None:
    """Mark ``widget`` as holding restricted values: property, no context menu, no drag."""
    targets: list[QWidget] = [widget]
    if isinstance(widget, QAbstractScrollArea):
        targets.append(widget.viewport())
    if isinstance(widget, QComboBox) and (edit := widget.lineEdit()) is not None:
        targets.append(edit)
    for target in targets:
        target.setProperty("restricted", True)
        target.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        if isinstance(target, QLineEdit):
            target.setDragEnabled(False)
        if isinstance(target, QAbstractItemView):
            target.setDragEnabled(False)
            target.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop)
        if isinstance(target, PlainTextInput):
            target.no_drag = True


def line_of(combo: QComboBox) -> QLineEdit:
    """The line edit of an editable combo."""
    edit = combo.lineEdit()
    if edit is None:
        raise TypeError("the combo is not editable")
    return edit


def popup_of(completer: QCompleter) -> QAbstractItemView:
    """The popup list of a completer (Qt makes one on demand)."""
    popup: QAbstractItemView | None = completer.popup()
    if popup is None:
        raise TypeError("the completer has no popup")
    return popup


def repolish(widget: QWidget) -> None:
    """Apply a changed dynamic property to the style sheet."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


def line_input(parent: QWidget, max_len: int, pattern: str | None = None) -> QLineEdit:
    """A one-line input limited to ``max_len`` characters and, optionally, to ``pattern``."""
    edit = QLineEdit(parent)
    edit.setMaxLength(max_len)
    if pattern is not None:
        edit.setValidator(QRegularExpressionValidator(QRegularExpression(pattern), edit))
    return edit


class PlainTextInput(QPlainTextEdit):
    """Multi-line text limited to ``max_len`` characters (longer pastes are cut); Tab moves on."""

    def __init__(self, max_len: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.max_len = max_len
        self.no_drag = False
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.textChanged.connect(self._enforce_length)

    def _enforce_length(self) -> None:
        text = self.toPlainText()
        if len(text) <= self.max_len:
            return
        cursor = self.textCursor()
        position = min(cursor.position(), self.max_len)
        self.blockSignals(True)
        self.setPlainText(text[: self.max_len])
        self.blockSignals(False)
        cursor = self.textCursor()
        cursor.setPosition(position)
        self.setTextCursor(cursor)  # slots connected after this one read the cut text

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.no_drag and event.button() == Qt.MouseButton.LeftButton:
            cursor = self.textCursor()
            at = self.cursorForPosition(event.position().toPoint()).position()
            if cursor.hasSelection() and cursor.selectionStart() <= at < cursor.selectionEnd():
                cursor.clearSelection()
                cursor.setPosition(at, QTextCursor.MoveMode.MoveAnchor)
                self.setTextCursor(cursor)  # no selection under the press: no drag can start
        super().mousePressEvent(event)
