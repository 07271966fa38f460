"""The dossier list's filter panel: one control per filter of the search service
(``app.dossier.search.filters``) — sex and each coded fact as a combo filled from its catalog
(Vietnamese or English labels; "(chưa ghi)" for not recorded), birth years from / to, part of the
unit's name, Party member yes / no — and a button that clears them all.

``filtersChanged(dict)`` carries the ``{key: value}`` mapping the search service accepts
(``{"sex": "nu", "birth_year": "1970..1980", "ethnicity": "tay"}``), only the keys set. Checking
the values (a year out of range …) is the service's: its message is shown by the list pane.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from app import i18n
from app.dossier import catalogs
from app.dossier.fields import field_at
from app.dossier.search.filters import CODED, NONE
from app.i18n import t

#: Where each filter's label comes from: the dossier field it filters on (its label in the form).
FIELD_OF = {
    "sex": "identity.sex",
    "ethnicity": "identity.ethnicity",
    "religion": "identity.religion",
    "management_tier": "position.management_tier",
    "post_group": "position.post_group",
    "status": "position.status",
    "highest_degree": "qualifications.highest_degree",
    "political_theory": "qualifications.political_theory",
    "academic_title": "qualifications.academic_title",
    "state_management": "qualifications.state_management",
    "employing_unit": "position.employing_unit",
}
#: The coded filters in the order shown (after sex and birth years).
CODED_ORDER = (
    "ethnicity",
    "religion",
    "management_tier",
    "post_group",
    "status",
    "highest_degree",
    "political_theory",
    "academic_title",
    "state_management",
)
COLUMNS = 1  # label + control pairs per row (the list is a narrow pane beside the editor)
YEAR_WIDTH = 70


def field_label(key: str) -> str:
    spec = field_at(FIELD_OF[key])
    return spec.label if i18n.language() == "vi" else spec.label_en


def _camel(key: str) -> str:
    head, *rest = key.split("_")
    return head + "".join(part.title() for part in rest)


class FilterPanel(QWidget):
    filtersChanged = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterPanel")
        self._quiet = False
        self.labels: dict[str, QLabel] = {}
        self.combos: dict[str, QComboBox] = {}
        for key in ("sex", *CODED_ORDER, "party_member"):
            combo = QComboBox(self)
            combo.setObjectName(f"filter_{_camel(key)}")
            combo.setMinimumContentsLength(12)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.currentIndexChanged.connect(self._changed)
            self.combos[key] = combo
        self.year_from = self._line("filter_birthYearFrom", YEAR_WIDTH)
        self.year_to = self._line("filter_birthYearTo", YEAR_WIDTH)
        for edit in (self.year_from, self.year_to):
            edit.setValidator(QIntValidator(0, 9999, edit))
            edit.setMaxLength(4)
        self.year_dash = QLabel("–", self)
        self.unit = self._line("filter_employingUnit", 0)
        self.clear_button = QPushButton(self)
        self.clear_button.setObjectName("filterClearButton")
        self.clear_button.clicked.connect(self.clear)

        years = QHBoxLayout()
        years.setContentsMargins(0, 0, 0, 0)
        years.addWidget(self.year_from)
        years.addWidget(self.year_dash)
        years.addWidget(self.year_to)
        years.addStretch(1)
        cells: list[tuple[str, QWidget | QHBoxLayout, QWidget]] = [
            ("sex", self.combos["sex"], self.combos["sex"]),
            ("birth_year", years, self.year_from),
            *((k, self.combos[k], self.combos[k]) for k in CODED_ORDER),
            ("employing_unit", self.unit, self.unit),
            ("party_member", self.combos["party_member"], self.combos["party_member"]),
        ]
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 4, 0, 4)
        for n, (key, control, buddy) in enumerate(cells):
            label = QLabel(self)
            label.setBuddy(buddy)
            self.labels[key] = label
            row, column = divmod(n, COLUMNS)
            grid.addWidget(label, row, column * 2)
            if isinstance(control, QHBoxLayout):
                grid.addLayout(control, row, column * 2 + 1)
            else:
                grid.addWidget(control, row, column * 2 + 1)
        last = (len(cells) - 1) // COLUMNS + 1
        grid.addWidget(self.clear_button, last, COLUMNS * 2 - 1)
        for column in range(COLUMNS):
            grid.setColumnStretch(column * 2 + 1, 1)
        order = [self.combos["sex"], self.year_from, self.year_to]
        order += [self.combos[k] for k in CODED_ORDER]
        order += [self.unit, self.combos["party_member"], self.clear_button]
        for first, second in itertools.pairwise(order):
            self.setTabOrder(first, second)
        self.retranslate()

    def _line(self, name: str, width: int) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        if width:
            edit.setFixedWidth(width)
        else:
            edit.setClearButtonEnabled(True)
        edit.textChanged.connect(self._changed)
        return edit

    @property
    def first_control(self) -> QWidget:
        return self.combos["sex"]

    # -- the filters -----------------------------------------------------------------------------
    def filters(self) -> dict[str, str]:
        """The ``{key: value}`` mapping of the filters set, as the search service takes it."""
        out: dict[str, str] = {}
        for key, combo in self.combos.items():
            value = combo.currentData()
            if value:
                out[key] = str(value)
        low, high = self.year_from.text().strip(), self.year_to.text().strip()
        if low and high:
            out["birth_year"] = f"{low}..{high}"
        elif low:
            out["birth_year"] = f"{low}.."
        elif high:
            out["birth_year"] = f"..{high}"
        if self.unit.text().strip():
            out["employing_unit"] = self.unit.text().strip()
        return out

    def active_count(self) -> int:
        return len(self.filters())

    def clear(self) -> None:
        """Unset every filter (one ``filtersChanged`` when something was set)."""
        had = bool(self.filters())
        self._quiet = True
        try:
            for combo in self.combos.values():
                combo.setCurrentIndex(0)
            for edit in (self.year_from, self.year_to, self.unit):
                edit.clear()
        finally:
            self._quiet = False
        if had:
            self.filtersChanged.emit({})

    def _changed(self) -> None:
        if not self._quiet:
            self.filtersChanged.emit(self.filters())

    # -- texts -----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        for key, label in self.labels.items():
            text = t(f"ui.list.filter.{key}") if key in ("birth_year", "party_member") else field_label(key)
            label.setText(text + ":")
        self.year_from.setPlaceholderText(t("ui.list.filter.from"))
        self.year_to.setPlaceholderText(t("ui.list.filter.to"))
        self.unit.setPlaceholderText(t("ui.list.filter.unit_hint"))
        self.clear_button.setText(t("ui.list.filter.clear"))
        lang = i18n.language()
        self._quiet = True
        try:
            for key, combo in self.combos.items():
                current = combo.currentData()
                combo.clear()
                combo.addItem(t("ui.list.filter.any"), "")
                if key == "party_member":
                    combo.addItem(t("ui.list.filter.yes"), "yes")
                    combo.addItem(t("ui.list.filter.no"), "no")
                else:
                    if key != "sex":
                        combo.addItem(t("ui.list.filter.none"), NONE)
                    for entry in catalogs.load(CODED[key].catalog).entries:
                        combo.addItem(entry.text(lang), entry.code)
                combo.setCurrentIndex(max(0, combo.findData(current if current is not None else "")))
        finally:
            self._quiet = False
