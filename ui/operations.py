"""Long work off the GUI thread, Anki style: one :class:`Operation` runs a callable on a worker
thread behind a busy dialog and delivers its result or error on the GUI thread.

Used for everything that may take more than a blink: vault creation (KDF calibration), unlock
(Argon2id), and building PDFs. Errors are turned into one sentence in one place
(:func:`error_text`) and shown through the prompter unless the caller handles them itself.
A cancelled operation cannot stop its worker (a KDF is not interruptible); its late result is
handed to ``on_discard`` so that, for instance, a vault opened after all is locked again.
While any operation runs, Python's cyclic garbage collector is off and the GUI thread collects
when the last one ends: a collection on a worker thread would destroy GUI objects from there.

Work that can report progress and stop when asked (an import) takes a :class:`Job` (see
:func:`run_job`): the dialog shows a real progress bar, and Cancel asks the work to stop and
waits for it, so the vault is never used by two threads at once.

Signals of :class:`Operation`: ``succeeded(object)`` with the callable's result,
``failed(object)`` with the exception, ``finished()`` after either (and after a cancel).
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget
from shiboken6 import isValid

from app.errors import HosoError
from app.i18n import t
from ui.prompter import Prompter

STOP_WAIT_SECONDS = 30.0  # how long closing a window waits for stopped work to return
_RUNNING: set[Operation] = set()  # keeps operations alive until their worker has reported
_GC_WAS_ENABLED = [True]


def _workers_starting() -> None:
    """Python's cyclic collector must not run on a worker thread: it would destroy Qt objects
    of the GUI thread from there (a crash, later). It is off while any operation runs and the
    GUI thread collects when the last one ends (Anki does the same)."""
    if not _RUNNING:
        _GC_WAS_ENABLED[0] = gc.isenabled()
        gc.disable()


def _workers_done() -> None:
    if not _RUNNING:
        gc.collect()
        if _GC_WAS_ENABLED[0]:
            gc.enable()


def error_text(exc: BaseException) -> str:
    """The one sentence shown for ``exc``: HoSo's own message, or a generic one naming the kind."""
    if isinstance(exc, HosoError):
        return exc.message()
    return t("ui.error.unexpected", kind=type(exc).__name__)


class _Relay(QObject):
    """Lives on the GUI thread, owned by the application object (so that dropping the worker's
    reference can never destroy it from the worker thread); the worker emits through it, so
    receivers run on the GUI thread."""

    done = Signal(object)
    broke = Signal(object)
    progressed = Signal(str, int, int)


