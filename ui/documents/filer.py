"""Filing from the documents window: "Thêm tài liệu…" (the entry dialog, once at a time) and
"Thêm trang quét…" (files added to the selected document), both run by the window's
:class:`~ui.window_job.WindowJob` off the GUI thread (:mod:`ui.documents.filing`: progress and
Cancel).

A refusal of a new document (the entry, or one of its files: a duplicate page, a hostile image)
is shown on the entry dialog, which stays open with what was typed; a refusal of added pages is
shown through the prompter. A Cancel that comes after the vault stored the pages still shows them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.errors import HosoError
from app.i18n import t
from ui.documents import filing
from ui.documents.entry_dialog import EntryDialog, field_message
from ui.documents.inventory_model import document_name, live_scans

if TYPE_CHECKING:
    from ui.documents.documents_window import DocumentsWindow


class Filer:
    def __init__(self, window: DocumentsWindow) -> None:
        self.window = window
        self.entry: EntryDialog | None = None

    def _idle(self) -> bool:
        return self.window.vault is not None and not self.window.job.running()

    # -- a new document ----------------------------------------------------------------------------
    def add_document(self) -> None:
        """Open the entry dialog (or raise the one open)."""
        w = self.window
        if not self._idle():
            return
        if self.entry is not None:
            self.entry.raise_()
            self.entry.activateWindow()
            return
        self.entry = EntryDialog(w, w.name, w.service.today(), lambda parent: w.choose_files(parent))
        self.entry.submitted.connect(self._file)
        self.entry.finished.connect(self._entry_closed)
        self.entry.open()

    def _entry_closed(self, _result: int) -> None:
        self.entry = None
        if self.window.vault is not None:  # back to the window (not when it is closing)
            self.window.activateWindow()
            self.window.table.setFocus()

    def _file(self, values: dict[str, Any], paths: list[Path]) -> None:
        w = self.window
        if not self._idle() or self.entry is None:
            return
        outcome = filing.Outcome()
        self.entry.busy = True
        work = filing.add_work(w.service, w.dossier_id, values, paths, outcome)
        label = t("ui.documents.busy_add", n=len(paths))
        w.job.start(label, work, self._filed, lambda cancelled: self._file_ended(cancelled, outcome))
        w.enable()

    def _filed(self, result: Any) -> None:
        w, entry = self.window, self.entry
        if isinstance(result, HosoError):
            if entry is not None:
                entry.refused(result)
            else:
                w.ctx.prompter.error(w, t("ui.error.title"), field_message(result))
        elif isinstance(result, int):
            if entry is not None:
                entry.saved()
            self._show_filed(result)

    def _show_filed(self, document_id: int) -> None:
        w = self.window
        w.refresh(select=document_id)
        item = w.model.row_at(w.model.row_of(document_id))
        if item is not None:
            w.say(t("ui.documents.added", name=document_name(item), n=live_scans(item)))

    def _file_ended(self, cancelled: bool, outcome: filing.Outcome) -> None:
        if self.entry is not None:
            self.entry.busy = False
        if cancelled and outcome.document_id is not None:  # Cancel came after the vault had it
            if self.entry is not None:
                self.entry.saved()
            self._show_filed(outcome.document_id)
            self.window.say(t("ui.documents.saved_before_cancel"))
        self.window.job_ended()

    # -- pages for a filed document ------------------------------------------------------------
    def add_scans(self) -> None:
        """Add scan files to the selected document."""
        w = self.window
        item = w.live()
        if not self._idle():
            return
        if item is None:
            w.say(t("ui.documents.pick_document"))
            return
        paths = w.choose_files(w)
        if not paths:
            return
        outcome = filing.Outcome()
        document_id = item.document.id

        def ended(_cancelled: bool) -> None:
            if outcome.scan_ids:  # stored (a Cancel pressed too late changes nothing)
                w.refresh(select=document_id)
                w.pages.thumbs.select_scan(outcome.scan_ids[0])
                w.say(t("ui.documents.scans_added", n=len(outcome.scan_ids)))
            w.job_ended()

        work = filing.scans_work(w.service, document_id, paths, outcome)
        w.job.start(t("ui.documents.busy_scans", n=len(paths)), work, lambda _ids: None, ended)
        w.enable()

    def close(self) -> None:
        if self.entry is not None:
            self.entry.close()
