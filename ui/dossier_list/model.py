"""The dossier list's table model: it holds only the ids of the matching dossiers, in display
order (``app.dossier.listing.list_ids``), and reads the shown columns in blocks of ``BLOCK``
rows when the view first asks for one of them, keeping the ``CACHED_BLOCKS`` last used.

So 100 000 dossiers cost 100 000 ints, and a paint reads one or two blocks. ``block_loads``
counts the reads, so tests can prove that only what is shown was read. Sorting re-lists the
ids in the column's order (``sort(-1, …)``: back to relevance). Shows normal (class N) columns
only; birth dates as dd/mm/yyyy (partial: mm/yyyy, yyyy).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from app.datefmt import partial_date
from app.dossier import listing
from app.dossier.search import Hit
from app.errors import InvalidInput
from app.vault.session import Vault
from ui.column_model import ColumnModel, Index

BLOCK = 200
CACHED_BLOCKS = 20
#: The columns, by the name of what they show; each sorts by the list order of the same name.
COLUMNS = ("full_name", "birth_date", "current_post", "employing_unit")
SORT_OF_COLUMN = ("name", "birth_date", "current_post", "employing_unit")
#: ``data(index, ID_ROLE)``: the dossier id of the row.
ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1


def _words(text: str) -> list[str]:
    return text.split()


class DossierListModel(ColumnModel):
    COLUMNS = COLUMNS
    HEADER_KEY = "ui.list.col.{}"

    #: After every listing (query, sort, refresh): read ``error`` and ``rowCount()``.
    listed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._vault: Vault | None = None
        self._text = ""
        self._filters: dict[str, str] = {}
        self._sort = listing.RELEVANCE
        self._descending = False
        self._ids: list[int] = []
        self._blocks: OrderedDict[int, list[Hit | None]] = OrderedDict()
        self.total_all = 0  # every dossier of the vault, whatever the query
        self.error: InvalidInput | None = None  # why the query lists nothing (a bad filter or text)
        self.block_loads = 0
        self._up_to_date = False  # the ids are those of the current vault and query
        self.last_list_s = 0.0  # how long the last listing took (for the benchmark)

    # -- what is listed ----------------------------------------------------------------------
    @property
    def vault(self) -> Vault | None:
        return self._vault

    @property
    def text(self) -> str:
        return self._text

    @property
    def filters(self) -> dict[str, str]:
        return dict(self._filters)

    @property
    def sort_key(self) -> tuple[str, bool]:
        """(the order's name, descending)."""
        return self._sort, self._descending

    @property
    def cached_rows(self) -> int:
        return sum(len(b) for b in self._blocks.values())

    def set_vault(self, vault: Vault | None) -> None:
        """List ``vault``'s dossiers with the current query (an invalid one lists nothing)."""
        self._vault = vault
        self.refresh()

    def set_query(self, text: str, filters: Mapping[str, str], *, recount: bool = False) -> None:
        """List the matches of ``text`` and ``filters`` (``recount``: count every dossier of the
        vault again too). A query the search service refuses lists nothing and leaves its
        InvalidInput in ``error``."""
        same = _words(text) == _words(self._text) and dict(filters) == self._filters
        self._text, self._filters = text, dict(filters)
        if same and self._up_to_date and not recount:
            return  # a space typed, or the same filters again: the list stands
        self._relist(count=recount)

    def refresh(self) -> None:
        """List again (after a save or an import): the ids, the count of all, no cached row."""
        self._relist(count=True)

    def clear(self) -> None:
        """Forget the vault, the ids and every row read (at lock)."""
        self.beginResetModel()
        self._vault = None
        self._ids = []
        self._blocks.clear()
        self.total_all = 0
        self.error = None
        self._up_to_date = False
        self.endResetModel()
        self.listed.emit()

    def _relist(self, *, count: bool) -> None:
        self.beginResetModel()
        self._ids = []
        self._blocks.clear()
        self.error = None
        started = time.perf_counter()
        try:
            if self._vault is not None and self._vault.is_open:
                if count:
                    self.total_all = listing.count_all(self._vault)
                self._ids = listing.list_ids(
                    self._vault, self._text, self._filters, self._sort, self._descending
                )
        except InvalidInput as exc:
            self.error = exc
        finally:
            self._up_to_date = self._vault is not None
            self.last_list_s = time.perf_counter() - started
            self.endResetModel()
        self.listed.emit()

    # -- rows ----------------------------------------------------------------------------------
    def id_at(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, dossier_id: int) -> int | None:
        try:
            return self._ids.index(dossier_id)
        except ValueError:
            return None

    def hit_at(self, row: int) -> Hit | None:
        """The shown columns of ``row`` (None when its dossier is gone since the listing)."""
        block = row // BLOCK
        if block not in self._blocks:
            self._load(block)
        self._blocks.move_to_end(block)
        return self._blocks[block][row % BLOCK]

    def _load(self, block: int) -> None:
        ids = self._ids[block * BLOCK : (block + 1) * BLOCK]
        found = listing.rows(self._vault, ids) if self._vault is not None and self._vault.is_open else {}
        self._blocks[block] = [found.get(i) for i in ids]
        self.block_loads += 1
        while len(self._blocks) > CACHED_BLOCKS:
            self._blocks.popitem(last=False)

    @staticmethod
    def column_of(name: str) -> int:
        return COLUMNS.index(name)

    # -- Qt ------------------------------------------------------------------------------------
    def row_total(self) -> int:
        return len(self._ids)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        hit = self.hit_at(index.row())
        if hit is None:
            return ""
        column = COLUMNS[index.column()]
        if column == "full_name":
            return hit.full_name
        if column == "birth_date":
            return partial_date(hit.birth_date) if hit.birth_date else ""
        value = hit.current_post if column == "current_post" else hit.employing_unit
        return value or ""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """List again in ``column``'s order (-1: relevance)."""
        sort = SORT_OF_COLUMN[column] if 0 <= column < len(SORT_OF_COLUMN) else listing.RELEVANCE
        descending = order == Qt.SortOrder.DescendingOrder and sort != listing.RELEVANCE
        if (sort, descending) == (self._sort, self._descending):
            return
        self._sort, self._descending = sort, descending
        self._relist(count=False)

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