class Job:
    """What cooperative work is handed: :meth:`report` progress, :meth:`cancelled` to poll.

    Reports are throttled to about ten a second (the last one always goes through)."""

    INTERVAL = 0.1

    def __init__(self, relay: _Relay) -> None:
        self._relay = relay
        self._stop = threading.Event()
        self._last = 0.0

    def report(self, label: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done >= total or now - self._last >= self.INTERVAL:
            self._last = now
            self._relay.progressed.emit(label, done, total)

    def cancelled(self) -> bool:
        return self._stop.is_set()

    def stop(self) -> None:
        self._stop.set()


def _work(fn: Callable[[], Any], relay: _Relay) -> None:
    """The worker thread's body (a plain callable: Qt owns its runnable, no Python QRunnable)."""
    try:
        result = fn()
    except Exception as exc:
        relay.broke.emit(exc)
    else:
        relay.done.emit(result)


class BusyDialog(QDialog):
    """A small window-modal dialog with an endless progress bar and, maybe, a cancel button."""

    cancelled = Signal()

    def __init__(self, parent: QWidget | None, label: str, cancellable: bool) -> None:
        super().__init__(parent)
        self.setObjectName("busyDialog")
        self.setWindowTitle(t("ui.busy.title"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._cancellable = cancellable
        layout = QVBoxLayout(self)
        self.text = QLabel(label, self)
        self.text.setObjectName("busyLabel")
        self.text.setWordWrap(True)
        self.detail = QLabel("", self)
        self.detail.setObjectName("busyDetail")
        self.bar = QProgressBar(self)
        self.bar.setObjectName("busyProgress")
        self.bar.setRange(0, 0)
        layout.addWidget(self.text)
        layout.addWidget(self.detail)
        layout.addWidget(self.bar)
        self.detail.hide()
        self.button: QPushButton | None = None
        if cancellable:
            row = QHBoxLayout()
            row.addStretch(1)
            self.button = QPushButton(t("ui.common.cancel"), self)
            self.button.setObjectName("busyCancelButton")
            self.button.clicked.connect(self.reject)
            row.addWidget(self.button)
            layout.addLayout(row)
        self.setMinimumWidth(420)
        self.waits_for_worker = False

    def show_progress(self, label: str, done: int, total: int) -> None:
        self.detail.setText(label)
        self.detail.show()
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(min(done, max(total, 1)))

    def reject(self) -> None:
        if not self._cancellable:
            return
        self.cancelled.emit()
        if self.waits_for_worker:  # stays up, saying so, until the work has stopped
            self.text.setText(t("ui.busy.cancelling"))
            if self.button is not None:
                self.button.setEnabled(False)
            return
        super().reject()


class Operation(QObject):
    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()

    def __init__(
        self,
        parent: QWidget | None,
        label: str,
        fn: Callable[[], Any],
        *,
        prompter: Prompter | None = None,
        cancellable: bool = False,
        on_discard: Callable[[Any], None] | None = None,
        show_errors: bool = True,
        job: Job | None = None,
    ) -> None:
        super().__init__()
        self._job = job
        self._show_errors = show_errors
        self._parent = parent
        self._label = label
        self._fn = fn
        self._prompter = prompter
        self._cancellable = cancellable
        self._on_discard = on_discard
        # A job's relay is the one it reports progress through; otherwise one of our own.
        self._relay = job._relay if job is not None else _Relay(QCoreApplication.instance())
        self._relay.done.connect(self._done, Qt.ConnectionType.QueuedConnection)
        self._relay.broke.connect(self._broke, Qt.ConnectionType.QueuedConnection)
        self._busy: BusyDialog | None = None
        self.cancelled = False
        self.running = False

    def start(self) -> Operation:
        self.running = True
        _workers_starting()
        _RUNNING.add(self)
        self._busy = BusyDialog(self._parent, self._label, self._cancellable)
        self._busy.cancelled.connect(self.cancel)
        if self._job is not None:
            self._busy.waits_for_worker = True
            self._relay.progressed.connect(self._busy.show_progress, Qt.ConnectionType.QueuedConnection)
        self._busy.show()
        fn, relay = self._fn, self._relay
        QThreadPool.globalInstance().start(lambda: _work(fn, relay))
        return self

    def cancel(self) -> None:
        """Stop waiting: the result, when it comes, goes to ``on_discard`` instead. Cooperative
        work (a :class:`Job`) is asked to stop, and the dialog stays until it has."""
        if not self.running or self.cancelled:
            return
        self.cancelled = True
        if self._job is not None:
            self._job.stop()
            return
        self._close_busy()
        self.finished.emit()

    def cancel_and_wait(self, ended: threading.Event, seconds: float = STOP_WAIT_SECONDS) -> None:
        """Cancel cooperative work and wait (at most ``seconds``) until it has stopped and its
        report has been delivered, so the caller can close while its widgets still exist.
        ``ended`` is the event the work sets when it returns."""
        if not self.running:
            return
        self.cancel()
        deadline = time.monotonic() + seconds
        ended.wait(seconds)
        # The worker reports (a queued call) just after: deliver it now.
        while self.running and time.monotonic() < deadline:
            QCoreApplication.sendPostedEvents(None, QEvent.Type.MetaCall)
            if self.running:
                time.sleep(0.005)

    def _close_busy(self) -> None:
        """Close the busy dialog (unless it already died with its parent window)."""
        if self._busy is not None and isValid(self._busy):
            self._busy.hide()
            self._busy.deleteLater()
        self._busy = None

    def _end(self) -> bool:
        """Bookkeeping when the worker reports; False when nobody waits any more."""
        self.running = False
        _RUNNING.discard(self)
        self._close_busy()
        self._relay.deleteLater()  # Qt-owned: never destroyed from the worker thread
        _workers_done()
        if self.cancelled and self._job is not None:
            self.finished.emit()  # the cooperative work has now stopped
        return not self.cancelled

    @Slot(object)
    def _done(self, result: Any) -> None:
        if not self._end():
            if self._on_discard is not None:
                self._on_discard(result)
            return
        self.succeeded.emit(result)
        self.finished.emit()

    @Slot(object)
    def _broke(self, exc: BaseException) -> None:
        if not self._end():
            return
        if self._show_errors and self._prompter is not None:
            self._prompter.error(self._parent, t("ui.error.title"), error_text(exc))
        self.failed.emit(exc)
        self.finished.emit()


def _started(
    op: Operation,
    on_success: Callable[[Any], object],
    on_error: Callable[[BaseException], None] | None,
) -> Operation:
    op.succeeded.connect(on_success)
    if on_error is not None:
        op.failed.connect(on_error)
    return op.start()


def run_job(
    parent: QWidget | None,
    label: str,
    fn: Callable[[Job], Any],
    on_success: Callable[[Any], object],
    *,
    prompter: Prompter | None = None,
    on_error: Callable[[BaseException], None] | None = None,
) -> Operation:
    """Start cooperative work in the background behind a progress bar with Cancel. ``fn`` gets a
    :class:`Job` to report progress and poll for cancellation (it may raise anything once
    cancelled: the outcome of a cancelled job is dropped)."""
    job = Job(_Relay(QCoreApplication.instance()))
    op = Operation(
        parent,
        label,
        lambda: fn(job),
        prompter=prompter,
        cancellable=True,
        show_errors=on_error is None,
        job=job,
    )
    return _started(op, on_success, on_error)


def run(
    parent: QWidget | None,
    label: str,
    fn: Callable[[], Any],
    on_success: Callable[[Any], object],
    *,
    prompter: Prompter | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    cancellable: bool = False,
    on_discard: Callable[[Any], None] | None = None,
) -> Operation:
    """Start ``fn`` in the background; ``on_success`` gets its result on the GUI thread. Without
    ``on_error``, a failure is shown through ``prompter``."""
    op = Operation(
        parent,
        label,
        fn,
        prompter=prompter,
        cancellable=cancellable,
        on_discard=on_discard,
        show_errors=on_error is None,
    )
    return _started(op, on_success, on_error)
