"""The import dialog: choose a file of dossiers (interchange JSON or CSV), check it without
writing, import it all or nothing, and read the report. See :mod:`ui.import_dialog.dialog`."""

from ui.import_dialog.dialog import ImportDialog

__all__ = ["ImportDialog"]
