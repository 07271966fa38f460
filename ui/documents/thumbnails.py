"""The thumbnails of a document's scanned pages: a list in icon mode, one item per live page
("Trang 1", "Trang 2" …), each drawn from the small JPEG the vault keeps beside the page
(``DocumentService.thumbnail``), decoded in memory.

The scan id of an item is under :data:`SCAN_ID`; ``currentScanChanged(int)`` gives the scan
shown (0 when none). Page Up and Page Down of the window call :meth:`ThumbnailStrip.step`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QImage, QPixmap, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from app.i18n import t


class Page(Protocol):
    """What the strip needs of a scanned page (a ``ScanRow``)."""

    @property
    def id(self) -> int: ...
    @property
    def width(self) -> int: ...
    @property
    def height(self) -> int: ...


SCAN_ID = Qt.ItemDataRole.UserRole + 1
ICON = QSize(84, 112)


def _icon(data: bytes | None) -> QIcon:
    image = QImage.fromData(data) if data else QImage()
    if image.isNull():  # a page whose thumbnail cannot be read: a blank frame, named below it
        blank = QPixmap(ICON)
        blank.fill(QColor("#dddddd"))
        return QIcon(blank)
    pixmap = QPixmap.fromImage(
        image.scaled(ICON, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
    )
    icon = QIcon(pixmap)
    icon.addPixmap(pixmap, QIcon.Mode.Selected)  # the page as it is, not tinted when selected
    return icon


class ThumbnailStrip(QListView):
    currentScanChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentsThumbnails")
        self.setProperty("restricted", True)
        self.pages = QStandardItemModel(self)
        self.setModel(self.pages)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.TopToBottom)
        self.setWrapping(False)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(True)
        self.setIconSize(ICON)
        self.setSpacing(4)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setFixedWidth(
            ICON.width() + 2 * self.spacing() + self.verticalScrollBar().sizeHint().width() + 14
        )
        self.selectionModel().currentChanged.connect(self._current_changed)

    def show_scans(self, scans: Sequence[Page], thumbnail: Callable[[int], bytes | None]) -> None:
        """List ``scans`` (live pages, in order), each drawn from ``thumbnail(scan id)``; the first
        becomes current."""
        self.pages.clear()
        for number, scan in enumerate(scans, start=1):
            item = QStandardItem(_icon(thumbnail(scan.id)), t("ui.documents.page_n", n=number))
            item.setData(scan.id, SCAN_ID)
            item.setToolTip(t("ui.documents.page_tip", n=number, width=scan.width, height=scan.height))
            item.setEditable(False)
            self.pages.appendRow(item)
        if self.pages.rowCount():
            self.setCurrentIndex(self.pages.index(0, 0))
        else:
            self.currentScanChanged.emit(0)

    def clear_pages(self) -> None:
        self.pages.clear()
        self.currentScanChanged.emit(0)

    def scan_ids(self) -> list[int]:
        return [int(self.pages.item(n).data(SCAN_ID)) for n in range(self.pages.rowCount())]

    def current_scan(self) -> int:
        index = self.currentIndex()
        return int(index.data(SCAN_ID)) if index.isValid() else 0

    def current_number(self) -> int:
        """The page number (from 1) of the current page, or 0."""
        index = self.currentIndex()
        return index.row() + 1 if index.isValid() else 0

    def select_scan(self, scan_id: int) -> None:
        ids = self.scan_ids()
        if scan_id in ids:
            self.setCurrentIndex(self.pages.index(ids.index(scan_id), 0))

    def step(self, delta: int) -> None:
        """Move ``delta`` pages on (or back), staying within the document."""
        count = self.pages.rowCount()
        if not count:
            return
        row = min(max(self.current_number() - 1 + delta, 0), count - 1)
        self.setCurrentIndex(self.pages.index(row, 0))

    def retranslate(self) -> None:
        for row in range(self.pages.rowCount()):
            self.pages.item(row).setText(t("ui.documents.page_n", n=row + 1))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.currentScanChanged.emit(int(current.data(SCAN_ID)) if current.isValid() else 0)
