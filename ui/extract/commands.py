"""The "Khai thác" menu's commands: readers and approvals, the print wizard, the copy register,
the reading register and the trace window (:mod:`ui.trace`); and the statistics window
(:mod:`ui.stats`, menu "Thống kê"), opened the same way.

Each window is opened once (asking again raises it) and adopted by the main window, so that a
lock closes it. The wizard starts with the dossier open in the editor, if any; the copies it
issues are shown in :class:`~ui.extract.issued_dialog.IssuedCopiesDialog`. ``printer`` is the
printer seam handed to every window that prints (tests give a function that draws nothing).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from app.vault.session import Vault
from ui.actions import ActionId
from ui.context import UiContext
from ui.extract.copy_register_window import CopyRegisterWindow
from ui.extract.issued_dialog import IssuedCopiesDialog
from ui.extract.printing import CopyPrinter, print_copy
from ui.extract.readers_window import ReadersWindow
from ui.extract.reading_window import ReadingRegisterWindow
from ui.extract.wizard import PrintWizard
from ui.main_window import MainWindow

NEEDS_VAULT = (
    ActionId.READERS,
    ActionId.PRINT_EXTRACT,
    ActionId.COPY_REGISTER,
    ActionId.READING_REGISTER,
    ActionId.TRACE,
    ActionId.STATISTICS,
)
W = TypeVar("W", bound=QWidget)


class ExtractCommands:
    def __init__(self, ctx: UiContext, main: MainWindow, vault: Callable[[], Vault | None]) -> None:
        self.ctx = ctx
        self.main = main
        self._vault = vault
        self.printer: CopyPrinter = print_copy
        self.windows: dict[str, QWidget] = {}
        registry = main.registry
        registry.on(ActionId.READERS, self.open_readers)
        registry.on(ActionId.PRINT_EXTRACT, self.open_print_wizard)
        registry.on(ActionId.COPY_REGISTER, self.open_copy_register)
        registry.on(ActionId.READING_REGISTER, self.open_reading_register)
        registry.on(ActionId.TRACE, self.open_trace)
        registry.on(ActionId.STATISTICS, self.open_statistics)
        self.update_actions()

    def update_actions(self) -> None:
        self.main.registry.set_enabled(self._vault() is not None, *NEEDS_VAULT)

    def window(self, name: str) -> Any:
        """The open window ``name`` (readers, wizard, copies, reading, issued, trace, statistics),
        or None."""
        widget = self.windows.get(name)
        return widget if widget is not None and isValid(widget) and widget.isVisible() else None

    def _open(self, name: str, make: Callable[[Vault], W]) -> W | None:
        vault = self._vault()
        if vault is None:
            return None
        shown = self.window(name)
        if shown is not None:
            shown.raise_()
            shown.activateWindow()
            return None
        widget = make(vault)
        self.windows[name] = widget
        self.main.adopt(widget)
        widget.show()
        widget.activateWindow()
        return widget

    def open_readers(self) -> None:
        self._open("readers", lambda vault: ReadersWindow(self.ctx, vault, self.main))

    def open_print_wizard(self) -> None:
        draft = self.main.workspace.session.draft
        preselect = draft.dossier_id if draft is not None else None
        wizard = self._open("wizard", lambda vault: PrintWizard(self.ctx, vault, preselect, self.main))
        if wizard is not None:
            wizard.issued.connect(self._show_issued)

    def _show_issued(self, issued: Any) -> None:
        vault = self._vault()
        if vault is None:
            return
        dialog = IssuedCopiesDialog(self.ctx, vault, issued, self.main, printer=self.printer)
        self.windows["issued"] = dialog
        self.main.adopt(dialog)
        dialog.show()
        dialog.activateWindow()
        register = self.window("copies")
        if register is not None:
            register.refresh()

    def open_copy_register(self) -> None:
        self._open("copies", lambda vault: CopyRegisterWindow(self.ctx, vault, self.main, self.printer))

    def open_reading_register(self) -> None:
        self._open("reading", lambda vault: ReadingRegisterWindow(self.ctx, vault, self.main, self.printer))

    def open_trace(self) -> None:
        # Imported here: ui.trace builds on this package's models, and the package imports this module.
        from ui.trace.trace_window import TraceWindow

        self._open("trace", lambda vault: TraceWindow(self.ctx, vault, self.main))

    def open_statistics(self) -> None:
        # Imported here too: ui.stats uses this package's widgets.
        from ui.stats.stats_window import StatsWindow

        window = self._open("statistics", lambda vault: StatsWindow(self.ctx, vault, self.main))
        if window is not None:
            window.dossierRequested.connect(self._open_dossier)

    def _open_dossier(self, dossier_id: int) -> None:
        """A dossier asked for from the statistics window: in the editor, the main window in front."""
        self.main.workspace.open(dossier_id)
        self.main.activateWindow()
