"""The copies just issued: their list (copy k/n, serial, pages, whether printed or saved), the
selected copy previewed with QtPdf from memory (never a temporary file), and what can be done
with it — Print (through the printer seam; each print is audited with the printer's name),
"Lưu PDF…" (only to the file the officer picks, audited) and Close.

What is shown is the registered copy itself: its bytes are those whose SHA-256 is in the
register, and ``app.extract.release`` refuses any others. A copy already printed or saved is
printed or saved again only after a question (two sheets with one serial is a fact to avoid). A
failed print tells the officer to record the copy as spoiled, and offers to do it now.
Inner widgets: ``issuedSummary``, ``issuedList``, ``issuedPreview``, ``issuedPageCount``,
``issuedPrintButton``, ``issuedSaveButton``, ``issuedCloseButton``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

from app.errors import HosoError
from app.extract import serials
from app.extract.register import CopyRegister
from app.extract.release import file_name, record_print, save_copy
from app.extract.service import IssuedCopy
from app.i18n import t
from app.vault.session import Vault
from ui.context import UiContext
from ui.extract.printing import CopyPrinter, print_copy
from ui.extract.widgets import button
from ui.extract.wizard import Issued


class IssuedCopiesDialog(QDialog):
    def __init__(
        self,
        ctx: UiContext,
        vault: Vault,
        issued: Issued,
        parent: QWidget | None = None,
        printer: CopyPrinter = print_copy,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("issuedCopiesDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(t("ui.extract.issued_title"))
        self.ctx = ctx
        self.vault: Vault | None = vault
        self.issued = issued
        self.copies: list[IssuedCopy] = list(issued.copies)
        self.released: dict[str, str] = {}  # serial → "printed" / "saved"
        self.printer = printer
        self._buffer: QBuffer | None = None
        key = "ui.extract.issued_summary_late" if issued.late else "ui.extract.issued_summary"
        self.summary = QLabel(
            t(
                key,
                n=len(self.copies),
                dossier=issued.dossier,
                approval=issued.approval,
                reader=issued.reader,
            ),
            self,
        )
        self.summary.setObjectName("issuedSummary")
        self.summary.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("issuedList")
        self.list.setMaximumWidth(360)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("issuedPreview")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        self.page_count = QLabel(self)
        self.page_count.setObjectName("issuedPageCount")
        self.document.pageCountChanged.connect(self._show_page_count)
        self.print_button = self._button("issuedPrintButton", t("ui.extract.print"), self.print_current)
        self.save_button = self._button("issuedSaveButton", t("ui.extract.save_pdf"), self.save_current)
        self.close_button = self._button("issuedCloseButton", t("ui.common.close"), self.reject)

        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addWidget(self.page_count)
        middle = QHBoxLayout()
        middle.addLayout(left)
        middle.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for widget in (self.print_button, self.save_button, self.close_button):
            buttons.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(middle, 1)
        layout.addLayout(buttons)
        self.setTabOrder(self.list, self.print_button)
        self.setTabOrder(self.print_button, self.save_button)
        self.setTabOrder(self.save_button, self.close_button)
        self._fill()
        self.list.currentRowChanged.connect(self._preview)
        self.list.setCurrentRow(0)
        self._preview(0)
        self.resize(1180, 700)
        self.list.setFocus()

    def _button(self, name: str, text: str, slot: Callable[[], object]) -> QPushButton:
        widget = button(self, name, text)
        widget.clicked.connect(slot)
        return widget

    def _fill(self) -> None:
        row = max(self.list.currentRow(), 0)
        self.list.blockSignals(True)
        self.list.clear()
        for copy in self.copies:
            serial = serials.grouped(copy.serial)
            text = t("ui.extract.issued_item", k=copy.copy_no, n=copy.copies, serial=serial, pages=copy.pages)
            done = self.released.get(copy.serial)
            self.list.addItem(f"{text}  — {t(f'ui.extract.released.{done}')}" if done else text)
        self.list.setCurrentRow(min(row, self.list.count() - 1))
        self.list.blockSignals(False)

    def current(self) -> IssuedCopy | None:
        row = self.list.currentRow()
        return self.copies[row] if 0 <= row < len(self.copies) else None

    # -- the preview, from memory --------------------------------------------------------------
    def _preview(self, row: int) -> None:
        self.document.close()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
            self._buffer = None
        if not 0 <= row < len(self.copies):
            return
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(self.copies[row].pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        self._show_page_count()

    def _show_page_count(self) -> None:
        copy = self.current()
        if copy is not None:
            self.page_count.setText(
                t(
                    "ui.extract.page_count",
                    pages=self.document.pageCount(),
                    serial=serials.grouped(copy.serial),
                )
            )

    # -- print and save ------------------------------------------------------------------------------
    def _again(self, copy: IssuedCopy) -> bool:
        """True when the copy has not left yet, or the officer says it may leave once more."""
        if copy.serial not in self.released:
            return True
        if self.released[copy.serial] == "spoiled":
            self.ctx.prompter.error(self, self.windowTitle(), t("ui.extract.spoiled_already"))
            return False
        text = t("ui.extract.release_again", serial=serials.grouped(copy.serial))
        return self.ctx.prompter.confirm(self, self.windowTitle(), text)

    def print_current(self) -> None:
        copy = self.current()
        if self.vault is None or copy is None or not self._again(copy):
            return
        try:
            printer = self.printer(self, self.document)
        except Exception as exc:  # a printer fault: the copy may be half printed
            self._print_failed(copy, exc)
            return
        if printer is None:
            return
        try:
            record_print(self.vault, copy.serial, copy.pdf, printer)
        except HosoError as exc:
            self.ctx.prompter.error(self, t("ui.error.title"), exc.message())
            return
        self.released[copy.serial] = "printed"
        self._fill()

    def _print_failed(self, copy: IssuedCopy, exc: BaseException) -> None:
        serial = serials.grouped(copy.serial)
        reason = exc.message() if isinstance(exc, HosoError) else (str(exc) or type(exc).__name__)
        text = t("ui.extract.print_failed", serial=serial, reason=reason)
        if self.vault is None or not self.ctx.prompter.confirm(self, t("ui.error.title"), text):
            return
        try:
            CopyRegister(self.vault).mark(copy.serial, "spoiled", t("ui.extract.spoiled_note"))
        except HosoError as err:
            self.ctx.prompter.error(self, t("ui.error.title"), err.message())
            return
        self.released[copy.serial] = "spoiled"
        self._fill()

    def save_current(self) -> None:
        copy = self.current()
        if self.vault is None or copy is None or not self._again(copy):
            return
        suggested = file_name(self.issued.request.dossier_id, copy.copy_no, copy.copies, copy.serial)
        path = self.ctx.prompter.choose_save_path(
            self, t("ui.extract.save_title"), suggested, t("ui.pdf.filter")
        )
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            save_copy(self.vault, copy.serial, copy.pdf, path)
        except HosoError as exc:
            self.ctx.prompter.error(self, t("ui.error.title"), exc.message())
            return
        self.released[copy.serial] = "saved"
        self._fill()
        self.ctx.prompter.inform(self, self.windowTitle(), t("ui.pdf.saved", path=path))

    def done(self, result: int) -> None:
        """Drop the documents and their bytes as soon as the dialog closes."""
        self.document.close()
        if self._buffer is not None:
            self._buffer.close()
        self.copies = []
        self.issued.copies.clear()
        self.vault = None
        super().done(result)
