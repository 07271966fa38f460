"""The documents window ("Tài liệu trong hồ sơ — <họ tên>"): the inventory of the dossier open in
the editor, its scanned pages and the acts on them, keyboard first.

Left: the inventory (:class:`~ui.documents.inventory_model.InventoryModel`; removed documents only
with "Hiện tài liệu đã gỡ"), "Thêm tài liệu…" (Ctrl+N: the entry dialog), "Thêm trang quét…"
(Ctrl+O), "Gỡ tài liệu…" (Delete) and, below, the yearly items missing per year of service.
Right (:class:`~ui.documents.page_panel.PagePanel`): the thumbnails and the page view, "Gỡ
trang…" (Ctrl+Delete: Shift+Delete is a Cut key, which the clipboard guard swallows in a restricted
window) and "Đặt làm ảnh chân dung". Reading and sealing scan files run off the GUI
thread (:class:`~ui.window_job.WindowJob`: progress and Cancel); removals ask for a reason. The
first time a document's pages are shown in the window, ``DocumentService.viewed`` audits it.

Ctrl+N is also the main window's "new dossier" (an application shortcut): this window takes the
key first (``ShortcutOverride``) so that it means "new document" here. The window holds names
and images of a cadre's papers: it is marked restricted (no copying), writes nothing to disk, is
adopted by the main window so that a lock closes it, and closing it stops its job first.
Signal: ``portraitChanged(int)`` with the dossier id after a page became its portrait.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QKeyCombination, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.documents.service import DocumentService, Filed
from app.errors import HosoError
from app.i18n import t
from app.vault.session import Vault
from ui.context import UiContext
from ui.documents import acts
from ui.documents.entry_dialog import EntryDialog
from ui.documents.filer import Filer
from ui.documents.inventory_model import MAX_WIDTHS, WIDTHS, InventoryModel, missing_text, removal_tip
from ui.documents.page_panel import PagePanel
from ui.extract.widgets import button, current_row, tab_chain, table_view
from ui.window_job import WindowJob

NEW_KEY = QKeyCombination(Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_N)


def takes_new_key(event: QEvent) -> bool:
    """Whether ``event`` is Ctrl+N asking to be a shortcut: the window takes the key, so that the
    main window's "new dossier" (an application shortcut) does not fire from here. (The entry
    dialog needs no such care: it is window-modal, and so blocks the main window's shortcuts.)"""
    key = event if isinstance(event, QKeyEvent) else None
    if key is not None and key.type() == QEvent.Type.ShortcutOverride and key.keyCombination() == NEW_KEY:
        key.accept()
        return True
    return False


