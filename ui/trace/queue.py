"""The files waiting to be traced: a list (``traceFileList``) with "Thêm tệp…" (Ctrl+O,
``traceAddButton``), "Bỏ tệp" (Delete, ``traceRemoveButton``) and "Xóa danh sách"
(``traceClearButton``). Files are only named here; they are read when the trace runs.

:meth:`FileQueue.choose_files` is the file-dialog seam tests replace; :func:`local_files` is
what a drop on the trace window brings. Signal: ``changed()`` whenever the list changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import t
from ui.extract.widgets import button


def local_files(mime: QMimeData) -> list[Path]:
    """The local files a drag carries (anything else it carries is ignored)."""
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()] if mime.hasUrls() else []


class FileQueue(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.files = QListWidget(self)
        self.files.setObjectName("traceFileList")
        self.files.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.files.setFixedHeight(self.fontMetrics().height() * 6 + 12)
        self.label.setBuddy(self.files)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.files, self.remove_selected,
                  context=Qt.ShortcutContext.WidgetShortcut)  # fmt: skip
        QShortcut(QKeySequence(QKeySequence.StandardKey.Open), parent, self.add_files)
        self.add_button = button(self, "traceAddButton")
        self.add_button.clicked.connect(self.add_files)
        self.remove_button = button(self, "traceRemoveButton")
        self.remove_button.clicked.connect(self.remove_selected)
        self.clear_button = button(self, "traceClearButton")
        self.clear_button.clicked.connect(self.clear)
        side = QVBoxLayout()
        for widget in (self.add_button, self.remove_button, self.clear_button):
            side.addWidget(widget)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.files, 1)
        row.addLayout(side)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addLayout(row)
        self.changed.connect(self._enable)
        self._enable()

    def paths(self) -> list[Path]:
        return [self.files.item(n).data(Qt.ItemDataRole.UserRole) for n in range(self.files.count())]

    def add_paths(self, paths: Iterable[Path]) -> None:
        """Queue ``paths``, each once."""
        have = set(self.paths())
        for path in paths:
            if path in have:
                continue
            have.add(path)
            item = QListWidgetItem(path.name, self.files)
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setToolTip(str(path))
        self.changed.emit()

    def choose_files(self) -> list[Path]:
        """Ask for files to trace (the seam tests replace); [] when the inspector cancels."""
        names, _ = QFileDialog.getOpenFileNames(
            self, t("ui.trace.choose_title"), "", t("ui.trace.filter"), "",
            QFileDialog.Option.DontUseNativeDialog,  # native dialogs may talk to desktop portals
        )  # fmt: skip
        return [Path(name) for name in names]

    def add_files(self) -> None:
        if self.isEnabled():
            self.add_paths(self.choose_files())

    def remove_selected(self) -> None:
        for item in self.files.selectedItems():
            self.files.takeItem(self.files.row(item))
        self.changed.emit()

    def clear(self) -> None:
        self.files.clear()
        self.changed.emit()

    def _enable(self) -> None:
        some = self.files.count() > 0
        self.remove_button.setEnabled(some)
        self.clear_button.setEnabled(some)

    def retranslate(self) -> None:
        self.label.setText(t("ui.trace.files_label"))
        self.add_button.setText(t("ui.trace.add"))
        self.remove_button.setText(t("ui.trace.remove"))
        self.clear_button.setText(t("ui.trace.clear"))
