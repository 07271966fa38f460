-- v4: readers, their written approvals, on-site reading sessions, and the copy register
-- (spec/extracts.md). Rows are never deleted: a reader is deactivated, an approval revoked, a copy
-- moves through events. Lists of dossiers and sections are JSON arrays (always small, always read
-- whole). The reader's identity document number is class R: it is stored sealed (AES-GCM under the
-- field key, by app/extract), never in clear.

CREATE TABLE readers (
    id            INTEGER PRIMARY KEY,
    full_name     TEXT NOT NULL,
    unit          TEXT NOT NULL,
    title         TEXT NOT NULL DEFAULT '',
    id_document   BLOB,                    -- sealed identity document number, or NULL
    notes         TEXT NOT NULL DEFAULT '',
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL,
    deactivated_at TEXT
);

CREATE TABLE approvals (
    id             INTEGER PRIMARY KEY,
    reader_id      INTEGER NOT NULL REFERENCES readers (id),
    decision_no    TEXT NOT NULL,
    decision_date  TEXT NOT NULL,           -- YYYY-MM-DD
    signer         TEXT NOT NULL,
    signer_title   TEXT NOT NULL DEFAULT '',
    purpose        TEXT NOT NULL DEFAULT '',
    form           TEXT NOT NULL CHECK (form IN ('ban_in', 'doc_tai_cho')),
    dossiers       TEXT NOT NULL,           -- JSON array of dossier ids
    sections       TEXT NOT NULL,           -- JSON array of scope section keys
    copies         INTEGER NOT NULL CHECK (copies >= 0),
    valid_from     TEXT NOT NULL,           -- YYYY-MM-DD, first day valid
    valid_until    TEXT NOT NULL,           -- YYYY-MM-DD, last day valid
    created_at     TEXT NOT NULL,
    revoked_at     TEXT,
    revoke_reason  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX approvals_by_reader ON approvals (reader_id);

CREATE TABLE reading_sessions (
    id           INTEGER PRIMARY KEY,
    reader_id    INTEGER NOT NULL REFERENCES readers (id),
    approval_id  INTEGER NOT NULL REFERENCES approvals (id),
    dossiers     TEXT NOT NULL,             -- JSON array of dossier ids
    sections     TEXT NOT NULL,             -- JSON array of scope section keys
    opened_at    TEXT NOT NULL,
    closed_at    TEXT,
    remarks      TEXT NOT NULL DEFAULT '',
    officer      TEXT NOT NULL
);
CREATE INDEX reading_sessions_open ON reading_sessions (closed_at);

CREATE TABLE copies (
    serial       TEXT PRIMARY KEY,          -- Crockford base32 of 64 random bits
    approval_id  INTEGER NOT NULL REFERENCES approvals (id),
    reader_id    INTEGER NOT NULL REFERENCES readers (id),
    dossier_id   INTEGER NOT NULL REFERENCES dossiers (id),
    copy_no      INTEGER NOT NULL,          -- k of "Bản sao số k/n"
    copies       INTEGER NOT NULL,          -- n
    sections     TEXT NOT NULL,             -- JSON array of scope section keys printed
    layout       TEXT NOT NULL,
    pages        INTEGER NOT NULL,
    sha256       TEXT NOT NULL,             -- of the PDF bytes released
    issued_at    TEXT NOT NULL,
    officer      TEXT NOT NULL,
    marking      TEXT NOT NULL,             -- marking template id and version
    variants     TEXT NOT NULL,             -- JSON record of the text variants chosen
    status       TEXT NOT NULL DEFAULT 'issued'
);
CREATE INDEX copies_by_approval ON copies (approval_id, dossier_id);
CREATE INDEX copies_by_dossier ON copies (dossier_id);

CREATE TABLE copy_events (
    id       INTEGER PRIMARY KEY,
    serial   TEXT NOT NULL REFERENCES copies (serial),
    event    TEXT NOT NULL CHECK (event IN ('delivered', 'returned', 'recalled', 'destroyed', 'spoiled')),
    at       TEXT NOT NULL,
    note     TEXT NOT NULL DEFAULT '',
    officer  TEXT NOT NULL
);
CREATE INDEX copy_events_by_serial ON copy_events (serial);
