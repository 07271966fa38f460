"""Idle auto-lock: notices the officer's keyboard and mouse anywhere in the application and says
when nobody has touched it for the vault's ``idle_lock_minutes``.

An application-wide event filter marks activity; a timer (1 s) compares the injectable clock's
monotonic time with the last activity and emits ``idle()`` once per watch. Time comes only from
the clock, so tests move it with ``ManualClock.advance``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from app.clock import Clock

DEFAULT_MINUTES = 5
SETTING_KEY = "idle_lock_minutes"
MIN_MINUTES, MAX_MINUTES = 1, 60

ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
    }
)


def minutes_from_setting(value: str | None) -> int:
    """The vault setting as minutes within 1–60; the default when absent or not a number."""
    try:
        minutes = int(value) if value is not None else DEFAULT_MINUTES
    except ValueError:
        return DEFAULT_MINUTES
    return max(MIN_MINUTES, min(MAX_MINUTES, minutes))


class IdleWatcher(QObject):
    idle = Signal()

    def __init__(self, clock: Clock, interval_ms: int = 1000, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._timeout = DEFAULT_MINUTES * 60.0
        self._last = clock.monotonic()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._watching = False

    @property
    def watching(self) -> bool:
        return self._watching

    @property
    def timeout_seconds(self) -> float:
        return self._timeout

    def start(self, minutes: int) -> None:
        self.set_minutes(minutes)
        self.touch()
        if not self._watching:
            app = QApplication.instance()
            if app is not None:
                app.installEventFilter(self)
            self._watching = True
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        if self._watching:
            app = QApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
            self._watching = False

    def set_minutes(self, minutes: int) -> None:
        self._timeout = float(max(MIN_MINUTES, min(MAX_MINUTES, minutes)) * 60)

    def touch(self) -> None:
        self._last = self._clock.monotonic()

    def seconds_idle(self) -> float:
        return self._clock.monotonic() - self._last

    def check(self) -> None:
        """Emit ``idle()`` (and stop watching) once the timeout has passed."""
        if self._watching and self.seconds_idle() >= self._timeout:
            self.stop()
            self.idle.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY:
            self._last = self._clock.monotonic()
        return False
