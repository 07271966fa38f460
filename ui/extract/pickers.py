"""Choosing what an approval or a reading covers: :class:`SectionChecks` (one check box per scope
section offered) and :class:`DossierPicker` (dossiers found by a search, or typed as a list of
ids, gathered in a list of chosen ones).

Inner widgets: ``sectionCheck_<key>``, ``sectionsAllButton``; ``dossierSearchEdit``,
``dossierSearchResults``, ``dossierIdsEdit``, ``dossierIdsButton``, ``dossierChosenList``,
``dossierRemoveButton``. Signal of both: ``changed()``.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.dossier.search import search
from app.errors import HosoError
from app.i18n import t
from app.vault.session import Vault
from ui.extract import texts

ID_ROLE = Qt.ItemDataRole.UserRole
NAME_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_LIMIT = 30


class SectionChecks(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None, columns: int = 3) -> None:
        super().__init__(parent)
        self.setObjectName("sectionChecks")
        self._columns = columns
        self._boxes: dict[str, QCheckBox] = {}
        self._grid = QGridLayout()
        self._grid.setContentsMargins(0, 0, 0, 0)
        self.all_button = QPushButton(self)
        self.all_button.setObjectName("sectionsAllButton")
        self.all_button.setAutoDefault(False)
        self.all_button.clicked.connect(self._toggle_all)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._grid)
        row = QHBoxLayout()
        row.addWidget(self.all_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.retranslate()

    def set_sections(self, keys: Iterable[str], ticked: bool = True) -> None:
        """Offer ``keys`` (in the given order), each ticked or not."""
        for box in self._boxes.values():
            self._grid.removeWidget(box)
            box.deleteLater()
        self._boxes = {}
        for n, key in enumerate(keys):
            box = QCheckBox(texts.section_label(key), self)
            box.setObjectName(f"sectionCheck_{key}")
            box.setChecked(ticked)
            box.toggled.connect(lambda _on: self.changed.emit())
            self._grid.addWidget(box, n // self._columns, n % self._columns)
            self._boxes[key] = box
        first = next(iter(self._boxes.values()), None)
        self.setFocusProxy(first if first is not None else self.all_button)
        self.changed.emit()

    def chosen(self) -> tuple[str, ...]:
        return tuple(key for key, box in self._boxes.items() if box.isChecked())

    def box(self, key: str) -> QCheckBox:
        return self._boxes[key]

    def _toggle_all(self) -> None:
        tick = len(self.chosen()) < len(self._boxes)
        for box in self._boxes.values():
            box.setChecked(tick)

    def retranslate(self) -> None:
        self.all_button.setText(t("ui.extract.sections_all"))
        for key, box in self._boxes.items():
            box.setText(texts.section_label(key))


class EnterLine(QLineEdit):
    """A line edit whose Enter acts here only (``returnPressed``), never on the dialog's default button."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()


class PickList(QListWidget):
    """A list whose Enter activates the current item here only; Delete removes it when ``deletable``."""

    def __init__(self, parent: QWidget, deletable: bool = False) -> None:
        super().__init__(parent)
        self.deletable = deletable

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.deletable and event.key() == Qt.Key.Key_Delete and self.currentRow() >= 0:
            self.takeItem(self.currentRow())
            return
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()


