"""The main window's first pane: which vault is open and what it holds, until the dossier panes
of later issues take its place. Shows counts and dates only, never dossier content."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from app.datefmt import local_datetime
from app.i18n import t


def local_date(iso: str) -> str:
    """dd/mm/yyyy of a stored ISO UTC time, in local time."""
    return local_datetime(iso).split(" ", 1)[0]


class HomePane(QWidget):
    FIELDS = ("vault", "created", "dossiers", "audit_entries")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("homePane")
        self.heading = QLabel(self)
        self.heading.setObjectName("homeHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.heading.setFont(font)
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.labels: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        for name in self.FIELDS:
            label, value = QLabel(self), QLabel(self)
            value.setObjectName(f"home_{name}")
            self.labels[name], self.values[name] = label, value
            self.form.addRow(label, value)
        self.hint = QLabel(self)
        self.hint.setObjectName("homeHint")
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(self.heading)
        layout.addSpacing(12)
        layout.addLayout(self.form)
        layout.addSpacing(18)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        self.retranslate()

    def show_info(self, info: dict[str, Any]) -> None:
        self.values["vault"].setText(str(info.get("vault", "")))
        self.values["created"].setText(local_date(str(info.get("created_at", ""))))
        self.values["dossiers"].setText(str(info.get("dossiers", 0)))
        self.values["audit_entries"].setText(str(info.get("audit_entries", 0)))

    def clear(self) -> None:
        for value in self.values.values():
            value.setText("")

    def retranslate(self) -> None:
        self.heading.setText(t("ui.home.heading"))
        for name in self.FIELDS:
            self.labels[name].setText(t(f"ui.home.{name}"))
        self.hint.setText(t("ui.home.hint"))
