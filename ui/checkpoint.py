"""Today's checkpoint slip: signing the audit log's head (``Vault.checkpoint``, itself an audit
entry) and laying it out as a PDF in memory, for the officer to print at the end of the day, at
lock and at exit (DESIGN §4).

The slip module is imported here, on the GUI thread, and only the work is handed to a worker.
"""

from __future__ import annotations

from collections.abc import Callable

from app.errors import HosoError
from app.vault.session import Vault


def checkpoint_work(vault: Vault) -> Callable[[], bytes]:
    """The job for a worker thread: sign a checkpoint now and return its slip."""
    try:
        from app.audit.slip import checkpoint_pdf
    except ImportError:
        raise HosoError("ui.error.feature_missing", feature="app.audit.slip") from None
    return lambda: checkpoint_pdf(vault.checkpoint(), vault.path.name)