class DossierPicker(QWidget):
    changed = Signal()

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dossierPicker")
        self.vault = vault
        self.search_edit = EnterLine(self)
        self.search_edit.setObjectName("dossierSearchEdit")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self._search)
        self.results = PickList(self)
        self.search_edit.returnPressed.connect(lambda: self._add_item(self.results.currentItem()))
        self.results.setObjectName("dossierSearchResults")
        self.results.itemActivated.connect(self._add_item)
        self.ids_edit = EnterLine(self)
        self.ids_edit.setObjectName("dossierIdsEdit")
        self.ids_edit.returnPressed.connect(self.add_ids)
        self.ids_button = QPushButton(self)
        self.ids_button.setObjectName("dossierIdsButton")
        self.ids_button.setAutoDefault(False)
        self.ids_button.clicked.connect(self.add_ids)
        self.chosen_label = QLabel(self)
        self.chosen_list = PickList(self, deletable=True)
        self.chosen_list.setObjectName("dossierChosenList")
        self.chosen_list.model().rowsRemoved.connect(lambda *_: self.changed.emit())
        self.chosen_label.setBuddy(self.chosen_list)
        self.remove_button = QPushButton(self)
        self.remove_button.setObjectName("dossierRemoveButton")
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(self._remove)
        self.message = QLabel(self)
        self.message.setObjectName("dossierPickerMessage")
        self.message.setWordWrap(True)

        ids_row = QHBoxLayout()
        ids_row.addWidget(self.ids_edit, 1)
        ids_row.addWidget(self.ids_button)
        left = QVBoxLayout()
        left.addWidget(self.search_edit)
        left.addWidget(self.results, 1)
        left.addLayout(ids_row)
        right = QVBoxLayout()
        right.addWidget(self.chosen_label)
        right.addWidget(self.chosen_list, 1)
        right.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)
        columns = QHBoxLayout()
        columns.setContentsMargins(0, 0, 0, 0)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(columns, 1)
        layout.addWidget(self.message)
        self.setTabOrder(self.search_edit, self.results)
        self.setTabOrder(self.results, self.ids_edit)
        self.setTabOrder(self.ids_edit, self.ids_button)
        self.setTabOrder(self.ids_button, self.chosen_list)
        self.setTabOrder(self.chosen_list, self.remove_button)
        self.retranslate()
        self._search("")

    def chosen(self) -> tuple[int, ...]:
        return tuple(int(self.chosen_list.item(i).data(ID_ROLE)) for i in range(self.chosen_list.count()))

    def add(self, dossier_id: int, name: str) -> None:
        if dossier_id in self.chosen():
            return
        item = QListWidgetItem(texts.dossier_text(dossier_id, {dossier_id: name}))
        item.setData(ID_ROLE, dossier_id)
        self.chosen_list.addItem(item)
        self.chosen_list.setCurrentItem(item)
        self.changed.emit()

    def add_ids(self) -> None:
        """Add the dossiers typed as ids ("12, 15 20"); ids not in the vault are named, not added."""
        parts = self.ids_edit.text().replace(",", " ").split()
        wanted = [int(p) for p in parts if p.isdigit()]
        bad = [p for p in parts if not p.isdigit()]
        names = texts.dossier_names(self.vault, wanted)
        missing = [str(d) for d in wanted if d not in names] + bad
        for dossier_id in wanted:
            if dossier_id in names:
                self.add(dossier_id, names[dossier_id])
        self.message.setText(t("ui.extract.ids_missing", ids=", ".join(missing)) if missing else "")
        if not missing:
            self.ids_edit.clear()

    def _search(self, text: str) -> None:
        self.results.clear()
        try:
            hits = search(self.vault, text, limit=SEARCH_LIMIT).results
        except HosoError as exc:
            self.message.setText(exc.message())
            return
        self.message.setText("")
        for hit in hits:
            item = QListWidgetItem(texts.dossier_text(hit.id, {hit.id: hit.full_name}))
            item.setData(ID_ROLE, hit.id)
            item.setData(NAME_ROLE, hit.full_name)
            item.setToolTip(" · ".join(v for v in (hit.current_post, hit.employing_unit) if v))
            self.results.addItem(item)
        if hits:
            self.results.setCurrentRow(0)

    def _add_item(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.add(int(item.data(ID_ROLE)), str(item.data(NAME_ROLE) or ""))

    def _remove(self) -> None:
        if self.chosen_list.currentRow() >= 0:
            self.chosen_list.takeItem(self.chosen_list.currentRow())

    def retranslate(self) -> None:
        self.search_edit.setPlaceholderText(t("ui.extract.search_dossier"))
        self.ids_edit.setPlaceholderText(t("ui.extract.ids_placeholder"))
        self.ids_button.setText(t("ui.extract.ids_add"))
        self.chosen_label.setText(t("ui.extract.dossiers_chosen"))
        self.remove_button.setText(t("ui.extract.remove"))
