-- v7: sealed packages (issue 10): the register of packages sent and received. A received package's
-- id is its primary key, so the same package imported twice is refused as a replay. Rows name
-- organisations only by the fingerprint of their public keys, never by a person's name. With a
-- package that carried the sender's change history, each dossier's history is kept as it came,
-- sealed under the field key (AES-256-GCM bound to the package id and dossier id), apart from
-- this vault's own history (whose as-of views it must not disturb). All three are append-only.

CREATE TABLE packages_sent (
    package_id  TEXT PRIMARY KEY,          -- 32 hex digits, random
    created_at  TEXT NOT NULL,
    actor       TEXT NOT NULL,
    recipient   TEXT NOT NULL,             -- SHA-256 fingerprint of the recipient's public keys (hex)
    file        TEXT NOT NULL,             -- the file's name, as written
    sha256      TEXT NOT NULL,             -- of the whole package file
    size        INTEGER NOT NULL,
    dossier_ids TEXT NOT NULL,             -- JSON list
    documents   INTEGER NOT NULL,
    scans       INTEGER NOT NULL,
    history     INTEGER NOT NULL,          -- 1: the sender's change history travelled
    reference   TEXT,                      -- the covering decision or letter
    transfer    INTEGER NOT NULL           -- 1: the dossiers were marked chuyen_di
) WITHOUT ROWID;

CREATE TABLE packages_received (
    package_id  TEXT PRIMARY KEY,
    received_at TEXT NOT NULL,
    actor       TEXT NOT NULL,
    sender      TEXT NOT NULL,             -- SHA-256 fingerprint of the sender's public keys (hex)
    created_at  TEXT NOT NULL,             -- when the sender made it (from its manifest)
    sha256      TEXT NOT NULL,
    dossier_ids TEXT NOT NULL,             -- JSON list, in the package's order
    created     INTEGER NOT NULL,
    updated     INTEGER NOT NULL,
    documents   INTEGER NOT NULL,
    scans       INTEGER NOT NULL,
    reference   TEXT,
    transfer    INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE package_history (
    package_id TEXT NOT NULL REFERENCES packages_received (package_id),
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
    changes    INTEGER NOT NULL,
    sealed     BLOB NOT NULL,              -- the sender's history of the dossier, JSON, sealed
    PRIMARY KEY (package_id, dossier_id)
) WITHOUT ROWID;
CREATE INDEX package_history_dossier ON package_history (dossier_id);

CREATE TRIGGER packages_sent_no_update BEFORE UPDATE ON packages_sent
BEGIN SELECT RAISE(ABORT, 'the package register is append-only'); END;
CREATE TRIGGER packages_sent_no_delete BEFORE DELETE ON packages_sent
BEGIN SELECT RAISE(ABORT, 'the package register is append-only'); END;
CREATE TRIGGER packages_received_no_update BEFORE UPDATE ON packages_received
BEGIN SELECT RAISE(ABORT, 'the package register is append-only'); END;
CREATE TRIGGER packages_received_no_delete BEFORE DELETE ON packages_received
BEGIN SELECT RAISE(ABORT, 'the package register is append-only'); END;
CREATE TRIGGER package_history_no_update BEFORE UPDATE ON package_history
BEGIN SELECT RAISE(ABORT, 'carried history is append-only'); END;
CREATE TRIGGER package_history_no_delete BEFORE DELETE ON package_history
BEGIN SELECT RAISE(ABORT, 'carried history is append-only'); END;
