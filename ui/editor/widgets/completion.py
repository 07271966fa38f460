"""Type-ahead over a catalog: :class:`SearchCompleter` fills its popup with ``Catalog.search`` as the
officer types (diacritics-insensitive, best first: "tay" finds "Tày"), and :class:`CatalogCombo`
is the editable combo that picks a code with it — used by the catalog field and by catalog cells
of tables. Labels follow the interface language; entries no longer valid stay listed, marked;
a code the catalog does not hold (kept from an older document) is shown as the code, marked.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QWidget

from app import i18n
from app.dossier import catalogs
from app.dossier.catalogs import Catalog, Entry
from app.i18n import t
from ui.editor.widgets.inputs import line_of, popup_of

CODE_ROLE = Qt.ItemDataRole.UserRole
MAX_SUGGESTIONS = 50
_CEASED_COLOUR = QColor("#777777")


def ceased(entry: Entry, today: str | None = None) -> bool:
    """Whether ``entry`` is no longer valid (its validity ended before today)."""
    return entry.valid_until is not None and entry.valid_until < (today or date.today().isoformat())


def entry_text(entry: Entry) -> str:
    """The entry's label in the interface language, marked when no longer valid."""
    label = entry.text(i18n.language())
    return t("ui.widgets.catalog.ceased", label=label) if ceased(entry) else label


def code_text(catalog: Catalog, code: str | None) -> str:
    """What a cell or field shows for ``code``: its label, or the code itself when unknown."""
    if code is None:
        return ""
    entry = catalog.get(code)
    return entry_text(entry) if entry is not None else str(code)


def _item(text: str, code: str | None, marked: str | None = None) -> QStandardItem:
    item = QStandardItem(text)
    item.setData(code, CODE_ROLE)
    if marked is not None:
        item.setForeground(QBrush(_CEASED_COLOUR))
        item.setToolTip(marked)
    return item


class SearchCompleter(QCompleter):
    """A popup of catalog entries matching the text typed, in ``Catalog.search`` order."""

    def __init__(self, catalog: Catalog, parent: QWidget, text: Callable[[Entry], str] | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.text = text or entry_text
        self.entries = QStandardItemModel(self)
        self.setModel(self.entries)
        self.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setMaxVisibleItems(12)

    def update_for(self, text: str) -> None:
        """Fill the popup for ``text`` and show it (hide it when nothing matches)."""
        self.entries.clear()
        found = self.catalog.search(text)[:MAX_SUGGESTIONS] if text.strip() else []
        for entry in found:
            self.entries.appendRow(_item(self.text(entry), entry.code))
        if found:
            self.complete()
        else:
            popup_of(self).hide()

    def attach(self, edit: QLineEdit) -> None:
        """Search as the officer types in ``edit``."""
        edit.textEdited.connect(self.update_for)


class CatalogCombo(QComboBox):
    """An editable combo whose value is a catalog code (or None). Signal ``picked()`` when the
    officer chooses another code (from the list, the popup, or typing then Enter / leaving)."""

    picked = Signal()

    def __init__(self, catalog_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalogs.load(catalog_name)
        self._code: str | None = None
        self._unknown: str | None = None
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(18)
        self.items = QStandardItemModel(self)
        self.setModel(self.items)
        self.completer_ = SearchCompleter(self.catalog, self)
        self.setCompleter(self.completer_)
        edit = self.edit = line_of(self)
        self.completer_.attach(edit)
        edit.returnPressed.connect(self.commit)
        edit.editingFinished.connect(self.commit)
        self.activated.connect(self._activated)
        self.fill()

    def fill(self) -> None:
        """(Re)build the list in the interface language, keeping the chosen code."""
        self.blockSignals(True)
        self.items.clear()
        self.items.appendRow(_item("", None))
        for entry in self.catalog.entries:
            marked = t("ui.widgets.catalog.ceased_tip") if ceased(entry) else None
            self.items.appendRow(_item(entry_text(entry), entry.code, marked))
        if self._unknown is not None:
            text = t("ui.widgets.catalog.unknown", code=self._unknown)
            self.items.appendRow(_item(text, self._unknown, t("ui.widgets.catalog.unknown_tip")))
        self.setCurrentIndex(self._row_of(self._code))
        self.blockSignals(False)

    def _row_of(self, code: str | None) -> int:
        for row in range(self.items.rowCount()):
            if self.items.item(row).data(CODE_ROLE) == code:
                return row
        return 0

    def code(self) -> str | None:
        return self._code

    def set_code(self, code: str | None) -> None:
        """Show ``code`` (an unknown one is kept and shown as the code) without ``picked``."""
        self._code = code or None
        unknown = self._code if self._code is not None and self._code not in self.catalog else None
        if unknown != self._unknown or self._row_of(self._code) != self.currentIndex():
            self._unknown = unknown
            self.fill()
        self.edit.setCursorPosition(0)

    def _choose(self, code: str | None) -> None:
        before = self._code
        self.set_code(code)
        if code != before:
            self.picked.emit()

    def _activated(self, row: int) -> None:
        self._choose(self.items.item(row).data(CODE_ROLE) if row >= 0 else None)

    def commit(self) -> None:
        """Resolve the text typed: blank → no code; a label → its code; other text → the best
        match of the type-ahead; no match at all → back to the code chosen before."""
        if not shiboken6.isValid(self.edit):
            return  # the focus leaves while the combo is being destroyed
        popup = popup_of(self.completer_)
        if popup.isVisible():
            if popup.currentIndex().isValid():
                return  # the completer hands over the highlighted entry itself
            popup.hide()
        text = self.edit.text()
        if text == self.itemText(self.currentIndex()):
            return
        if not text.strip():
            self._choose(None)
            return
        exact = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if exact > 0:
            self._choose(self.items.item(exact).data(CODE_ROLE))
            return
        found = self.catalog.search(text)
        if found:
            self._choose(found[0].code)
        else:
            self.setCurrentIndex(self._row_of(self._code))
            self.setEditText(self.itemText(self.currentIndex()))
