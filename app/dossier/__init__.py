"""The cadre dossier (spec/dossier.md): its fields, catalogs, validation, storage service,
history, import/export and search. Must not import Qt.
"""
