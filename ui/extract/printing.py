"""Printing a registered copy or a register, and previewing a register report.

:data:`CopyPrinter` is the printer seam: given the document, it prints and answers the printer's
name, or None when the officer cancelled; it raises when the print failed. :func:`print_copy`
is the real one: Qt's print dialog without "print to file" (a copy reaches a file only through
"Lưu PDF…", which is audited), then each page drawn by :func:`ui.pdf_print.paint_document`.
:class:`ReportPreview` is the PDF preview of a register whose Save goes through
``app.extract.release.save_report`` (audited) and whose Print uses the seam.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, cast

from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from app.errors import EnvironmentFault, HosoError
from app.extract.release import record_report_print, save_report
from app.i18n import t
from app.vault.session import Vault
from ui import operations
from ui.context import UiContext
from ui.operations import error_text
from ui.pdf_preview import PdfPreviewDialog
from ui.pdf_print import paint_document
from ui.prompter import Prompter

CopyPrinter = Callable[[QWidget | None, QPdfDocument], str | None]


def print_copy(parent: QWidget | None, document: QPdfDocument) -> str | None:
    """Ask for a printer and print ``document``; the printer's name, or None when cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, False)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    if printer.outputFileName() or printer.outputFormat() != QPrinter.OutputFormat.NativeFormat:
        raise EnvironmentFault("ui.extract.print_to_file")
    paint_document(printer, document)
    if printer.printerState() == QPrinter.PrinterState.Error:
        raise EnvironmentFault("ui.extract.printer_error", printer=printer.printerName())
    return printer.printerName() or "?"


class ReportPreview(PdfPreviewDialog):
    """A register report (``kind`` ``copies`` or ``reading``) from memory; saved only when asked."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        data: bytes,
        prompter: Prompter,
        vault: Vault,
        kind: str,
        save_name: str,
        printer: CopyPrinter = print_copy,
    ) -> None:
        self._vault = vault
        self._kind = kind
        self._copy_printer = printer
        super().__init__(parent, title, data, prompter, save_name=save_name, printer=self._print_report)
        self.setObjectName("registerPreview")

    def _print_report(self, parent: QWidget | None, document: QPdfDocument) -> bool:
        try:
            name = self._copy_printer(parent, document)
            if name is not None:
                record_report_print(self._vault, self._kind, name)
            return name is not None
        except Exception as exc:  # a printer fault: say so, the report can be printed again
            self._prompter.error(self, t("ui.error.title"), error_text(exc))
            return False

    def _save(self) -> None:
        path = self._prompter.choose_save_path(
            self, t("ui.pdf.save_title"), self._save_name or "", t("ui.pdf.filter")
        )
        if path is None:
            return
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            save_report(self._vault, self._kind, self._data, path)
        except HosoError as exc:
            self._prompter.error(self, t("ui.error.title"), exc.message())
            return
        self._prompter.inform(self, self.windowTitle(), t("ui.pdf.saved", path=path))
        self.saved.emit(Path(path))


class RegisterWindow(Protocol):
    """What :func:`print_register` needs of a register window."""

    vault: Vault | None
    operation: operations.Operation | None
    ctx: UiContext
    printer: CopyPrinter


def print_register(
    window: RegisterWindow, build: Callable[[Vault], bytes], title_key: str, kind: str, stem: str
) -> None:
    """Build a register report off the GUI thread (cancellable), then preview it from memory."""
    vault = window.vault
    if vault is None or (window.operation is not None and window.operation.running):
        return

    def show(data: Any) -> None:
        if window.vault is None:
            return
        day = window.ctx.clock.now().astimezone().strftime("%Y%m%d")
        parent = cast(QWidget, window)
        preview = ReportPreview(
            parent,
            t(title_key),
            data,
            window.ctx.prompter,
            window.vault,
            kind,
            f"{stem}-{day}.pdf",
            window.printer,
        )
        preview.show()

    window.operation = operations.run(
        cast(QWidget, window),
        t("ui.pdf.building"),
        lambda: build(vault),
        show,
        prompter=window.ctx.prompter,
        cancellable=True,
    )
