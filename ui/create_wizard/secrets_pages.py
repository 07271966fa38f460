"""Wizard pages 3 and 4: the two secrets shown once at creation.

The recovery code (for the sealed envelope) is shown large, in monospace, not selectable (so it
cannot reach the clipboard); "Tiếp" stays disabled until one of its full four-character groups,
chosen at random, is typed again (proof it was copied, not just glanced at; the short check
group would prove little) and the officer ticks that it is written down. The inspector's audit
key K(0) is shown the same way, with a printable slip (preview from memory, then print) and a
tick that it was handed over.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWizardPage

from app.i18n import t
from ui.fonts import code_font


def code_label(name: str, point_size: int) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setFont(code_font(point_size))
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    label.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setStyleSheet("QLabel { background: #fffbe6; border: 1px solid #c9b458; padding: 12px; }")
    return label


def in_lines(code: str, groups_per_line: int) -> str:
    groups = code.split("-")
    lines = ["-".join(groups[i : i + groups_per_line]) for i in range(0, len(groups), groups_per_line)]
    return "-\n".join(lines)


def pick_group(code: str) -> int:
    """Index of a random full group of ``code`` (never the short check group at the end)."""
    groups = code.split("-")
    full = [i for i, g in enumerate(groups) if len(g) == len(groups[0])]
    return full[secrets.randbelow(len(full))]


class RecoveryPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("recoveryPage")
        self._code = ""
        self.asked_group = 0
        self.warning = QLabel(self)
        self.warning.setWordWrap(True)
        self.warning.setObjectName("recoveryWarning")
        self.code = code_label("recoveryCodeLabel", 20)
        self.retype_label = QLabel(self)
        self.retype = QLineEdit(self)
        self.retype.setObjectName("recoveryRetypeEdit")
        self.retype.setFont(code_font(12))
        self.retype.setMaxLength(8)
        self.retype.setMaximumWidth(160)
        self.retype_label.setBuddy(self.retype)
        self.written = QCheckBox(self)
        self.written.setObjectName("recoveryWrittenCheck")
        layout = QVBoxLayout(self)
        layout.addWidget(self.warning)
        layout.addWidget(self.code)
        row = QHBoxLayout()
        row.addWidget(self.retype_label)
        row.addWidget(self.retype)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.written)
        layout.addStretch(1)
        self.setTabOrder(self.retype, self.written)
        self.retype.textChanged.connect(self.completeChanged)
        self.written.toggled.connect(self.completeChanged)
        self.retranslate()

    def show_code(self, code: str) -> None:
        self._code = code
        self.asked_group = pick_group(code)
        self.code.setText(code)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(t("ui.create.recovery.title"))
        self.setSubTitle(t("ui.create.recovery.subtitle"))
        self.warning.setText(t("ui.create.recovery.warning"))
        self.retype_label.setText(t("ui.create.recovery.retype", n=self.asked_group + 1))
        self.written.setText(t("ui.create.recovery.written"))

    def isComplete(self) -> bool:
        typed = self.retype.text().strip().upper()
        expected = self._code.split("-")[self.asked_group].upper() if self._code else None
        return typed == expected and self.written.isChecked()

    def forget(self) -> None:
        self._code = ""
        self.code.clear()
        self.retype.clear()


class AuditKeyPage(QWizardPage):
    def __init__(self, print_slip: Callable[[], None]) -> None:
        super().__init__()
        self.setObjectName("auditKeyPage")
        self.explain = QLabel(self)
        self.explain.setWordWrap(True)
        self.key = code_label("auditKeyLabel", 15)
        self.print_button = QPushButton(self)
        self.print_button.setObjectName("printAuditKeyButton")
        self.print_button.clicked.connect(print_slip)
        self.handed = QCheckBox(self)
        self.handed.setObjectName("auditKeyHandedCheck")
        self.handed.toggled.connect(self.completeChanged)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain)
        layout.addWidget(self.key)
        layout.addWidget(self.print_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.handed)
        layout.addStretch(1)
        self.setTabOrder(self.print_button, self.handed)
        self.retranslate()

    def show_key(self, key: str) -> None:
        self.key.setText(in_lines(key, 7))

    def retranslate(self) -> None:
        self.setTitle(t("ui.create.audit_key.title"))
        self.setSubTitle(t("ui.create.audit_key.subtitle"))
        self.explain.setText(t("ui.create.audit_key.explain"))
        self.print_button.setText(t("ui.create.audit_key.print"))
        self.handed.setText(t("ui.create.audit_key.handed"))

    def isComplete(self) -> bool:
        return self.handed.isChecked()

    def forget(self) -> None:
        self.key.clear()