class DocumentsWindow(QDialog):
    portraitChanged = Signal(int)

    def __init__(
        self, ctx: UiContext, vault: Vault, dossier_id: int, name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("documentsWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setProperty("restricted", True)  # a cadre's papers: never to the clipboard
        self.ctx = ctx
        self.vault: Vault | None = vault
        self.service = DocumentService(vault)
        self.dossier_id, self.name = dossier_id, name
        self.job = WindowJob(self, ctx.prompter)
        self.filer = Filer(self)
        self.viewed: set[int] = set()  # documents whose pages this window has shown (audited)
        self._missing: dict[int, list[str]] = {}
        self._refreshing = False
        self._retarget: tuple[int, str] | None = None  # a dossier asked for while the job ran
        self.page: tuple[int, bytes] | None = None  # (scan id, stored image) on show

        self.table_label = QLabel(self)
        self.model = InventoryModel(self)
        self.table = table_view(self, "documentsTable", self.model, WIDTHS)
        self.table_label.setBuddy(self.table)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._document_changed())
        self.show_removed = QCheckBox(self)
        self.show_removed.setObjectName("documentsShowRemoved")
        self.show_removed.toggled.connect(lambda _on: self.refresh())
        self.add_button = button(self, "documentsAddButton")
        self.add_button.clicked.connect(self.filer.add_document)
        self.scan_button = button(self, "documentsScanButton")
        self.scan_button.clicked.connect(self.filer.add_scans)
        self.remove_button = button(self, "documentsRemoveButton")
        self.remove_button.clicked.connect(lambda: acts.remove_document(self))
        self.missing_title = QLabel(self)
        self.missing = QLabel(self)
        self.missing.setObjectName("documentsMissing")
        self.missing.setTextFormat(Qt.TextFormat.PlainText)
        self.missing.setWordWrap(True)
        self.missing.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.pages: PagePanel = PagePanel(self)
        self.pages.thumbs.currentScanChanged.connect(self._page_changed)
        self.pages.remove_button.clicked.connect(lambda: acts.remove_scan(self))
        self.pages.portrait_button.clicked.connect(lambda: acts.set_as_portrait(self))
        self.table.activated.connect(lambda _index: self.pages.viewer.setFocus())  # Enter: to the page
        self.status = QLabel(self)
        self.status.setObjectName("documentsStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.close_button = button(self, "documentsCloseButton")
        self.close_button.clicked.connect(self.close)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Open), self, self.filer.add_scans)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self, lambda: acts.remove_document(self))
        QShortcut(QKeySequence("Ctrl+Del"), self, lambda: acts.remove_scan(self))
        self._lay_out()
        tab_chain(self, [self.table, self.show_removed, self.add_button, self.scan_button, self.remove_button,
                         *self.pages.focus_order(), self.close_button])  # fmt: skip
        ctx.language.changed.connect(self.retranslate)
        self.resize(1366, 768)
        self.retranslate()
        self.refresh()
        self.table.setFocus()

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.table_label, 1)
        top.addWidget(self.show_removed)
        buttons = QHBoxLayout()
        for widget in (self.add_button, self.scan_button, self.remove_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        scroller = QScrollArea(self)
        scroller.setWidget(self.missing)
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QScrollArea.Shape.NoFrame)
        scroller.setMaximumHeight(self.fontMetrics().lineSpacing() * 4 + 8)
        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(top)
        column.addWidget(self.table, 1)
        column.addLayout(buttons)
        column.addWidget(self.missing_title)
        column.addWidget(scroller)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setObjectName("documentsSplitter")
        split.addWidget(left)
        split.addWidget(self.pages)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        split.setSizes([820, 520])  # by weight: the table wider than the page
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(bottom)

    # -- what is shown -------------------------------------------------------------------------
    def current(self) -> Filed | None:
        return self.model.row_at(current_row(self.table))

    def live(self) -> Filed | None:
        item = self.current()
        return item if item is not None and item.document.removed_at is None else None

    def refresh(self, select: int | None = None) -> None:
        """Read the inventory again, keeping (or moving to) the document ``select``."""
        if self.vault is None or self.job.running():
            return
        shown = self.current()
        chosen = select if select is not None else (shown.document.id if shown is not None else None)
        try:
            rows = self.service.documents(self.dossier_id, removed=self.show_removed.isChecked())
            self._missing = self.service.missing_yearly(self.dossier_id)
        except HosoError as exc:
            self.ctx.prompter.error(self, t("ui.error.title"), exc.message())
            return
        self._refreshing = True
        try:
            self.model.set_rows(rows)
            row = self.model.row_of(chosen) if chosen is not None else -1
            if row >= 0:
                self.table.setCurrentIndex(self.model.index(row, 0))
        finally:
            self._refreshing = False
        if rows:
            self._fit_columns()
        self.table.setColumnHidden(InventoryModel.COLUMNS.index("removed"), not self.show_removed.isChecked())
        self.missing.setText(missing_text(self._missing))
        self._document_changed()

    def _fit_columns(self) -> None:
        self.table.resizeColumnsToContents()
        for column, name in enumerate(InventoryModel.COLUMNS):
            if name in MAX_WIDTHS and not self.table.isColumnHidden(column):
                self.table.setColumnWidth(column, min(self.table.columnWidth(column), MAX_WIDTHS[name]))

    def _document_changed(self) -> None:
        if self._refreshing or self.vault is None:
            return
        item = self.current()
        live = self.live()
        self.enable()
        scans = [s for s in item.scans if s.removed_at is None] if live is not None and item else []
        if item is None:
            self.pages.note = t("ui.documents.no_document")
        elif live is None:
            self.pages.note = f"{removal_tip(item)}\n\n{t('ui.documents.removed_document')}"
        elif not scans:
            self.pages.note = t("ui.documents.no_pages")
        if scans and item is not None and item.document.id not in self.viewed:
            self.service.viewed(item.document.id)  # audited once per document and window
            self.viewed.add(item.document.id)
        self.page = None
        self.pages.thumbs.show_scans(scans, self._thumbnail)
        self.pages.show_info()

    def enable(self) -> None:
        idle, live = not self.job.running(), self.live() is not None
        self.add_button.setEnabled(idle)
        self.scan_button.setEnabled(idle and live)
        self.remove_button.setEnabled(idle and live)

    def _thumbnail(self, scan_id: int) -> bytes | None:
        try:
            return self.service.thumbnail(scan_id)
        except HosoError:
            return None

    def _page_changed(self, scan_id: int) -> None:
        viewer = self.pages.viewer
        self.page = None
        if not scan_id or self.vault is None:
            viewer.clear()
            return
        try:
            data = self.service.image(scan_id)
        except HosoError as exc:
            viewer.clear()
            self.pages.note = exc.message()
            self.pages.show_info()
            return
        if viewer.set_image(data):
            self.page = (scan_id, data)
        else:
            self.pages.note = t("ui.documents.undecodable")
            self.pages.show_info()

    def say(self, text: str) -> None:
        self.status.setText(text)

    # -- filing and acts ---------------------------------------------------------------------------
    def choose_files(self, parent: QWidget) -> list[Path]:
        """Ask for scan files (the seam tests replace); [] when the officer cancels."""
        names, _ = QFileDialog.getOpenFileNames(
            parent, t("ui.documents.choose_title"), "", t("ui.documents.filter"), "",
            QFileDialog.Option.DontUseNativeDialog,  # native dialogs may talk to desktop portals
        )  # fmt: skip
        return [Path(name) for name in names]

    @property
    def entry(self) -> EntryDialog | None:
        """The entry dialog, while it is open."""
        return self.filer.entry

    def job_ended(self) -> None:
        """After filing: the dossier the editor moved to meanwhile, and the buttons."""
        if self._retarget is not None:
            dossier_id, name = self._retarget
            self._retarget = None
            self.set_dossier(dossier_id, name)
        self.enable()

    # -- the dossier, keys, language, closing ----------------------------------------------------
    def set_dossier(self, dossier_id: int, name: str) -> None:
        """Show the dossier now open in the editor (after the running job, if any)."""
        if self.job.running():
            self._retarget = (dossier_id, name)
            return
        changed = dossier_id != self.dossier_id
        self.dossier_id, self.name = dossier_id, name
        self.retranslate()
        if changed:
            self.refresh()

    def event(self, event: QEvent) -> bool:
        return takes_new_key(event) or super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.keyCombination() == NEW_KEY:
            self.filer.add_document()
            return
        super().keyPressEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(t("ui.documents.title", name=self.name))
        self.table_label.setText(t("ui.documents.table_label"))
        self.show_removed.setText(t("ui.documents.show_removed"))
        self.add_button.setText(t("ui.documents.add"))
        self.scan_button.setText(t("ui.documents.add_scans"))
        self.remove_button.setText(t("ui.documents.remove"))
        self.missing_title.setText(t("ui.documents.missing_title"))
        self.missing.setText(missing_text(self._missing))
        self.close_button.setText(t("ui.documents.close"))
        self.model.retranslate()
        self.pages.retranslate()

    def done(self, result: int) -> None:
        """Every way of closing (Close, Esc, a lock) stops a running job and waits for it."""
        self.job.stop()
        self.vault = None
        self.filer.close()
        self.page = None
        self.pages.thumbs.pages.clear()
        self.pages.viewer.clear()
        self.model.set_rows([])
        super().done(result)
