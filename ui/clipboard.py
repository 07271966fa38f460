"""The clipboard rules of DESIGN §6: a restricted value is never copied; anything else HoSo
puts on the clipboard is cleared after 10 seconds and at lock.

:class:`ClipboardGuard` is an application-wide event filter. A copy or cut shortcut in a widget
marked restricted (the property ``restricted`` set on it or on a parent, as the field widgets
do) is swallowed and reported through ``refused()``; the X11 selection clipboard, which a mere
text selection fills, is emptied when the selection comes from a restricted widget. Whatever
else the application puts on the clipboard starts a :class:`~ui.countdown.Countdown`, and the
guard clears the clipboard when it expires, if the text is still ours. ``clear_now()`` at lock.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QClipboard, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

from app.clock import Clock
from ui.countdown import Countdown

CLEAR_AFTER_SECONDS = 10
_COPY_KEYS = (QKeySequence.StandardKey.Copy, QKeySequence.StandardKey.Cut)


def is_restricted(widget: QObject | None) -> bool:
    """Whether ``widget`` or one of its parents is marked as holding a restricted value."""
    while widget is not None:
        if widget.property("restricted") is True:
            return True
        widget = widget.parent()
    return False


class ClipboardGuard(QObject):
    refused = Signal()

    def __init__(self, clock: Clock, tick_ms: int = 1000, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.countdown = Countdown(clock, tick_ms, self)
        self.countdown.expired.connect(self.clear_now)
        self._active = False
        self._copied_text: str | None = None
        clipboard = QGuiApplication.clipboard()
        clipboard.dataChanged.connect(self._copied)
        clipboard.selectionChanged.connect(self._selected)

    def start(self) -> None:
        """Watch key presses everywhere (while a vault is open)."""
        app = QApplication.instance()
        if not self._active and app is not None:
            app.installEventFilter(self)
            self._active = True

    def stop(self) -> None:
        app = QApplication.instance()
        if self._active and app is not None:
            app.removeEventFilter(self)
        self._active = False
        self.clear_now()

    def clear_now(self) -> None:
        """Empty the clipboard (and the selection) if what they hold came from HoSo."""
        self.countdown.stop()
        clipboard = QGuiApplication.clipboard()
        if clipboard.ownsClipboard() or (
            self._copied_text is not None and clipboard.text() == self._copied_text
        ):
            clipboard.clear(QClipboard.Mode.Clipboard)
        if clipboard.ownsSelection():
            clipboard.clear(QClipboard.Mode.Selection)
        self._copied_text = None

    def _copied(self) -> None:
        """Something was copied: if by HoSo (it owns the clipboard or has the focus: platforms
        without ownership, such as offscreen, report nobody), clear it in 10 seconds."""
        clipboard = QGuiApplication.clipboard()
        if not self._active or not (clipboard.ownsClipboard() or QGuiApplication.focusWindow() is not None):
            return
        text = clipboard.text()
        if text:
            self._copied_text = text
            self.countdown.start(CLEAR_AFTER_SECONDS)

    def _selected(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if self._active and clipboard.ownsSelection() and is_restricted(QApplication.focusWidget()):
            clipboard.clear(QClipboard.Mode.Selection)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride)
            and isinstance(event, QKeyEvent)
            and any(event.matches(key) for key in _COPY_KEYS)
            and isinstance(watched, QWidget)
            and is_restricted(watched)
        ):
            event.accept()
            if event.type() == QEvent.Type.KeyPress:
                self.refused.emit()
            return True
        return False
