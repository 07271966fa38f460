-- v1: vault metadata, vault settings, and the append-only, hash-chained audit log.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value BLOB NOT NULL
) WITHOUT ROWID;

-- Vault settings (idle-lock time, field policy, secrecy default ...). Never dossier data.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE audit_log (
    seq        INTEGER PRIMARY KEY,
    ts         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    target     TEXT NOT NULL DEFAULT '',
    details    TEXT NOT NULL DEFAULT '{}',
    prev_hash  BLOB NOT NULL,
    entry_hash BLOB NOT NULL,
    mac        BLOB NOT NULL
);
CREATE INDEX audit_log_ts ON audit_log (ts);
CREATE INDEX audit_log_action ON audit_log (action, seq);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- Entries are numbered 1, 2, 3 ... without gaps and chained to the one before.
CREATE TRIGGER audit_log_in_order BEFORE INSERT ON audit_log
WHEN NEW.seq IS NOT (SELECT coalesce(max(seq), 0) + 1 FROM audit_log)
  OR NEW.prev_hash IS NOT coalesce((SELECT entry_hash FROM audit_log ORDER BY seq DESC LIMIT 1),
                                   zeroblob(32))
BEGIN SELECT RAISE(ABORT, 'audit_log entries must extend the chain'); END;

-- The ratchet: the key that will authenticate entry next_seq. Overwritten at every append
-- (secure_delete is on, and the WAL is truncated at lock), so earlier keys are gone.
CREATE TABLE audit_state (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    next_seq    INTEGER NOT NULL,
    ratchet_key BLOB NOT NULL
);
