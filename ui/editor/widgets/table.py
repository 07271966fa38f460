"""A repeating table (TABLE): :class:`TableEditor`, a table view over the rows with buttons and keys
to add (Insert, Ctrl+Enter), remove (Delete on the selected rows; nothing is saved until the
dossier is), and move rows (Alt+Up, Alt+Down). The value is the list of non-empty rows, each
without its empty cells; None when there is none. At most ``fields.MAX_TABLE_ROWS`` rows.

Problems from the page (``"[2].from"``) mark their cells and are listed below the table with the
problems seen while typing. Inner widgets: ``<name>_view``, ``<name>_add``, ``<name>_remove``,
``<name>_up``, ``<name>_down``, ``<name>_problems`` (the list of problems).
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.dossier import fields
from app.dossier.fields import Field
from app.i18n import t
from ui.editor.widgets.base import BaseEditor
from ui.editor.widgets.cells import column_label
from ui.editor.widgets.delegates import CellDelegate
from ui.editor.widgets.table_model import RowsModel

_CELL = re.compile(r"^\[(\d+)\](?:\.([A-Za-z0-9_]+).*)?$")
VISIBLE_ROWS = 6
MAX_COLUMN_WIDTH = 320


class TableEditor(BaseEditor):
    MASK_AS_SENTENCE = True

    def __init__(self, spec: Field, parent: QWidget | None = None, *, restricted: bool = False) -> None:
        super().__init__(spec, parent, restricted=restricted)
        self.model = RowsModel(spec, self)
        self.view = QTableView(self.body)
        self.view.setModel(self.model)
        self.delegate = CellDelegate(spec, self.restricted, self.view)
        self.view.setItemDelegate(self.delegate)
        self.delegate.add_row_requested.connect(self.add_row)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move between cells
        self.view.setWordWrap(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 10)
        rows_height = self.view.verticalHeader().defaultSectionSize() * VISIBLE_ROWS
        self.view.setMinimumHeight(rows_height + self.view.horizontalHeader().sizeHint().height() + 4)
        self.view.installEventFilter(self)
        self._input(self.view, "view")

        self.add_button = QPushButton(self.body)
        self.remove_button = QPushButton(self.body)
        self.up_button = QPushButton(self.body)
        self.down_button = QPushButton(self.body)
        buttons = QHBoxLayout()
        for button, suffix, slot in (
            (self.add_button, "add", self.add_row),
            (self.remove_button, "remove", self.remove_rows),
            (self.up_button, "up", lambda: self.move_row(-1)),
            (self.down_button, "down", lambda: self.move_row(1)),
        ):
            self._input(button, suffix)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.problem_list = QLabel(self.body)
        self.problem_list.setWordWrap(True)
        self.problem_list.setTextFormat(Qt.TextFormat.PlainText)
        self.problem_list.hide()

        layout = QVBoxLayout(self.body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        layout.addLayout(buttons)
        layout.addWidget(self.problem_list)

        for signal in (
            self.model.dataChanged,
            self.model.rowsInserted,
            self.model.rowsRemoved,
            self.model.rowsMoved,
        ):
            signal.connect(self._rows_changed)
        self.model.modelReset.connect(self._update)
        self.view.selectionModel().currentChanged.connect(self._update)
        self._apply_read_only(False)
        self._finish()

    def _name_children(self, name: str) -> None:
        self.problem_list.setObjectName(f"{name}_problems")

    def _focus_target(self) -> QWidget | None:
        return self.view

    def retranslate(self) -> None:
        super().retranslate()
        for button, key in (
            (self.add_button, "add"),
            (self.remove_button, "remove"),
            (self.up_button, "up"),
            (self.down_button, "down"),
        ):
            button.setText(t(f"ui.widgets.table.{key}"))
            button.setToolTip(t(f"ui.widgets.table.{key}_tip"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, len(self.spec.columns) - 1))
        self.model.layoutChanged.emit()  # catalog labels and decimal commas follow the language
        self._update()

    # -- the value -------------------------------------------------------------------------
    def _read(self) -> Any:
        return self.model.values() or None

    def _show(self, value: Any) -> None:
        self.model.set_rows(value if isinstance(value, list) else [])
        self.view.resizeColumnsToContents()
        header = self.view.horizontalHeader()
        for at in range(self.model.columnCount()):
            header.resizeSection(at, max(80, min(header.sectionSize(at), MAX_COLUMN_WIDTH)))

    def _rows_changed(self) -> None:
        self._update()
        self._edited()

    # -- row commands ----------------------------------------------------------------------
    def add_row(self) -> None:
        """Append an empty row and start editing its first cell."""
        if self._read_only or self._masked or self.model.rowCount() >= fields.MAX_TABLE_ROWS:
            return
        at = self.model.insert_row(self.model.rowCount())
        self._select(at, 0)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.view.edit(self.model.index(at, 0))

    def remove_rows(self) -> None:
        """Remove the selected rows (or the current one)."""
        if self._read_only or self._masked:
            return
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        current = self.view.currentIndex()
        if not rows and current.isValid():
            rows = [current.row()]
        if not rows:
            return
        column = max(current.column(), 0)
        self.model.remove_rows(rows)
        if self.model.rowCount():
            self._select(min(rows[0], self.model.rowCount() - 1), column)

    def move_row(self, delta: int) -> None:
        """Move the current row one place up (-1) or down (+1)."""
        current = self.view.currentIndex()
        if self._read_only or self._masked or not current.isValid():
            return
        to = self.model.move_row(current.row(), delta)
        self._select(to, current.column())

    def _select(self, row: int, column: int) -> None:
        index = self.model.index(row, column)
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.view.selectionModel().setCurrentIndex(index, flags)
        self.view.scrollTo(index)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.view
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and self.view.state() != QAbstractItemView.State.EditingState
            and self._row_key(event)
        ):
            return True
        return super().eventFilter(watched, event)

    def _row_key(self, event: QKeyEvent) -> bool:
        key, mods = event.key(), event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        enter = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if (key == Qt.Key.Key_Insert and mods == Qt.KeyboardModifier.NoModifier) or (
            enter and mods == Qt.KeyboardModifier.ControlModifier
        ):
            self.add_row()
        elif key == Qt.Key.Key_Delete and mods == Qt.KeyboardModifier.NoModifier:
            self.remove_rows()
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and mods == Qt.KeyboardModifier.AltModifier:
            self.move_row(-1 if key == Qt.Key.Key_Up else 1)
        else:
            return False
        return True

    # -- state, problems -------------------------------------------------------------------
    def _update(self) -> None:
        editable = not (self._read_only or self._masked)
        rows, current = self.model.rowCount(), self.view.currentIndex()
        self.add_button.setEnabled(editable and rows < fields.MAX_TABLE_ROWS)
        self.add_button.setToolTip(
            t("ui.widgets.table.add_tip")
            if rows < fields.MAX_TABLE_ROWS
            else t("ui.widgets.table.full", max=fields.MAX_TABLE_ROWS)
        )
        self.remove_button.setEnabled(editable and current.isValid())
        self.up_button.setEnabled(editable and current.isValid() and current.row() > 0)
        self.down_button.setEnabled(editable and current.isValid() and current.row() < rows - 1)
        self._list_problems()

    def show_problems(self, problems: list[tuple[str, str]]) -> None:
        own: list[str] = []
        cells: dict[int, dict[str, str]] = {}
        for sub_path, message in problems:
            match = _CELL.match(sub_path)
            at = self.model.row_numbered(int(match[1])) if match else None
            if match is None or at is None:
                own.append(message)
                continue
            slot = cells.setdefault(at, {})
            key = match[2] or ""
            slot[key] = f"{slot[key]}\n{message}" if key in slot else message
        self._loading = True  # marking cells is no edit
        try:
            self.model.set_page_problems(cells)
        finally:
            self._loading = False
        self.set_problem("\n".join(own) if own else None)
        self._list_problems()

    def _list_problems(self) -> None:
        lines = []
        for at, key, message in self.model.all_problems():
            column = self.spec.column(key) if key else None
            if column is None:
                lines.append(t("ui.widgets.table.problem_row", row=at + 1, message=message))
            else:
                label = column_label(column)
                lines.append(t("ui.widgets.table.problem_cell", row=at + 1, column=label, message=message))
        self.problem_list.setText("\n".join(lines))
        self.problem_list.setVisible(bool(lines) and not self._masked)

    def _apply_read_only(self, read_only: bool) -> None:
        if read_only and self.view.state() == QAbstractItemView.State.EditingState:
            self.view.reset()  # closes the open cell editor without keeping what it held
        self.model.read_only = read_only
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.NoEditTriggers
            if read_only
            else QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self._update()

    def set_masked(self, masked: bool) -> None:
        super().set_masked(masked)
        self._update()
