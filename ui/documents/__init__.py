"""The documents window (issue 9): a dossier's inventory of documents with their scanned pages,
the page viewer, filing, scanning, removal and the portrait chosen from a page. Opened from the
"Hồ sơ" menu by :class:`ui.dossier_commands.DossierCommands` for the dossier open in the editor;
:mod:`ui.documents.documents_window` is the window."""
