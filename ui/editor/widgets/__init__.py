"""The field widgets of the dossier editor: one :class:`~ui.editor.field_editor.FieldEditor`
subclass per kind of field, chosen by :func:`editor_for` (or :func:`editor_at` for a path).

=============  ======================================================================
kind           widget (module)
=============  ======================================================================
TEXT           ``TextEditor`` — one line, ``max_len`` (``text``)
LONG_TEXT      ``LongTextEditor`` — several lines, ``max_len`` (``text``)
PERSONAL_ID    ``PersonalIdEditor`` — 12 digits (``text``)
INT, DECIMAL,  ``NumberEditor`` — int / int-or-float / int (``numeric``)
YEAR
DATE           ``PartialDateEdit`` — day / month / year (``dates``)
CATALOG        ``CatalogPicker`` — code, type-ahead on labels (``catalog``, ``completion``)
PLACE          ``PlaceEditor`` — commune / district / province (``place``)
RECORD         ``RecordEditor`` — a form of member editors (``record``)
TABLE          ``TableEditor`` — rows in a table view (``table``, ``table_model``,
               ``cells``, ``delegates``)
=============  ======================================================================

**Object names.** The page names each editor (``setObjectName``); the editor then names its
inner widgets ``<name>_<suffix>`` at once (and again whenever it is renamed):

- every editor: ``<name>_mask`` (the mask, or for records and tables the sentence saying the
  values are hidden, shown while masked);
- one-input kinds (text, long text, personal id, numbers): ``<name>_edit``;
- dates: ``<name>_day``, ``<name>_month``, ``<name>_year``;
- catalogs: ``<name>_combo`` (its type-ahead popup ``<name>_popup``);
- places: ``<name>_commune``, ``<name>_district``, ``<name>_province``
  (popup ``<name>_province_popup``);
- records: the members ``<name>_<key>`` (named in turn by these rules, e.g.
  ``economy_housing_view``) and their labels ``<name>_<key>_label``;
- tables: ``<name>_view``, ``<name>_add``, ``<name>_remove``, ``<name>_up``, ``<name>_down``,
  ``<name>_problems``.

**Restricted values.** An editor is restricted when its spec is (access R) or when built with
``restricted=True`` (``editor_at`` does this for any path inside a restricted section; records
and tables pass it to their members). It and its inputs carry the property ``restricted=True``,
show no context menu and do not drag text out; the app-wide copy guard reads the property.
``set_masked(True)`` clears the value and shows the mask, read-only; ``set_masked(False)``
returns to editing (the page then calls ``set_value`` with the revealed value). Passing the mask
itself to ``set_value`` masks the editor.

**Beyond the contract.** ``retranslate()`` resets every text (labels follow the language);
``local_problem()`` is what the editor saw wrong while typing (an impossible date, a missing
required cell …), shown beside the page's problems; ``set_read_only`` keeps text selectable.
"""

from __future__ import annotations

from ui.editor.widgets.factory import editor_at, editor_for

__all__ = ["editor_at", "editor_for"]
