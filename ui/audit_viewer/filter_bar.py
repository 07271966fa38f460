"""The audit viewer's filters: from / to day (dd/mm/yyyy, each switched on by its tick), the act,
and text in the target. Signal ``changed()`` whenever the filter changes."""

from __future__ import annotations

import itertools
from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QLabel, QLineEdit, QWidget

from app.audit.actions import Action
from app.audit.query import AuditFilter, filter_for_days
from app.i18n import t
from ui.audit_viewer.model import action_label

DATE_FORMAT = "dd/MM/yyyy"


def _day(qdate: QDate) -> date:
    return date(qdate.year(), qdate.month(), qdate.day())


def _date_edit(name: str, day: date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setObjectName(name)
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setCalendarPopup(True)
    edit.setEnabled(False)
    return edit


class FilterBar(QWidget):
    changed = Signal()

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditFilterBar")
        self.from_check = QCheckBox(self)
        self.from_check.setObjectName("auditFromCheck")
        self.from_date = _date_edit("auditFromDate", today)
        self.to_check = QCheckBox(self)
        self.to_check.setObjectName("auditToCheck")
        self.to_date = _date_edit("auditToDate", today)
        self.action_label = QLabel(self)
        self.action = QComboBox(self)
        self.action.setObjectName("auditActionCombo")
        self.action.setMinimumContentsLength(18)
        self.action_label.setBuddy(self.action)
        self.target_label = QLabel(self)
        self.target = QLineEdit(self)
        self.target.setObjectName("auditTargetEdit")
        self.target.setClearButtonEnabled(True)
        self.target_label.setBuddy(self.target)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.from_check, self.from_date, self.to_check, self.to_date):
            layout.addWidget(widget)
        layout.addSpacing(12)
        layout.addWidget(self.action_label)
        layout.addWidget(self.action)
        layout.addSpacing(12)
        layout.addWidget(self.target_label)
        layout.addWidget(self.target, 1)
        order: list[QWidget] = [
            self.from_check,
            self.from_date,
            self.to_check,
            self.to_date,
            self.action,
            self.target,
        ]
        for first, second in itertools.pairwise(order):
            self.setTabOrder(first, second)

        self.from_check.toggled.connect(self.from_date.setEnabled)
        self.to_check.toggled.connect(self.to_date.setEnabled)
        for check in (self.from_check, self.to_check):
            check.toggled.connect(self.changed)
        for edit in (self.from_date, self.to_date):
            edit.dateChanged.connect(self.changed)
        self.action.currentIndexChanged.connect(self.changed)
        self.target.textChanged.connect(self.changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.from_check.setText(t("ui.audit.from"))
        self.to_check.setText(t("ui.audit.to"))
        self.action_label.setText(t("ui.audit.action"))
        self.target_label.setText(t("ui.audit.target"))
        self.target.setPlaceholderText(t("ui.audit.target_hint"))
        current = self.action.currentData()
        self.action.blockSignals(True)
        self.action.clear()
        self.action.addItem(t("ui.audit.all_actions"), "")
        for act in sorted(Action, key=lambda a: action_label(a.value)):
            self.action.addItem(action_label(act.value), act.value)
        found = self.action.findData(current if current is not None else "")
        self.action.setCurrentIndex(max(0, found))
        self.action.blockSignals(False)

    def set_action(self, action: str) -> None:
        self.action.setCurrentIndex(max(0, self.action.findData(action)))

    def set_days(self, first: date | None, last: date | None) -> None:
        for check, edit, day in (
            (self.from_check, self.from_date, first),
            (self.to_check, self.to_date, last),
        ):
            if day is not None:
                edit.setDate(QDate(day.year, day.month, day.day))
            check.setChecked(day is not None)

    def current(self) -> AuditFilter:
        first = _day(self.from_date.date()) if self.from_check.isChecked() else None
        last = _day(self.to_date.date()) if self.to_check.isChecked() else None
        return filter_for_days(
            first, last, self.action.currentData() or None, self.target.text().strip() or None
        )
