"""The documents window's acts on what is filed: removing a document ("Gỡ tài liệu…", Delete) or a
page ("Gỡ trang…", Ctrl+Delete), each after asking its reason through the prompter (a tombstone
keeps who, when and why; the images are deleted), and making the page shown the dossier's
portrait ("Đặt làm ảnh chân dung", confirmed first).

The portrait is the page as shown: the stored image, or, when the view is turned (or the image is
larger than a portrait file may be), the turned image encoded as a JPEG in memory. The portrait's
own checks (``app.dossier.portrait.prepare``) may still refuse it: their message is shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QIODevice

from app.dossier.portrait import MAX_FILE_BYTES as PORTRAIT_MAX_BYTES
from app.dossier.portrait import set_portrait
from app.errors import HosoError
from app.i18n import t
from ui.documents.inventory_model import document_name

if TYPE_CHECKING:
    from ui.documents.documents_window import DocumentsWindow

JPEG_QUALITY = 95


def remove_document(w: DocumentsWindow) -> None:
    item = w.live()
    if item is None or w.vault is None or w.job.running():
        return
    name = document_name(item)
    title = t("ui.documents.remove_title")
    reason = w.ctx.prompter.ask_text(w, title, t("ui.documents.remove_label", name=name))
    if reason is None:
        return
    try:
        w.service.remove(item.document.id, reason)
    except HosoError as exc:
        w.ctx.prompter.error(w, title, exc.message())
        return
    w.refresh()
    w.say(t("ui.documents.removed_done", name=name))


def remove_scan(w: DocumentsWindow) -> None:
    item, scan_id = w.live(), w.pages.thumbs.current_scan()
    if item is None or not scan_id or w.vault is None or w.job.running():
        return
    number = w.pages.thumbs.current_number()
    title = t("ui.documents.remove_scan_title")
    label = t("ui.documents.remove_scan_label", n=number, name=document_name(item))
    reason = w.ctx.prompter.ask_text(w, title, label)
    if reason is None:
        return
    try:
        w.service.remove_scan(scan_id, reason)
    except HosoError as exc:
        w.ctx.prompter.error(w, title, exc.message())
        return
    w.refresh()
    w.pages.thumbs.step(number - 1)  # the page that took its place
    w.say(t("ui.documents.scan_removed_done", n=number))


def portrait_bytes(w: DocumentsWindow) -> bytes | None:
    """The page as shown, as an image file in memory; None when no page is shown."""
    if w.page is None:
        return None
    viewer = w.pages.viewer
    if viewer.rotation == 0 and len(w.page[1]) <= PORTRAIT_MAX_BYTES:
        return w.page[1]
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    viewer.shown_image().save(buffer, "JPEG", JPEG_QUALITY)  # type: ignore[call-overload]  # PySide6 takes a str
    return bytes(buffer.data().data())


def set_as_portrait(w: DocumentsWindow) -> None:
    data = portrait_bytes(w)
    if data is None or w.vault is None or w.job.running():
        return
    item = w.live()
    title = t("ui.documents.portrait_title")
    text = t("ui.documents.portrait_confirm", n=w.pages.thumbs.current_number(), person=w.name,
             name=document_name(item) if item else "")  # fmt: skip
    if not w.ctx.prompter.confirm(w, title, text):
        return
    try:
        set_portrait(w.vault, w.dossier_id, data, source="documents")
    except HosoError as exc:
        w.ctx.prompter.error(w, title, exc.message())
        return
    w.say(t("ui.documents.portrait_done"))
    w.portraitChanged.emit(w.dossier_id)
