"""The inventory table of the documents window: one row per document of the dossier (a
:class:`~app.documents.service.Filed`), its kind, year, title, number, date (dd/mm/yyyy, or as
partial as it was written), issuer, secrecy, sheets of paper and live scanned pages.

A removed document (shown only when asked) is drawn grey and italic; its last column ("Đã gỡ")
and its tooltip say when, by whom and why. Also what the window says of the yearly items still
missing per year of service (:func:`missing_text`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from app import i18n
from app.datefmt import local_datetime, partial_date
from app.documents.service import Filed
from app.dossier import catalogs
from app.i18n import t
from ui.column_model import Index
from ui.extract.models import RowsModel

#: "removed" is shown (second, in sight) only with the removed documents.
COLUMNS = ("kind", "removed", "year", "title", "number", "date", "issuer", "secrecy", "paper", "scans")
SECRET_COLOR = QColor("#b00020")
WIDTHS = (145, 260, 42, 150, 88, 84, 130, 56, 44, 72)  # before the first fit to the rows
#: The widest a column is fitted to its cells (longer texts are elided; the tooltip has them).
MAX_WIDTHS = {"kind": 160, "title": 150, "number": 110, "issuer": 130, "removed": 280}


def kind_label(kind: str) -> str:
    return catalogs.load("document_kind").label(kind, i18n.language())


def secrecy_label(code: str | None) -> str:
    return catalogs.load("secrecy").label(code, i18n.language()) if code else ""


def live_scans(item: Filed) -> int:
    return sum(1 for scan in item.scans if scan.removed_at is None)


def document_name(item: Filed) -> str:
    """How messages name a document: its kind, with its year or its number and title."""
    row = item.document
    parts = [kind_label(row.kind)]
    if row.year is not None:
        parts.append(str(row.year))
    parts += [p for p in (row.number, row.title) if p]
    return " — ".join(parts)


def removal_text(item: Filed) -> str:
    row = item.document
    if row.removed_at is None:
        return ""
    at = local_datetime(row.removed_at, seconds=False)
    return t("ui.documents.removed_text", at=at, by=row.removed_by or "", reason=row.removal_reason or "")


def removal_tip(item: Filed) -> str:
    """``Đã gỡ lúc 20/03/2026 09:30, người gỡ: … Lý do: …`` (empty for a live document)."""
    row = item.document
    if row.removed_at is None:
        return ""
    at = local_datetime(row.removed_at, seconds=False)
    return t("ui.documents.removed_tip", at=at, by=row.removed_by or "", reason=row.removal_reason or "")


def missing_text(missing: dict[int, list[str]]) -> str:
    """``Năm 2024 còn thiếu: Bản tự kiểm điểm``, oldest first; consecutive years missing the same
    kinds share a line (``Các năm 2010–2023 còn thiếu: …``)."""
    if not missing:
        return t("ui.documents.missing_none")
    runs: list[tuple[int, int, list[str]]] = []
    for year, kinds in sorted(missing.items()):
        if runs and runs[-1][1] == year - 1 and runs[-1][2] == kinds:
            runs[-1] = (runs[-1][0], year, kinds)
        else:
            runs.append((year, year, kinds))
    lines = []
    for first, last, kinds in runs:
        names = ", ".join(kind_label(k) for k in kinds)
        if first == last:
            lines.append(t("ui.documents.missing_year", year=first, kinds=names))
        else:
            lines.append(t("ui.documents.missing_years", first=first, last=last, kinds=names))
    return "\n".join(lines)


class InventoryModel(RowsModel[Filed]):
    HEADER_KEY = "ui.documents.col.{}"
    COLUMNS = COLUMNS
    NUMERIC = frozenset({"year", "paper", "scans"})

    def cell(self, row: Filed, column: str) -> str:
        d = row.document
        cells: dict[str, Callable[[], str]] = {
            "kind": lambda: kind_label(d.kind),
            "year": lambda: str(d.year) if d.year is not None else "",
            "title": lambda: d.title,
            "number": lambda: d.number,
            "date": lambda: partial_date(d.date) if d.date else "",
            "issuer": lambda: d.issuer,
            "secrecy": lambda: secrecy_label(d.secrecy),
            "paper": lambda: str(d.page_count) if d.page_count is not None else "",
            "scans": lambda: str(live_scans(row)),
            "removed": lambda: removal_text(row),
        }
        return cells[column]()

    def tooltip(self, row: Filed, column: str) -> str | None:
        d = row.document
        if d.removed_at is not None:
            return removal_tip(row)
        if column in ("title", "issuer") and self.cell(row, column):
            return self.cell(row, column)
        if column == "kind":
            received = partial_date(d.received_on) if d.received_on else "—"
            return t("ui.documents.received_tip", day=received, at=local_datetime(d.created_at, False))
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is not None and row.document.removed_at is not None:
            if role == Qt.ItemDataRole.ForegroundRole:
                return QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setItalic(True)
                return font
        secret = row is not None and row.document.secrecy and self.COLUMNS[index.column()] == "secrecy"
        if secret and role == Qt.ItemDataRole.ForegroundRole:
            return SECRET_COLOR
        return super().data(index, role)

    def row_of(self, document_id: int) -> int:
        """The row showing document ``document_id``, or -1."""
        return next((n for n, item in enumerate(self.rows()) if item.document.id == document_id), -1)
