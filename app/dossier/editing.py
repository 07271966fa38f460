"""Editing one dossier from the desktop: the officer's draft (edits by path over the stored
dossier), its validation, which edits are corrections of recorded facts, and the save.

The editor shows a dossier masked (restricted values hidden until revealed) and collects the
officer's edits as values by path. :func:`check` lays them over the stored dossier — restricted
values included, read inside the service and never handed back — and validates the result; the
problems it returns never quote a restricted value. :func:`corrections` names the edits that
change or remove a value already recorded: the Party rule (spec/dossier.md §10) wants the basis,
the reference of the leadership decision, for each of them, and :func:`commit` refuses to save
them without one. Filling an empty field or adding rows to a table is not a correction.
Must not import Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.dossier import document, fields
from app.dossier.defaults import FALLBACK_SECRECY
from app.dossier.document import Doc
from app.dossier.importer import MAX_BASIS_CHARS, check_basis, printable
from app.dossier.service import DossierService, Saved
from app.dossier.validate import Validation, validate
from app.errors import InvalidInput


@dataclass
class Draft:
    """A dossier being edited. ``shown`` is what the editor loaded (masked unless revealed);
    ``edits`` the officer's values by path (None clears a field)."""

    dossier_id: int | None
    version: int | None
    shown: Doc
    secrecy: str = FALLBACK_SECRECY
    updated_at: str = ""
    edits: dict[str, Any] = field(default_factory=dict)
    secrecy_edited: bool = False

    @property
    def dirty(self) -> bool:
        return bool(self.edits) or self.secrecy_edited

    def value(self, path: str) -> Any:
        """The value the editor should show at ``path``: the edit, else the loaded value."""
        if path in self.edits:
            return self.edits[path]
        return document.prune(document.get(self.shown, path))

    def edit(self, path: str, value: Any) -> None:
        """Record the officer's value at ``path``; an edit back to the loaded value is dropped
        (a masked loaded value never equals a typed one)."""
        value = document.prune(value)
        if value == document.prune(document.get(self.shown, path)):
            self.edits.pop(path, None)
        else:
            self.edits[path] = value

    def reveal(self, values: dict[str, Any]) -> None:
        """Put revealed values in place of the mask (edits compare against them)."""
        for path, value in values.items():
            document.put(self.shown, path, value)

    def remask(self) -> list[str]:
        """Hide every restricted value again (at the end of a reveal); the paths masked."""
        paths = [p for p in document.values(self.shown) if fields.is_restricted(p)]
        for path in paths:
            document.put(self.shown, path, document.MASK)
        return paths

    def set_secrecy(self, code: str) -> None:
        self.secrecy_edited = code != self.shown.get("secrecy", self.secrecy)
        self.secrecy = code


def open_draft(service: DossierService, dossier_id: int, *, as_of: str | None = None) -> Draft:
    """Load a dossier for the editor (audited as a view), restricted values masked."""
    dossier = service.get(dossier_id, as_of=as_of)
    shown = dict(dossier.data)
    shown["secrecy"] = dossier.secrecy
    return Draft(dossier.id, dossier.version, shown, dossier.secrecy, updated_at=dossier.updated_at)


def new_draft(secrecy: str = FALLBACK_SECRECY) -> Draft:
    return Draft(None, None, {"secrecy": secrecy}, secrecy)


def merged(service: DossierService, draft: Draft) -> Doc:
    """The whole document the draft would save (inside the app only: never shown)."""
    if draft.dossier_id is None:
        doc = document.build({p: v for p, v in draft.edits.items() if v is not None})
    else:
        doc, _ = service.with_edits(draft.dossier_id, draft.edits)
    doc["secrecy"] = draft.secrecy
    return doc


def check(service: DossierService, draft: Draft, *, today: date | None = None) -> Validation:
    """Validate the draft under the vault's field policy; problems made printable."""
    result = validate(merged(service, draft), service.policy(), today=today)
    return Validation(
        result.document,
        [printable(p) for p in result.errors],
        [printable(p) for p in result.warnings],
    )


def _only_added(path: str, old: Any, new: Any) -> bool:
    """Whether a table edit keeps every recorded row as it was (rows added or reordered)."""
    if fields.field_at(path).kind != fields.Kind.TABLE:
        return False
    if not isinstance(old, list) or not isinstance(new, list):
        return False
    return all(any(row == other for other in new) for row in old)


def corrections(draft: Draft, validated: Doc | None = None) -> list[str]:
    """Paths whose recorded value the draft changes or removes (a correction needs a basis).

    A masked value counts as recorded. For a table, a correction is a recorded row that is
    gone or altered; rows added, or the same rows reordered, are not."""
    if draft.dossier_id is None:
        return []
    out = []
    for path, new in draft.edits.items():
        old = document.prune(document.get(draft.shown, path))
        if old is None:
            continue
        if validated is not None:
            new = document.prune(document.get(validated, path))
        if _only_added(path, old, new):
            continue
        if old != new:
            out.append(path)
    return out


def commit(
    service: DossierService,
    draft: Draft,
    *,
    basis: str | None = None,
    today: date | None = None,
) -> Saved:
    """Validate and save the draft (one transaction, audited by the service). InvalidInput when
    it has errors, when a correction has no basis, or when the dossier changed meanwhile."""
    return save_checked(service, draft, check(service, draft, today=today), basis=basis)


def save_checked(
    service: DossierService, draft: Draft, result: Validation, *, basis: str | None = None
) -> Saved:
    """:func:`commit` for a draft the caller has just validated (``result`` of :func:`check`)."""
    if not result.ok:
        raise InvalidInput("editor.invalid", count=len(result.errors))
    needing = corrections(draft, result.document)
    try:
        basis = check_basis(basis)
    except InvalidInput:
        raise InvalidInput("editor.bad_basis", max=MAX_BASIS_CHARS) from None
    if needing and not basis:
        raise InvalidInput("editor.basis_required", count=len(needing))
    return service.save(
        result.document,
        dossier_id=draft.dossier_id,
        basis=basis,
        source="editor",
        expected_version=draft.version,
    )
