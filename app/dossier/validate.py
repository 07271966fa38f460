"""The one way to validate a dossier: structure first, then the semantic rules.

Import, the editor and the CLI all call :func:`validate`. It runs ``structure.check`` (types,
catalog codes, field policy …) and, only when that found no error, ``rules.check`` on the
normalised document (date order, derived levels, CCCD structure …). Problems are split by
severity: any error blocks saving or import; warnings are shown but do not block.
Must not import Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.dossier import rules, structure
from app.dossier.document import Doc
from app.dossier.fields import Policy
from app.dossier.structure import Problem

__all__ = ["Validation", "validate"]


@dataclass(frozen=True, slots=True)
class Validation:
    document: Doc  # normalised: strings trimmed, empties dropped
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No error: the document may be saved or imported (warnings do not block)."""
        return not self.errors

    @property
    def problems(self) -> list[Problem]:
        """Errors, then warnings."""
        return [*self.errors, *self.warnings]


def validate(doc: Any, policy: Policy | None = None, *, today: date | None = None) -> Validation:
    """Check ``doc`` against the structure and, when it is structurally sound, the rules."""
    normalised, found = structure.check(doc, policy)
    if not any(p.severity == rules.ERROR for p in found):
        found = [*found, *rules.check(normalised, today=today)]
    return Validation(
        normalised,
        [p for p in found if p.severity != rules.WARNING],
        [p for p in found if p.severity == rules.WARNING],
    )
