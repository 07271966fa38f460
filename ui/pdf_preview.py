"""The PDF preview: a document built in memory, shown with QtPdf from a QBuffer (never a
temporary file), with Print and, where allowed, Save.

Saving is the only way such a PDF reaches the disk, and only to a file the officer picks
(DESIGN §6). Signals: ``saved(object)`` with the path written, ``printed()``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app.atomic_file import write_atomic
from app.i18n import t
from ui.pdf_print import print_pdf
from ui.prompter import Prompter

Printer = Callable[[QWidget | None, QPdfDocument], bool]


class PdfPreviewDialog(QDialog):
    saved = Signal(object)
    printed = Signal()

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        data: bytes,
        prompter: Prompter,
        *,
        save_name: str | None = None,
        printer: Printer = print_pdf,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("pdfPreview")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(title)
        self._prompter = prompter
        self._printer = printer
        self._save_name = save_name
        self._data = data
        self._bytes = QByteArray(data)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)

        self.print_button = QPushButton(self)
        self.print_button.setObjectName("pdfPrintButton")
        self.print_button.clicked.connect(self._print)
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("pdfSaveButton")
        self.save_button.clicked.connect(self._save)
        self.save_button.setVisible(save_name is not None)
        self.close_button = QPushButton(self)
        self.close_button.setObjectName("pdfCloseButton")
        self.close_button.clicked.connect(self.reject)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.print_button, self.save_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.setTabOrder(self.print_button, self.save_button)
        self.setTabOrder(self.save_button, self.close_button)
        self.print_button.setDefault(True)
        self.resize(760, 900)
        self.retranslate()

    def retranslate(self) -> None:
        self.print_button.setText(t("ui.pdf.print"))
        self.save_button.setText(t("ui.pdf.save"))
        self.close_button.setText(t("ui.common.close"))

    def page_count(self) -> int:
        return self.document.pageCount()

    def _print(self) -> None:
        if self._printer(self, self.document):
            self.printed.emit()

    def _save(self) -> None:
        if self._save_name is None:
            return
        path = self._prompter.choose_save_path(
            self, t("ui.pdf.save_title"), self._save_name, t("ui.pdf.filter")
        )
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            write_atomic(path, self._data)
        except OSError as exc:
            self._prompter.error(
                self, t("ui.error.title"), t("ui.pdf.save_failed", path=path, reason=exc.strerror)
            )
            return
        self._prompter.inform(self, self.windowTitle(), t("ui.pdf.saved", path=path))
        self.saved.emit(Path(path))

    def done(self, result: int) -> None:
        """Drop the document and its bytes as soon as the preview closes."""
        self.document.close()
        self._buffer.close()
        self._data = b""
        super().done(result)
