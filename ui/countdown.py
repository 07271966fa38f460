"""A deadline measured on the injectable clock: the reveal of restricted values and the
clearing of the clipboard each run one.

A coarse QTimer (the context's tick, 1 s in the shipped app) compares the clock with the
deadline, so tests move time with ``ManualClock.advance`` instead of sleeping.
Signals: ``ticked(float)`` with the seconds left at each tick, ``expired()`` once, when the
deadline passes.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from app.clock import Clock


class Countdown(QObject):
    ticked = Signal(float)
    expired = Signal()

    def __init__(self, clock: Clock, tick_ms: int = 1000, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._deadline: float | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self.check)

    @property
    def running(self) -> bool:
        return self._deadline is not None

    def start(self, seconds: float) -> None:
        self._deadline = self._clock.monotonic() + seconds
        self._timer.start()

    def stop(self) -> None:
        self._deadline = None
        self._timer.stop()

    def remaining(self) -> float:
        """Seconds left (0 when not running)."""
        if self._deadline is None:
            return 0.0
        return max(0.0, self._deadline - self._clock.monotonic())

    def check(self) -> None:
        if self._deadline is None:
            return
        if self._clock.monotonic() >= self._deadline:
            self.stop()
            self.expired.emit()
        else:
            self.ticked.emit(self.remaining())
