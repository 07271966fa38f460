"""Cell editors of a repeating table, chosen by the column's kind: catalog cells pick a code with
type-ahead, date cells take ``dd/mm/yyyy``, ``mm/yyyy`` or ``yyyy`` typed in one piece and store the
ISO partial date, number cells take digits (and the decimal comma), long-text cells edit several
lines (Enter makes a new line, Tab moves on). Editors of a restricted table are guarded.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from app import datefmt
from app.dossier.fields import Field, Kind
from app.i18n import t
from ui.editor.widgets.cells import NUMBER_KINDS
from ui.editor.widgets.completion import CatalogCombo
from ui.editor.widgets.dates import typed_to_iso
from ui.editor.widgets.inputs import PlainTextInput, guard, line_input
from ui.editor.widgets.numeric import format_number, parse_number, pattern_for

Index = QModelIndex | QPersistentModelIndex
DATE_TYPED = r"[0-9/.\- ]{0,10}"
LONG_TEXT_CELL_LINES = 5


class CellDelegate(QStyledItemDelegate):
    """Signal ``add_row_requested()``: Ctrl+Enter in an open cell (after committing it)."""

    add_row_requested = Signal()

    def __init__(self, spec: Field, restricted: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.restricted = restricted

    def _column(self, index: Index) -> Field:
        return self.spec.columns[index.column()]

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        column = self._column(index)
        kind = column.kind
        editor: QWidget
        if kind == Kind.CATALOG and column.catalog is not None:
            editor = CatalogCombo(column.catalog, parent)
        elif kind == Kind.LONG_TEXT:
            editor = PlainTextInput(column.max_len, parent)
        elif kind == Kind.DATE:
            editor = line_input(parent, 10, DATE_TYPED)
            editor.setPlaceholderText(t("ui.widgets.date.cell_placeholder"))
        elif kind in NUMBER_KINDS:
            editor = line_input(parent, 4 if kind == Kind.YEAR else 30, pattern_for(kind))
        elif kind == Kind.PERSONAL_ID:
            editor = line_input(parent, 12, r"\d{0,12}")
        else:
            editor = line_input(parent, column.max_len)
        editor.setAutoFillBackground(True)
        if self.restricted:
            guard(editor)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        kind = self._column(index).kind
        if isinstance(editor, CatalogCombo):
            editor.set_code(None if value is None else str(value))
        elif isinstance(editor, PlainTextInput):
            editor.setPlainText("" if value is None else str(value))
        elif isinstance(editor, QLineEdit):
            if value is None:
                text = ""
            elif kind == Kind.DATE and isinstance(value, str):
                text = datefmt.partial_date(value)
            elif kind in NUMBER_KINDS:
                text = format_number(value)
            else:
                text = str(value)
            editor.setText(text)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        model.setData(index, self.value_of(editor, index), Qt.ItemDataRole.EditRole)

    def value_of(self, editor: QWidget, index: Index) -> Any:
        """The stored form of what ``editor`` holds."""
        kind = self._column(index).kind
        if isinstance(editor, CatalogCombo):
            editor.commit()
            return editor.code()
        if isinstance(editor, PlainTextInput):
            return editor.toPlainText().strip() or None
        text = editor.text() if isinstance(editor, QLineEdit) else ""
        if kind == Kind.DATE:
            return typed_to_iso(text)
        if kind in NUMBER_KINDS:
            return parse_number(text, kind)
        return text.strip() or None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+Enter commits the cell and asks for a new row. Tab and Shift+Tab leave a long-text
        cell (committing it) as they leave any other cell; Qt would hand them to the text edit,
        and Enter stays a new line there."""
        if not (isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress):
            return super().eventFilter(watched, event)
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if enter and mods == Qt.KeyboardModifier.ControlModifier and isinstance(watched, QWidget):
            self.commitData.emit(watched)
            self.closeEditor.emit(watched, QAbstractItemDelegate.EndEditHint.NoHint)
            self.add_row_requested.emit()
            return True
        if isinstance(watched, PlainTextInput) and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            hint = (
                QAbstractItemDelegate.EndEditHint.EditNextItem
                if event.key() == Qt.Key.Key_Tab
                else QAbstractItemDelegate.EndEditHint.EditPreviousItem
            )
            self.commitData.emit(watched)
            self.closeEditor.emit(watched, hint)
            return True
        return super().eventFilter(watched, event)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: Index) -> None:
        rect = QRect(option.rect)
        if isinstance(editor, PlainTextInput):
            rect.setHeight(max(rect.height(), editor.fontMetrics().lineSpacing() * LONG_TEXT_CELL_LINES + 12))
            rect.setWidth(max(rect.width(), 320))
        elif isinstance(editor, CatalogCombo):
            rect.setWidth(max(rect.width(), editor.sizeHint().width()))
            rect.setHeight(max(rect.height(), editor.sizeHint().height()))
        editor.setGeometry(rect)
