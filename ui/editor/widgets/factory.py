"""Which widget edits which kind of field: :func:`editor_for` (by spec) and :func:`editor_at`
(by registry path, restricted when the path is)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.dossier import fields
from app.dossier.fields import Field, Kind
from ui.editor.widgets.base import BaseEditor


def editor_for(spec: Field, parent: QWidget | None = None, *, restricted: bool = False) -> BaseEditor:
    """A new editor for ``spec``. ``restricted`` marks it restricted even when the spec itself is
    normal (a column inside a restricted section or table); records and tables pass it down."""
    from ui.editor.widgets.catalog import CatalogPicker
    from ui.editor.widgets.dates import PartialDateEdit
    from ui.editor.widgets.numeric import NumberEditor
    from ui.editor.widgets.place import PlaceEditor
    from ui.editor.widgets.record import RecordEditor
    from ui.editor.widgets.table import TableEditor
    from ui.editor.widgets.text import LongTextEditor, PersonalIdEditor, TextEditor

    kinds: dict[Kind, type[BaseEditor]] = {
        Kind.TEXT: TextEditor,
        Kind.LONG_TEXT: LongTextEditor,
        Kind.PERSONAL_ID: PersonalIdEditor,
        Kind.INT: NumberEditor,
        Kind.DECIMAL: NumberEditor,
        Kind.YEAR: NumberEditor,
        Kind.DATE: PartialDateEdit,
        Kind.CATALOG: CatalogPicker,
        Kind.PLACE: PlaceEditor,
        Kind.RECORD: RecordEditor,
        Kind.TABLE: TableEditor,
    }
    return kinds[spec.kind](spec, parent, restricted=restricted)


def editor_at(path: str, parent: QWidget | None = None) -> BaseEditor:
    """A new editor for the registry path ``path`` (``identity.birth_date``, ``training``),
    restricted when the path holds restricted values."""
    return editor_for(fields.field_at(path), parent, restricted=fields.is_restricted(path))
