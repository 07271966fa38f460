-- v3: the dossier's portrait photo (3×4), one per dossier. The image is a clean JPEG re-encoded
-- by app/dossier/portrait.py (no EXIF, ICC, XMP or comments), kept only here: the vault is one
-- SQLCipher database, so the BLOB is encrypted at rest like every other page, and secure_delete
-- overwrites a replaced or removed photo. Never written beside the vault or to a temp file.

CREATE TABLE dossier_portraits (
    dossier_id INTEGER PRIMARY KEY REFERENCES dossiers (id),
    image      BLOB NOT NULL,              -- JPEG
    sha256     TEXT NOT NULL,              -- hex digest of image
    width      INTEGER NOT NULL,
    height     INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);
