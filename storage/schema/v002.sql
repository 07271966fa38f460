-- v2: dossiers. Normal (class N) values as one JSON document per dossier plus denormalised,
-- indexed facts for filters and statistics; restricted (class R) values only as AES-GCM
-- ciphertext in dossier_secrets; every change in dossier_changes; names, posts and units in a
-- contentless FTS5 index (restricted values never enter it).

CREATE TABLE dossiers (
    id             INTEGER PRIMARY KEY,
    pid_index      BLOB NOT NULL UNIQUE,   -- HMAC of the personal id under the field key (blind index)
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    secrecy        TEXT NOT NULL DEFAULT 'mat',
    full_name      TEXT NOT NULL DEFAULT '',
    sex            TEXT,
    birth_date     TEXT,
    birth_year     INTEGER,
    ethnicity      TEXT,
    religion       TEXT,
    management_tier TEXT,
    employing_unit TEXT,
    current_post   TEXT,
    post_group     TEXT,
    highest_degree TEXT,
    academic_title TEXT,
    political_theory TEXT,
    state_management TEXT,
    status         TEXT,
    party_join_date TEXT,
    party_official_date TEXT,
    -- Last, so that reading the facts above never walks the overflow pages of this large value.
    normal         TEXT NOT NULL           -- JSON: every class N value, shaped like the interchange form
);
CREATE INDEX dossiers_sex ON dossiers (sex);
CREATE INDEX dossiers_birth_year ON dossiers (birth_year);
CREATE INDEX dossiers_ethnicity ON dossiers (ethnicity);
CREATE INDEX dossiers_tier ON dossiers (management_tier);
CREATE INDEX dossiers_unit ON dossiers (employing_unit);
CREATE INDEX dossiers_degree ON dossiers (highest_degree);
CREATE INDEX dossiers_theory ON dossiers (political_theory);
CREATE INDEX dossiers_status ON dossiers (status);
CREATE INDEX dossiers_post_group ON dossiers (post_group);
CREATE INDEX dossiers_updated ON dossiers (updated_at);
-- Search (app/dossier/search/): two covering indexes, so that a search reads neither the large
-- `normal` JSON nor its overflow pages. Each holds the columns a hit shows and every filter column.
-- By id: to look up the rows an FTS match yields; by name: to list in name order (no text, or a
-- large match walked in name order).
CREATE INDEX dossiers_search_id ON dossiers (
    id, full_name, birth_date, current_post, employing_unit, sex, birth_year, ethnicity, religion,
    management_tier, post_group, highest_degree, academic_title, political_theory, state_management,
    status, party_join_date
);
CREATE INDEX dossiers_search_name ON dossiers (
    full_name, birth_date, id, current_post, employing_unit, sex, birth_year, ethnicity, religion,
    management_tier, post_group, highest_degree, academic_title, political_theory, state_management,
    status, party_join_date
);

CREATE TABLE dossier_secrets (
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
    path       TEXT NOT NULL,
    version    INTEGER NOT NULL,
    ciphertext BLOB NOT NULL,              -- AES-256-GCM, AD = dossier id | path | version
    PRIMARY KEY (dossier_id, path)
) WITHOUT ROWID;

CREATE TABLE dossier_changes (
    id         INTEGER PRIMARY KEY,
    dossier_id INTEGER NOT NULL REFERENCES dossiers (id),
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    path       TEXT NOT NULL,              -- section.field, a table's section key, or '*' for creation
    restricted INTEGER NOT NULL DEFAULT 0,
    old_value  BLOB,                       -- JSON text, or AES-GCM ciphertext when restricted
    new_value  BLOB,
    basis      TEXT,                       -- the leadership decision approving a correction
    source     TEXT                        -- 'editor', 'import:<file>', 'package:<ref>' …
);
CREATE INDEX dossier_changes_dossier ON dossier_changes (dossier_id, at);
CREATE INDEX dossier_changes_at ON dossier_changes (at);

CREATE TRIGGER dossier_changes_no_update BEFORE UPDATE ON dossier_changes
BEGIN SELECT RAISE(ABORT, 'dossier history is append-only'); END;
CREATE TRIGGER dossier_changes_no_delete BEFORE DELETE ON dossier_changes
BEGIN SELECT RAISE(ABORT, 'dossier history is append-only'); END;

CREATE VIRTUAL TABLE dossier_fts USING fts5 (
    names,        -- full name and other names, folded (no diacritics, đ → d, lower case)
    names_exact,  -- the same as typed (lower case, with diacritics) for ranking exact matches first
    posts,        -- current post, concurrent and Party posts, folded, each word prefixed with U+E000
    units,        -- employing unit and managing body, folded, each word prefixed with U+E000
                  -- (storage.dossier_repo.ORG_MARK: names and posts/units words get separate lists)
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0',
    prefix = '1 2 3 4 5 6'   -- a typed prefix of up to 6 letters (most Vietnamese syllables) is
);                           -- one stored list, which AND can skip through, not a merge of many
