"""Revealing restricted values in the editor for a limited time (DESIGN §3).

The officer asks (Ctrl+R); the prompter asks for confirmation, saying that the act is recorded;
the service reveals the masked values of the open dossier (one audit entry naming the fields);
the values show for :data:`REVEAL_SECONDS`, with the seconds left in the editor's header; then
they are masked again. Values the officer typed into restricted fields stay in the draft but are
hidden too (``hidden_edits``), so the screen holds no restricted value after the countdown.
Signal: ``expired()`` when the time is up (the session masks the values again).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.dossier import document, fields
from app.dossier.editing import Draft
from app.dossier.service import DossierService
from app.i18n import t
from ui.context import UiContext
from ui.countdown import Countdown
from ui.editor.view import DossierEditor

REVEAL_SECONDS = 60


class RevealControl(QObject):
    expired = Signal()

    def __init__(self, ctx: UiContext, view: DossierEditor, countdown: Countdown, parent: QObject) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.view = view
        self.countdown = countdown
        self.countdown.ticked.connect(self._show_left)
        self.countdown.expired.connect(self._expired)
        self.hidden_edits: set[str] = set()

    @property
    def active(self) -> bool:
        return self.countdown.running

    @property
    def hidden(self) -> bool:
        return not self.active

    def begin(self, service: DossierService, draft: Draft, name: str) -> bool:
        """Reveal the masked values of ``draft`` (after the officer confirms); True when shown."""
        if draft.dossier_id is None:
            return False
        paths = sorted(p for p in document.values(draft.shown) if draft.value(p) == document.MASK)
        if not paths and not self.hidden_edits:
            self.ctx.prompter.inform(self.view, t("ui.reveal.title"), t("ui.reveal.nothing"))
            return False
        question = t("ui.reveal.confirm", name=name, count=len(paths), seconds=REVEAL_SECONDS)
        if not self.ctx.prompter.confirm(self.view, t("ui.reveal.title"), question):
            return False
        draft.reveal(service.reveal(draft.dossier_id, paths) if paths else {})
        self.hidden_edits.clear()
        self.countdown.start(REVEAL_SECONDS)
        self._show_left(float(REVEAL_SECONDS))
        return True

    def end(self) -> None:
        """Stop the countdown without masking (the caller forgets or reloads the draft)."""
        self.countdown.stop()
        self.hidden_edits.clear()
        self.view.reveal_state.setText("")

    def mask(self, draft: Draft) -> None:
        """Hide the restricted values of ``draft`` again, typed ones included."""
        self.countdown.stop()
        draft.remask()
        self.hidden_edits = {p for p in draft.edits if fields.is_restricted(p)}
        self.view.reveal_state.setText("")

    def _show_left(self, seconds: float) -> None:
        self.view.reveal_state.setText(t("ui.reveal.left", seconds=int(seconds + 0.999)))

    def _expired(self) -> None:
        self.view.reveal_state.setText("")
        self.expired.emit()
