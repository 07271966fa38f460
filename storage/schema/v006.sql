-- v6: the dossier as a file set (spec/dossier.md §8, issue 9): typed documents of each dossier and
-- their scanned pages. A page's image is sealed by app/documents (AES-256-GCM under the field key,
-- bound to the scan id and chunk number) and stored in chunks of at most 256 KiB, inside the vault:
-- never as a file beside it. Removal keeps the row as a tombstone (who, when, why) and deletes the
-- image and thumbnail (secure_delete overwrites their pages).

CREATE TABLE dossier_documents (
    id             INTEGER PRIMARY KEY,
    dossier_id     INTEGER NOT NULL REFERENCES dossiers (id),
    kind           TEXT NOT NULL,            -- catalog document_kind
    title          TEXT NOT NULL DEFAULT '',
    number         TEXT NOT NULL DEFAULT '',
    date           TEXT,                     -- partial ISO date of the document
    issuer         TEXT NOT NULL DEFAULT '',
    secrecy        TEXT,                     -- catalog secrecy, or NULL
    page_count     INTEGER,                  -- pages of the paper original
    received_on    TEXT,                     -- ISO date the paper was received
    year           INTEGER,                  -- the year a yearly item covers
    created_at     TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    removed_at     TEXT,                     -- set: a tombstone
    removed_by     TEXT,
    removal_reason TEXT
);
CREATE INDEX dossier_documents_dossier ON dossier_documents (dossier_id, kind, year);

CREATE TABLE document_scans (
    id             INTEGER PRIMARY KEY,
    document_id    INTEGER NOT NULL REFERENCES dossier_documents (id),
    position       INTEGER NOT NULL,         -- order of the page within the document
    sha256         TEXT NOT NULL,            -- of the decoded pixels: duplicates are refused
    mime           TEXT NOT NULL,
    width          INTEGER NOT NULL,
    height         INTEGER NOT NULL,
    size           INTEGER NOT NULL,         -- bytes of the stored image
    chunks         INTEGER NOT NULL,
    thumbnail      BLOB,                     -- sealed JPEG; NULL once removed
    created_at     TEXT NOT NULL,
    removed_at     TEXT,
    removed_by     TEXT,
    removal_reason TEXT
);
CREATE INDEX document_scans_document ON document_scans (document_id, position);
CREATE INDEX document_scans_sha256 ON document_scans (sha256);

CREATE TABLE scan_chunks (
    scan_id  INTEGER NOT NULL REFERENCES document_scans (id),
    n        INTEGER NOT NULL,
    data     BLOB NOT NULL,                  -- sealed; AD = scan id | n | chunks
    PRIMARY KEY (scan_id, n)
) WITHOUT ROWID;
