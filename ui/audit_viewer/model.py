"""The audit table model, lazy like Anki's browser: it holds only the sequence numbers of the
matching entries and fetches rows in pages when the view asks for them, keeping a few pages.

``page_loads`` and ``rows_loaded`` count the fetches, so tests can prove that only what is
shown was read. Times are shown in local time as dd/mm/yyyy HH:MM:SS (``app.datefmt``); acts by their label.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QObject, Qt

from app.audit import query
from app.audit.query import AuditFilter, Entry
from app.datefmt import local_datetime
from app.i18n import t
from app.vault.session import Vault
from ui.column_model import ColumnModel, Index

PAGE_SIZE = 50
CACHED_PAGES = 8
COLUMNS = ("seq", "time", "actor", "action", "target", "details")
DETAILS_CHARS = 160


def action_label(action: str) -> str:
    """The act's name in the current language; unknown acts (a newer HoSo) show their code."""
    key = f"ui.audit.act.{action}"
    text = t(key)
    return action if text == key else text


def details_text(details: dict[str, Any]) -> str:
    text = "; ".join(f"{k}={_value(v)}" for k, v in sorted(details.items()))
    return text if len(text) <= DETAILS_CHARS else text[: DETAILS_CHARS - 1] + "…"


def _value(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    return "—" if value is None else str(value)


class AuditTableModel(ColumnModel):
    COLUMNS = COLUMNS
    HEADER_KEY = "ui.audit.col.{}"

    def __init__(self, vault: Vault, flt: AuditFilter | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._vault = vault
        self._filter = flt or AuditFilter()
        self._seqs: list[int] = []
        self._pages: OrderedDict[int, list[Entry | None]] = OrderedDict()
        self.page_loads = 0
        self.rows_loaded = 0
        self.refresh()

    @property
    def filter(self) -> AuditFilter:
        return self._filter

    def set_filter(self, flt: AuditFilter) -> None:
        self._filter = flt
        self.refresh()

    def refresh(self) -> None:
        """Read the matching sequence numbers again (cheap) and forget the cached rows."""
        self.beginResetModel()
        self._seqs = query.seqs(self._vault, self._filter) if self._vault.is_open else []
        self._pages.clear()
        self.endResetModel()

    def release(self) -> None:
        """Forget the vault and every row (at lock)."""
        self.beginResetModel()
        self._seqs = []
        self._pages.clear()
        self.endResetModel()

    def seq_at(self, row: int) -> int:
        return self._seqs[row]

    def entry_at(self, row: int) -> Entry | None:
        page = row // PAGE_SIZE
        if page not in self._pages:
            self._load(page)
        self._pages.move_to_end(page)
        return self._pages[page][row % PAGE_SIZE]

    def _load(self, page: int) -> None:
        seqs = self._seqs[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
        rows: list[Entry | None] = [None] * len(seqs)
        if self._vault.is_open:
            rows = query.entries_by_seq(self._vault, seqs)
        self._pages[page] = rows
        self.page_loads += 1
        self.rows_loaded += len(rows)
        while len(self._pages) > CACHED_PAGES:
            self._pages.popitem(last=False)

    # -- Qt ------------------------------------------------------------------------------
    def row_total(self) -> int:
        return len(self._seqs)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == "seq":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if column == "seq":
            return str(self._seqs[index.row()])
        entry = self.entry_at(index.row())
        if entry is None:
            return ""
        if column == "time":
            return local_datetime(entry.time)
        if column == "actor":
            return entry.actor
        if column == "action":
            return action_label(entry.action)
        if column == "target":
            return entry.target
        return details_text(entry.details)

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._seqs:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._seqs) - 1, len(COLUMNS) - 1))
