"""What an approval can cover: the scope sections of spec/extracts.md, and how they map onto the
dossier's own sections (``app.dossier.fields.SECTIONS``).

The spec names 17 scope sections. The dossier keeps two tables more than it names: the relatives
abroad travel with ``family`` and the other allowances with ``salary_history``, so an approval for
a scope section covers exactly the dossier sections the official form prints under that item.
``documents`` (the scanned papers, issue 9) is no dossier section: its scans print after the text
(:mod:`app.extract.scan_pages`). Must not import Qt.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.errors import InvalidInput

SCOPE_SECTIONS: tuple[str, ...] = (
    "identity",
    "career",
    "position",
    "qualifications",
    "salary",
    "health",
    "training",
    "work_history",
    "self_history",
    "family",
    "yearly_ratings",
    "awards",
    "discipline",
    "salary_history",
    "economy",
    "assessment",
    "documents",
)

_EXTRA: dict[str, tuple[str, ...]] = {
    "family": ("foreign_relatives",),
    "salary_history": ("allowance_history",),
    "documents": (),
}

FORMS = ("ban_in", "doc_tai_cho")


def parse_sections(values: Iterable[str]) -> tuple[str, ...]:
    """Scope sections in the form's order, each once; an unknown name is refused by name."""
    wanted = {v.strip() for v in values if v.strip()}
    unknown = sorted(wanted - set(SCOPE_SECTIONS))
    if unknown:
        raise InvalidInput(
            "extract.unknown_section", names=", ".join(unknown), known=", ".join(SCOPE_SECTIONS)
        )
    if not wanted:
        raise InvalidInput("extract.no_sections")
    return tuple(s for s in SCOPE_SECTIONS if s in wanted)


def dossier_sections(scope: Iterable[str]) -> frozenset[str]:
    """The dossier sections printed for these scope sections."""
    out: set[str] = set()
    for name in scope:
        extra = _EXTRA.get(name)
        if extra is None:
            out.add(name)
        else:
            out.update(extra)
            if name != "documents":
                out.add(name)
    return frozenset(out)
