"""The one background job of a tool window (the trace and statistics windows): started behind the
progress dialog of :func:`ui.operations.run_job`, its outcome dropped once the window is closing,
and stopped and waited for when the window closes, so that the vault is never used by two threads
after a lock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from app.i18n import t
from ui import operations
from ui.prompter import Prompter


class WindowJob:
    def __init__(self, owner: QWidget, prompter: Prompter) -> None:
        self.owner = owner
        self.prompter = prompter
        self.operation: operations.Operation | None = None
        self.closing = False
        self._ended: threading.Event | None = None

    def running(self) -> bool:
        return self.operation is not None and self.operation.running

    def start(
        self,
        label: str,
        work: Callable[[operations.Job], Any],
        succeeded: Callable[[Any], None],
        finished: Callable[[bool], None],
    ) -> None:
        """Run ``work`` off the GUI thread. ``succeeded`` gets its result and ``finished`` whether
        it was cancelled; an error is shown; none of them is called once the window is closing."""
        ended = threading.Event()

        def guarded(job: operations.Job) -> Any:
            try:
                return work(job)
            finally:
                ended.set()

        def failed(exc: BaseException) -> None:
            if not self.closing:
                self.prompter.error(self.owner, t("ui.error.title"), operations.error_text(exc))

        self._ended = ended
        operation = operations.run_job(
            self.owner,
            label,
            guarded,
            lambda result: None if self.closing else succeeded(result),
            prompter=self.prompter,
            on_error=failed,
        )
        self.operation = operation
        operation.finished.connect(lambda: None if self.closing else finished(operation.cancelled))

    def stop(self) -> None:
        """The window is closing: cancel a running job and wait until it has left the vault."""
        self.closing = True
        if self.operation is not None and self._ended is not None:
            self.operation.cancel_and_wait(self._ended)
