"""The editor's work with the vault: open a dossier or start a new one, collect edits, validate
as the officer types, save (asking the basis of a correction), reveal restricted values for a
limited time, show the history and the dossier as of a date, and guard unsaved changes.

Everything shown goes through :class:`~ui.editor.view.DossierEditor`; everything stored goes
through ``app.dossier.editing`` and the service, which audit views, reveals and saves.
Signals: ``saved(int)`` after a save, ``opened(object)`` with the dossier id (None when closed).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.clock import iso_utc
from app.datefmt import partial_date
from app.dossier import completeness, document, editing
from app.dossier.defaults import default_secrecy
from app.dossier.editing import Draft
from app.dossier.importer import printable
from app.dossier.portrait import get_portrait, remove_portrait, set_portrait
from app.dossier.service import DossierService
from app.errors import HosoError
from app.i18n import t
from app.vault.session import Vault
from ui.context import UiContext
from ui.countdown import Countdown
from ui.editor.guard import ask_to_leave
from ui.editor.reveal import RevealControl
from ui.editor.view import DossierEditor
from ui.operations import error_text

CHECK_DELAY_MS = 300


class EditorSession(QObject):
    saved = Signal(int)
    opened = Signal(object)

    def __init__(self, ctx: UiContext, view: DossierEditor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.view = view
        self.service: DossierService | None = None
        self.draft: Draft | None = None
        self.as_of: str | None = None
        self.reveal = RevealControl(ctx, view, Countdown(ctx.clock, ctx.tick_ms, self), self)
        self.reveal.expired.connect(self._reveal_expired)
        self._checker = QTimer(self)
        self._checker.setSingleShot(True)
        self._checker.setInterval(CHECK_DELAY_MS)
        self._checker.timeout.connect(self.check)
        view.edited.connect(self._edited)
        view.secrecyEdited.connect(self._secrecy_edited)
        view.portrait.changed.connect(self._portrait_edited)
        view.history.asOfRequested.connect(self.show_as_of)
        view.history.currentRequested.connect(self.show_current)

    # -- vault ---------------------------------------------------------------------------
    def attach(self, vault: Vault) -> None:
        self.service = DossierService(vault)

    def detach(self) -> None:
        """At lock: forget the draft without asking (nobody may be there to answer)."""
        self.reveal.end()
        self._checker.stop()
        self.service, self.draft, self.as_of = None, None, None
        self.view.clear()
        self.opened.emit(None)

    @property
    def dirty(self) -> bool:
        return self.draft is not None and (self.draft.dirty or self.view.portrait.pending() is not None)

    def describe(self) -> str:
        """The dossier's name for messages ("a new dossier" when it has none yet)."""
        name = self.draft.value("identity.full_name") if self.draft else None
        return str(name) if name else t("ui.editor.untitled")

    # -- opening -------------------------------------------------------------------------
    def may_leave(self) -> bool:
        """Ask what to do with unsaved changes; True when the editor may move on."""
        if not self.dirty:
            return True
        answer = ask_to_leave(self.ctx.prompter, self.view, self.describe())
        if answer == "save":
            return self.save()
        return answer == "discard"

    def open(self, dossier_id: int) -> bool:
        if self.service is None or not self.may_leave():
            return False
        try:
            draft = editing.open_draft(self.service, dossier_id)
        except HosoError as exc:
            self.ctx.prompter.error(self.view, t("ui.error.title"), exc.message())
            return False
        self._show(draft, None)
        self.view.portrait.set_portrait(get_portrait(self.service.vault, dossier_id))
        return True

    def new(self) -> bool:
        if self.service is None or not self.may_leave():
            return False
        self._show(editing.new_draft(default_secrecy(self.service.vault)), None)
        self.view.portrait.set_portrait(None)
        self.view.go_to("identity.full_name")
        return True

    def close(self) -> bool:
        if not self.may_leave():
            return False
        self.reveal.end()
        self.draft, self.as_of = None, None
        self.view.clear()
        self.opened.emit(None)
        return True

    def _show(self, draft: Draft, as_of: str | None) -> None:
        self.reveal.end()
        self.draft, self.as_of = draft, as_of
        self.view.portrait.clear_pending()
        self.view.show_secrecy(draft.secrecy)
        self.view.history.set_as_of(as_of)
        self.view.history.clear()
        self.view.completeness.clear()
        self.refresh_values()
        self.view.show_problems([])
        self._update_state()
        self.opened.emit(draft.dossier_id)

    def refresh_values(self) -> None:
        draft = self.draft
        if draft is None:
            return
        masked = {p for p in document.values(draft.shown) if draft.value(p) == document.MASK}
        masked |= {p for p in draft.edits if p in self.reveal.hidden_edits}
        self.view.show_values(draft.value, masked, read_only=self.as_of is not None)

    def _update_state(self) -> None:
        draft = self.draft
        self.view.title.setText(self.describe() if draft else "")
        if draft is None:
            text = ""
        elif self.as_of is not None:
            text = t("ui.editor.state_as_of", date=partial_date(self.as_of))
        elif draft.dossier_id is None:
            text = t("ui.editor.state_new")
        else:
            key = "ui.editor.state_dirty" if self.dirty else "ui.editor.state_saved"
            text = t(key, version=draft.version)
        self.view.state.setText(text)

    # -- editing -------------------------------------------------------------------------
    def _edited(self, path: str, value: Any) -> None:
        if self.draft is None or self.as_of is not None:
            return
        self.draft.edit(path, value)
        self.reveal.hidden_edits.discard(path)
        self._update_state()
        self._checker.start()

    def _secrecy_edited(self, code: str) -> None:
        if self.draft is not None and self.as_of is None:
            self.draft.set_secrecy(code)
            self._update_state()

    def _portrait_edited(self) -> None:
        self._update_state()

    def check(self) -> bool:
        """Validate the draft and show its problems; True when it has no error."""
        if self.service is None or self.draft is None:
            return False
        result = editing.check(self.service, self.draft, today=self.ctx.clock.now().date())
        self.view.show_problems(result.problems)
        return result.ok

    def save(self) -> bool:
        service, draft = self.service, self.draft
        if service is None or draft is None or self.as_of is not None:
            return False
        self._checker.stop()
        result = editing.check(service, draft, today=self.ctx.clock.now().date())
        self.view.show_problems(result.problems)
        if not result.ok:
            lines = [f"• {p.message()}" for p in result.errors[:8]]
            text = "\n".join([t("editor.invalid", count=len(result.errors)), *lines])
            self.ctx.prompter.error(self.view, t("ui.editor.save_refused"), text)
            return False
        basis = None
        needing = editing.corrections(draft, result.document)
        if needing:
            basis = self.ctx.prompter.ask_text(
                self.view, t("ui.editor.basis_title"), t("ui.editor.basis_label", count=len(needing))
            )
            if basis is None or not basis.strip():
                return False
        try:
            saved = editing.save_checked(service, draft, result, basis=basis)
            pending = self.view.portrait.pending()
            if pending is not None:
                if pending[1] is not None:
                    set_portrait(service.vault, saved.id, pending[1], "editor")
                else:
                    remove_portrait(service.vault, saved.id)
        except HosoError as exc:
            self.ctx.prompter.error(self.view, t("ui.editor.save_refused"), error_text(exc))
            return False
        version = 1 if saved.created else (draft.version or 0) + (1 if saved.changed else 0)
        shown = document.masked(result.document) if self.reveal.hidden else dict(result.document)
        shown["secrecy"] = draft.secrecy
        was_revealed = self.reveal.active
        self.draft = Draft(saved.id, version, shown, draft.secrecy, updated_at=iso_utc(self.ctx.clock.now()))
        self.view.portrait.clear_pending()
        if not was_revealed:
            self.draft.remask()
        self.refresh_values()
        self._update_state()
        self.saved.emit(saved.id)
        return True

    # -- reveal ---------------------------------------------------------------------------
    def reveal_fields(self) -> None:
        if self.service is None or self.draft is None or self.as_of is not None:
            return
        if self.reveal.begin(self.service, self.draft, self.describe()):
            self.refresh_values()

    def _reveal_expired(self) -> None:
        if self.draft is not None:
            self.reveal.mask(self.draft)
            self.view.history.clear()  # it may have shown revealed old values
            self.refresh_values()

    # -- history and as-of ----------------------------------------------------------------
    def show_history(self) -> None:
        if self.service is None or self.draft is None or self.draft.dossier_id is None:
            return
        changes = self.service.history(self.draft.dossier_id, reveal=self.reveal.active)
        self.view.history.show_changes(changes)
        self.view.show_side(self.view.history)

    def show_as_of(self, day: str) -> None:
        if self.service is None or self.draft is None or self.draft.dossier_id is None:
            return
        dossier_id = self.draft.dossier_id
        if not self.may_leave():
            return
        self._show(editing.open_draft(self.service, dossier_id, as_of=day), day)

    def show_current(self) -> None:
        if self.draft is not None and self.draft.dossier_id is not None and self.service is not None:
            dossier_id = self.draft.dossier_id
            self._show(editing.open_draft(self.service, dossier_id), None)

    def show_completeness(self) -> None:
        if self.service is None or self.draft is None:
            return
        doc = editing.merged(self.service, self.draft)
        found = completeness.assess(
            doc,
            updated_at=self.draft.updated_at or iso_utc(self.ctx.clock.now()),
            today=self.ctx.clock.now().date(),
            policy=self.service.policy(),
        )
        shown = completeness.Completeness(
            found.score,
            found.missing,
            found.stale,
            found.yearly_missing,
            [printable(p) for p in found.problems],
            found.updated_at,
        )
        self.view.completeness.show_assessment(shown)
        self.view.show_side(self.view.completeness)
