"""The read-only tables of the extract windows: readers, approvals, copies and reading sessions.

:class:`RowsModel` holds a list of rows and turns each into the texts of its columns
(``cells``); the subclasses name their columns (headers ``ui.extract.col.<name>``) and say how a
row reads. :func:`table_view` builds the keyboard-friendly view every window uses (whole rows,
one at a time, no editing).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import QObject, Qt

from app.extract import serials
from app.extract.approvals import Approval
from app.extract.readers import Reader
from app.extract.reading import Reading
from app.extract.register import CopyEntry
from app.i18n import t
from ui.column_model import ColumnModel, Index
from ui.extract import texts

Row = TypeVar("Row")


class RowsModel(ColumnModel, Generic[Row]):
    HEADER_KEY = "ui.extract.col.{}"
    NUMERIC: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []

    def cell(self, row: Row, column: str) -> str:
        raise NotImplementedError

    def tooltip(self, row: Row, column: str) -> str | None:
        return None

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Row]:
        return list(self._rows)

    def row_at(self, index: int) -> Row | None:
        return self._rows[index] if 0 <= index < len(self._rows) else None

    def row_total(self) -> int:
        return len(self._rows)

    def shown(self, index: int) -> dict[str, str]:
        """The cells of row ``index`` as shown, by column name."""
        row = self._rows[index]
        return {column: self.cell(row, column) for column in self.COLUMNS}

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(len(self.COLUMNS) - 1, 0))
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self.COLUMNS) - 1))


class ReadersModel(RowsModel[Reader]):
    COLUMNS = ("id", "full_name", "unit", "title", "active")
    NUMERIC = frozenset({"id"})

    def cell(self, row: Reader, column: str) -> str:
        if column == "active":
            return t("ui.extract.active") if row.active else t("ui.extract.inactive")
        return str(getattr(row, column))


class ApprovalsModel(RowsModel[Approval]):
    """The approvals of one reader (with ``reader`` among the columns: of several readers)."""

    COLUMNS = ("decision", "state", "form", "validity", "copies", "dossiers", "sections")
    NUMERIC = frozenset({"copies"})

    def __init__(self, today: Callable[[], date], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self.names: dict[int, str] = {}
        self.readers: dict[int, str] = {}

    def cell(self, row: Approval, column: str) -> str:
        r = row.row
        cells: dict[str, Callable[[], str]] = {
            "reader": lambda: self.readers.get(r.reader_id, f"#{r.reader_id}"),
            "decision": lambda: texts.approval_label(row),
            "form": lambda: texts.form_label(r.form),
            "dossiers": lambda: ", ".join(texts.dossier_text(d, self.names) for d in r.dossiers),
            "sections": lambda: texts.sections_text(r.sections),
            "copies": lambda: str(r.copies),
            "validity": lambda: f"{texts.day(r.valid_from)} – {texts.day(r.valid_until)}",
            "state": lambda: texts.state_label(row.state(self._today())),
        }
        return cells[column]()

    def tooltip(self, row: Approval, column: str) -> str | None:
        r = row.row
        if column == "decision":
            return t("ui.extract.signed_by", signer=r.signer, title=r.signer_title, purpose=r.purpose)
        if column == "state" and r.revoked_at:
            return t("ui.extract.revoked_because", at=texts.moment(r.revoked_at), reason=r.revoke_reason)
        if column in ("dossiers", "sections"):
            return self.cell(row, column)
        return None


class ApprovalChoiceModel(ApprovalsModel):
    """Approvals of every reader, to choose one from (the print wizard)."""

    COLUMNS = ("reader", "decision", "state", "validity", "copies", "dossiers", "sections")


class CopiesModel(RowsModel[CopyEntry]):
    COLUMNS = ("serial", "copy", "reader", "dossier", "layout", "pages", "issued", "status")
    NUMERIC = frozenset({"copy", "pages"})

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.names: dict[int, str] = {}
        self.readers: dict[int, str] = {}

    def cell(self, row: CopyEntry, column: str) -> str:
        r = row.row
        cells: dict[str, Callable[[], str]] = {
            "serial": lambda: serials.grouped(r.serial),
            "copy": lambda: texts.copy_text(r.copy_no, r.copies),
            "reader": lambda: self.readers.get(r.reader_id, f"#{r.reader_id}"),
            "dossier": lambda: texts.dossier_text(r.dossier_id, self.names),
            "layout": lambda: texts.layout_label(r.layout, short=True),
            "pages": lambda: str(r.pages),
            "issued": lambda: texts.moment(r.issued_at),
            "status": lambda: texts.status_label(r.status),
        }
        return cells[column]()

    def tooltip(self, row: CopyEntry, column: str) -> str | None:
        if column == "status" and row.events:
            return "\n".join(
                f"{texts.moment(e.at)}  {texts.status_label(e.event)}  {e.note}".rstrip() for e in row.events
            )
        if column == "dossier":
            return texts.sections_text(row.row.sections)
        return None


class ReadingsModel(RowsModel[Reading]):
    COLUMNS = ("reader", "approval", "dossiers", "sections", "time_in", "time_out", "remarks")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.names: dict[int, str] = {}
        self.readers: dict[int, str] = {}
        self.approvals: dict[int, str] = {}

    def cell(self, row: Reading, column: str) -> str:
        r = row.row
        cells: dict[str, Callable[[], str]] = {
            "reader": lambda: self.readers.get(r.reader_id, f"#{r.reader_id}"),
            "approval": lambda: self.approvals.get(r.approval_id, f"#{r.approval_id}"),
            "dossiers": lambda: ", ".join(texts.dossier_text(d, self.names) for d in r.dossiers),
            "sections": lambda: texts.sections_text(r.sections),
            "time_in": lambda: texts.moment(r.opened_at),
            "time_out": lambda: texts.moment(r.closed_at) if r.closed_at else t("ui.extract.reading_now"),
            "remarks": lambda: r.remarks,
        }
        return cells[column]()

    def tooltip(self, row: Reading, column: str) -> str | None:
        if column in ("dossiers", "sections", "remarks"):
            return self.cell(row, column) or None
        return None
