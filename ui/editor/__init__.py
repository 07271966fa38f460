"""The dossier editor: one page per section of the dossier, built from the field registry
(``app.dossier.fields``), with a widget per field kind, validation beside each field, the reveal
of restricted values, corrections with their basis, and the history of the dossier."""
