"""What report to draw up: the report (one per name in ``StatsService.catalogue()``, by title and
form) or a cross-tabulation of two dimensions, the date the figures are counted to ("Tính đến
ngày", dd/mm/yyyy, today at most) and whether to compare with the same period last year.

:meth:`ReportPicker.request` gives what ``StatsService.run`` needs; a cross-tabulation is
``cross_definition``'s, its lines and title named in words ("Giới tính × Độ tuổi").
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QGridLayout, QHBoxLayout, QLabel, QWidget

from app.i18n import language, t
from app.stats.definitions import Definition
from app.stats.service import CROSS, cross_definition, cross_dimensions

DEFAULT_CROSS = ("age", "sex")


def dimension_label(name: str, lang: str | None = None) -> str:
    return t(f"stats.dim.{name}", lang)


class ReportPicker(QWidget):
    def __init__(self, catalogue: list[Definition], today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.report_label = QLabel(self)
        self.report = QComboBox(self)
        self.report.setObjectName("statsReportCombo")
        self.report_label.setBuddy(self.report)
        self.rows_label = QLabel(self)
        self.rows = QComboBox(self)
        self.rows.setObjectName("statsRowDimension")
        self.rows_label.setBuddy(self.rows)
        self.columns_label = QLabel(self)
        self.columns = QComboBox(self)
        self.columns.setObjectName("statsColumnDimension")
        self.columns_label.setBuddy(self.columns)
        for combo, default in zip((self.rows, self.columns), DEFAULT_CROSS, strict=True):
            for name in cross_dimensions():
                combo.addItem("", name)
            combo.setCurrentIndex(max(combo.findData(default), 0))
        self.as_of_label = QLabel(self)
        self.as_of = QDateEdit(self)
        self.as_of.setObjectName("statsAsOf")
        self.as_of.setDisplayFormat("dd/MM/yyyy")
        self.as_of.setCalendarPopup(True)
        self.as_of.setMinimumDate(QDate(1900, 1, 1))
        self.as_of.setMaximumDate(QDate(today.year, today.month, today.day))
        self.as_of.setDate(QDate(today.year, today.month, today.day))
        self.as_of_label.setBuddy(self.as_of)
        self.compare = QCheckBox(self)
        self.compare.setObjectName("statsCompare")
        self.today = today
        self._lay_out()
        self.report.currentIndexChanged.connect(lambda _n: self._show_cross())
        self.retranslate()

    def _lay_out(self) -> None:
        cross = QHBoxLayout()
        for widget in (self.rows_label, self.rows, self.columns_label, self.columns):
            cross.addWidget(widget)
        cross.addStretch(1)
        when = QHBoxLayout()
        when.addWidget(self.as_of)
        when.addSpacing(24)
        when.addWidget(self.compare)
        when.addStretch(1)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.report_label, 0, 0)
        grid.addWidget(self.report, 0, 1)
        grid.addLayout(cross, 1, 1)
        grid.addWidget(self.as_of_label, 2, 0)
        grid.addLayout(when, 2, 1)
        grid.setColumnStretch(1, 1)

    def focus_order(self) -> list[QWidget]:
        return [self.report, self.rows, self.columns, self.as_of, self.compare]

    def is_cross(self) -> bool:
        return bool(self.report.currentData() == CROSS)

    def _show_cross(self) -> None:
        for widget in (self.rows_label, self.rows, self.columns_label, self.columns):
            widget.setVisible(self.is_cross())

    def select(self, name: str) -> None:
        self.report.setCurrentIndex(max(self.report.findData(name), 0))

    def request(self) -> tuple[str | Definition, str | None, bool]:
        """(report name or definition, as-of date or None for today, compare)."""
        shown = self.as_of.date()
        day = date(shown.year(), shown.month(), shown.day())
        as_of = None if day >= self.today else day.isoformat()
        report: str | Definition = (
            cross_definition(self.rows.currentData(), self.columns.currentData())
            if self.is_cross()
            else str(self.report.currentData())
        )
        return report, as_of, self.compare.isChecked()

    def retranslate(self) -> None:
        lang = language()
        chosen = self.report.currentData()
        self.report.blockSignals(True)
        self.report.clear()
        for definition in self.catalogue:
            self.report.addItem(f"{definition.text(lang)}  ({definition.form})", definition.name)
        self.report.addItem(t("ui.stats.cross"), CROSS)
        self.report.setCurrentIndex(max(self.report.findData(chosen), 0))
        self.report.blockSignals(False)
        for combo in (self.rows, self.columns):
            for n in range(combo.count()):
                combo.setItemText(n, dimension_label(str(combo.itemData(n))))
        self.report_label.setText(t("ui.stats.report"))
        self.rows_label.setText(t("ui.stats.rows"))
        self.columns_label.setText(t("ui.stats.columns"))
        self.as_of_label.setText(t("ui.stats.as_of"))
        self.compare.setText(t("ui.stats.compare"))
        self._show_cross()
