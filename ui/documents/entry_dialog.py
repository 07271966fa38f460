"""The entry dialog ("Thêm tài liệu"): one document of the inventory and, if the officer wants,
the scan files of its pages.

Fields: kind (catalog ``document_kind``), year (enabled only for the yearly kinds), title,
number, date (typed in one piece: dd/mm/yyyy, mm/yyyy or yyyy), issuer, secrecy, sheets of
paper, received on (dd/mm/yyyy) and the scan files (chosen through the window's file seam). "Lưu"
checks the entry with ``app.documents.inventory.checked``; a refusal is shown on the dialog,
naming the field, and nothing is saved. Otherwise ``submitted(values, paths)`` asks the window
to file it (off the GUI thread); the window answers :meth:`EntryDialog.refused` (shown here, the
dialog stays) or closes it. Files are only named here, never read.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app import i18n
from app.documents import inventory
from app.dossier import catalogs, dates
from app.errors import HosoError, InvalidInput
from app.i18n import t
from ui.editor.widgets.dates import typed_to_iso
from ui.extract.widgets import button, line

ERROR_COLOR = "#b00020"


def field_message(exc: HosoError, typed: dict[str, str] | None = None) -> str:
    """``exc``'s sentence, naming the field as the dialog labels it (not by its key) and quoting
    a date as the officer typed it (``typed``: field → text)."""
    params = dict(exc.params)
    field = str(params.get("field", ""))
    if field:
        params["field"] = t(f"ui.documents.field.{field}")
        if typed and field in typed and "value" in params:
            params["value"] = typed[field]
    return t(exc.key, **params)


class YearSpin(QSpinBox):
    """A year, or none (its lowest value, shown as a dash): the officer types the year of a
    yearly item; the first step up from none is the year just ended."""

    def __init__(self, parent: QWidget, this_year: int) -> None:
        super().__init__(parent)
        self.setObjectName("documentYear")
        self.setRange(dates.MIN_YEAR - 1, this_year)
        self.setSpecialValueText(t("ui.documents.entry.year_none"))
        self.setValue(self.minimum())
        self._last_year = this_year - 1

    def year(self) -> int | None:
        return None if self.value() == self.minimum() else self.value()

    def stepBy(self, steps: int) -> None:
        if self.value() == self.minimum() and steps > 0:
            self.setValue(self._last_year)
        else:
            super().stepBy(steps)


class EntryDialog(QDialog):
    submitted = Signal(object, object)  # values: dict, paths: list[Path]

    def __init__(
        self, parent: QWidget, name: str, today: date, choose_files: Callable[[QWidget], list[Path]]
    ) -> None:
        super().__init__(parent)
        self.setObjectName("documentEntryDialog")
        self.setProperty("restricted", True)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(t("ui.documents.entry.title", name=name))
        self.today = today
        self._choose_files = choose_files
        self.busy = False

        self.kind = QComboBox(self)
        self.kind.setObjectName("documentKind")
        lang = i18n.language()
        for entry in catalogs.load("document_kind").entries:
            self.kind.addItem(entry.text(lang), entry.code)
        self.year = YearSpin(self, today.year)
        self.title = line(self, "documentTitle")
        self.number = line(self, "documentNumber")
        self.issued = line(self, "documentDate")
        self.issued.setPlaceholderText(t("ui.documents.entry.date_hint"))
        self.issuer = line(self, "documentIssuer")
        self.secrecy = QComboBox(self)
        self.secrecy.setObjectName("documentSecrecy")
        self.secrecy.addItem(t("ui.documents.entry.no_secrecy"), None)
        for entry in catalogs.load("secrecy").entries:
            self.secrecy.addItem(entry.text(lang), entry.code)
        self.paper = QSpinBox(self)
        self.paper.setObjectName("documentPaper")
        self.paper.setRange(0, inventory.MAX_PAGES)
        self.paper.setSpecialValueText(t("ui.documents.entry.paper_none"))
        self.received = line(self, "documentReceived")
        self.received.setPlaceholderText(t("ui.documents.entry.received_hint"))
        self.received.setText(today.strftime("%d/%m/%Y"))
        self.files = QListWidget(self)
        self.files.setObjectName("documentFiles")
        self.files.setFixedHeight(self.fontMetrics().height() * 4 + 12)
        self.choose_button = button(self, "documentChooseButton", t("ui.documents.entry.choose"))
        self.choose_button.clicked.connect(self.choose)
        self.drop_button = button(self, "documentDropButton", t("ui.documents.entry.drop"))
        self.drop_button.clicked.connect(self.drop_selected)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Open), self, self.choose)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.files, self.drop_selected,
                  context=Qt.ShortcutContext.WidgetShortcut)  # fmt: skip
        self.error = QLabel(self)
        self.error.setObjectName("documentEntryError")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet(f"color: {ERROR_COLOR};")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setObjectName("documentEntryOkButton")
        ok.setText(t("ui.documents.entry.save"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("documentEntryCancelButton")
        cancel.setText(t("ui.common.cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        self.kind.setFocus()

    def _lay_out(self) -> None:
        form = QFormLayout()
        rows: list[tuple[str, QWidget]] = [
            ("kind", self.kind), ("year", self.year), ("title_field", self.title), ("number", self.number),
            ("date", self.issued), ("issuer", self.issuer), ("secrecy", self.secrecy),
            ("paper", self.paper), ("received", self.received),
        ]  # fmt: skip
        for key, widget in rows:
            label = QLabel(t(f"ui.documents.entry.{key}"), self)
            label.setBuddy(widget)
            form.addRow(label, widget)
        self.title.setMinimumWidth(380)
        files_label = QLabel(t("ui.documents.entry.files"), self)
        files_label.setBuddy(self.files)
        side = QVBoxLayout()
        side.addWidget(self.choose_button)
        side.addWidget(self.drop_button)
        side.addStretch(1)
        files = QHBoxLayout()
        files.addWidget(self.files, 1)
        files.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(files_label)
        layout.addLayout(files)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    # -- the entry ---------------------------------------------------------------------------
    def _kind_changed(self) -> None:
        self.year.setEnabled(self.kind.currentData() in inventory.yearly_kinds())

    def values(self) -> dict[str, Any]:
        """The entry as typed, in the service's terms (not yet checked)."""
        return {
            "kind": self.kind.currentData(),
            "year": self.year.year() if self.year.isEnabled() else None,
            "title": self.title.text(),
            "number": self.number.text(),
            "date": typed_to_iso(self.issued.text()),
            "issuer": self.issuer.text(),
            "secrecy": self.secrecy.currentData(),
            "page_count": self.paper.value() or None,
            "received_on": self.received.text().strip() or None,  # dd/mm/yyyy: the service reads it
        }

    def paths(self) -> list[Path]:
        return [self.files.item(n).data(Qt.ItemDataRole.UserRole) for n in range(self.files.count())]

    def choose(self) -> None:
        if self.busy:
            return
        have = set(self.paths())
        for path in self._choose_files(self):
            if path not in have:
                have.add(path)
                item = QListWidgetItem(path.name, self.files)
                item.setData(Qt.ItemDataRole.UserRole, path)
                item.setToolTip(str(path))

    def drop_selected(self) -> None:
        for item in self.files.selectedItems():
            self.files.takeItem(self.files.row(item))

    # -- saving ------------------------------------------------------------------------------
    def accept(self) -> None:
        """Check the entry; hand it to the window when it passes (the dialog stays up)."""
        if self.busy:
            return
        values = self.values()
        try:
            inventory.checked(values, self.today)
        except InvalidInput as exc:
            self.refused(exc)
            return
        self.error.clear()
        self.submitted.emit(values, self.paths())

    def refused(self, exc: HosoError) -> None:
        """Show why the entry (or one of its files) was refused; nothing was saved."""
        typed = {"date": self.issued.text().strip(), "received_on": self.received.text().strip()}
        self.error.setText(field_message(exc, typed))
        focus = {"year": self.year, "title": self.title, "number": self.number, "date": self.issued,
                 "issuer": self.issuer, "received_on": self.received, "page_count": self.paper}  # fmt: skip
        key = exc.key.rsplit(".", 1)[-1]
        widget = focus.get(str(exc.params.get("field", "")))
        if widget is None and key in ("year_needed", "year_not_yearly"):
            widget = self.kind if key == "year_not_yearly" else self.year
        (widget or self.files).setFocus()

    def saved(self) -> None:
        """The window filed the entry: close."""
        super().accept()
