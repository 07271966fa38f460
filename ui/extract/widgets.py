"""The small widget builders the extract windows share: named line and note edits, OK/Cancel
boxes, push buttons that never steal Enter, a tab chain, and the table view of whole rows.

Every builder sets the object name tests find the widget by.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from app.i18n import t
from ui.extract.models import RowsModel


def line(parent: QWidget, name: str) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    return edit


def notes_edit(parent: QWidget, name: str) -> QPlainTextEdit:
    """A few lines of text; Tab moves on instead of typing a tab."""
    edit = QPlainTextEdit(parent)
    edit.setObjectName(name)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().height() * 4 + 12)
    return edit


def button(parent: QWidget, name: str, text: str = "") -> QPushButton:
    """A push button that is never the default one (Enter stays with the dialog or the table)."""
    widget = QPushButton(text, parent)
    widget.setObjectName(name)
    widget.setAutoDefault(False)
    return widget


def dialog_buttons(dialog: QDialog, prefix: str) -> QDialogButtonBox:
    """OK and Cancel, named ``<prefix>OkButton`` / ``<prefix>CancelButton``, wired to the dialog."""
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    box.button(QDialogButtonBox.StandardButton.Ok).setObjectName(f"{prefix}OkButton")
    box.button(QDialogButtonBox.StandardButton.Cancel).setObjectName(f"{prefix}CancelButton")
    box.button(QDialogButtonBox.StandardButton.Cancel).setText(t("ui.common.cancel"))
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


def tab_chain(owner: QWidget, order: Sequence[QWidget]) -> None:
    """Tab goes through ``order``, one after the other."""
    for first, second in itertools.pairwise(order):
        owner.setTabOrder(first, second)


def table_view(parent: QWidget, name: str, model: RowsModel[Any], widths: Sequence[int] = ()) -> QTableView:
    """A view of whole rows, one selected at a time, never edited, first row current when filled."""
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for column, width in enumerate(widths):
        header.resizeSection(column, width)
    model.modelReset.connect(lambda: _first_current(view, model))
    return view


def _first_current(view: QTableView, model: RowsModel[Any]) -> None:
    if model.rowCount() and not view.currentIndex().isValid():
        view.setCurrentIndex(model.index(0, 0))


def current_row(view: QTableView) -> int:
    index: QModelIndex = view.currentIndex()
    return index.row() if index.isValid() else -1
