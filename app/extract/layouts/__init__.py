"""The body of a printed extract in one of the three official résumé layouts, as ReportLab
platypus flowables (spec/extracts.md "An extract"; texts in reference/forms/).

``story(layout, doc, sections, ctx)`` returns the flowables of the chosen sections of one
(revealed) dossier: ``tt06`` (TT 06/2023 unified résumé, items 1)–38)), ``2c-tctw`` (Mẫu
2C/TCTW-98, salary history as the horizontal table), ``2c-bnv`` (Mẫu 2C-BNV/2008).

Scope: only the sections in ``sections`` (keys of ``fields.SECTIONS``) print; a section outside
it is absent entirely — no heading, no blank item. The one exception is item 1 with the cadre's
name, which always prints because the approval names the cadre. Restricted values of a section in
scope print in clear (the caller passes the revealed dossier). The portrait, when given and
identity is in scope, sits top left like the form's photo box; otherwise no photo box is drawn.

The caller owns the page: A4 portrait, a frame about 170 mm wide, about 25 mm kept free at the top
and 30 mm at the bottom for the secrecy stamp, page numbers, serial, QR, watermark and copy
block, none of which is drawn here. Must not import Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from reportlab.platypus import Flowable

from app.dossier.fields import SECTION_KEYS
from app.errors import InvalidInput
from app.extract.layouts import bnv, tctw, tt06
from app.extract.layouts.common import LayoutContext, Sheet
from app.extract.layouts.forms import FORMS

__all__ = ["LAYOUTS", "LayoutContext", "story"]

LAYOUTS = ("tt06", "2c-tctw", "2c-bnv")

_BUILDERS: Mapping[str, Callable[[Sheet], None]] = {
    "tt06": tt06.build,
    "2c-tctw": tctw.build,
    "2c-bnv": bnv.build,
}


def story(layout: str, doc: dict[str, Any], sections: frozenset[str], ctx: LayoutContext) -> list[Flowable]:
    """The flowables of the extract of ``doc``'s ``sections`` in ``layout``."""
    if layout not in _BUILDERS:
        raise InvalidInput("extract_layouts.unknown_layout", layout=layout, known=", ".join(LAYOUTS))
    unknown = sorted(set(sections) - set(SECTION_KEYS))
    if unknown:
        raise InvalidInput("extract_layouts.unknown_sections", sections=", ".join(unknown))
    sheet = Sheet(FORMS[layout], doc, frozenset(sections), ctx)
    _BUILDERS[layout](sheet)
    return sheet.flow
