-- v5: one narrow row per dossier with the class N values statistics count (app/dossier/stat_facts.py),
-- so that counting 100 000 dossiers reads a few megabytes instead of every dossier's JSON. Written
-- with the dossier on every save; backfilled here from the stored JSON. ``missing`` lists the
-- required fields (completeness.REQUIRED) that are empty, restricted ones by existence only.

CREATE TABLE dossier_stats (
    dossier_id            INTEGER PRIMARY KEY REFERENCES dossiers (id),
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL,
    sex                   TEXT,
    birth_date            TEXT,
    ethnicity             TEXT,
    religion              TEXT,
    party_join_date       TEXT,
    party_official_date   TEXT,
    management_tier       TEXT,
    employing_unit        TEXT,
    post_group            TEXT,
    committee             TEXT,
    committee_concurrent  TEXT,
    status                TEXT,
    highest_degree        TEXT,
    academic_title        TEXT,
    political_theory      TEXT,
    state_management      TEXT,
    it_level              TEXT,
    languages             TEXT,
    ethnic_language       TEXT,
    grade_code            TEXT,
    missing               TEXT
);

INSERT INTO dossier_stats (dossier_id, created_at, updated_at, sex, birth_date, ethnicity, religion, party_join_date, party_official_date, management_tier, employing_unit, post_group, committee, committee_concurrent, status, highest_degree, academic_title, political_theory, state_management, it_level, languages, ethnic_language, grade_code, missing)
SELECT
    d.id, d.created_at, d.updated_at,
    json_extract(d.normal, '$.identity.sex'),
    json_extract(d.normal, '$.identity.birth_date'),
    json_extract(d.normal, '$.identity.ethnicity'),
    json_extract(d.normal, '$.identity.religion'),
    json_extract(d.normal, '$.career.party_join_date'),
    json_extract(d.normal, '$.career.party_official_date'),
    json_extract(d.normal, '$.position.management_tier'),
    json_extract(d.normal, '$.position.employing_unit'),
    json_extract(d.normal, '$.position.post_group'),
    json_extract(d.normal, '$.position.committee'),
    json_extract(d.normal, '$.position.committee_concurrent'),
    json_extract(d.normal, '$.position.status'),
    json_extract(d.normal, '$.qualifications.highest_degree'),
    json_extract(d.normal, '$.qualifications.academic_title'),
    json_extract(d.normal, '$.qualifications.political_theory'),
    json_extract(d.normal, '$.qualifications.state_management'),
    json_extract(d.normal, '$.qualifications.it_level'),
    (SELECT group_concat(replace(replace(coalesce(json_extract(l.value, '$.language'), ''), '|', ' '), ';', ' ')
                         || '|' || replace(replace(coalesce(json_extract(l.value, '$.level'), ''), '|', ' '), ';', ' '), ';')
       FROM json_each(d.normal, '$.qualifications.foreign_languages') AS l),
    json_extract(d.normal, '$.qualifications.ethnic_language'),
    json_extract(d.normal, '$.salary.grade_code'),
    nullif(rtrim(
        CASE WHEN json_extract(d.normal, '$.identity.full_name') IS NULL THEN 'identity.full_name;' ELSE '' END ||
        CASE WHEN json_extract(d.normal, '$.identity.sex') IS NULL THEN 'identity.sex;' ELSE '' END ||
        CASE WHEN json_extract(d.normal, '$.identity.birth_date') IS NULL THEN 'identity.birth_date;' ELSE '' END ||
        CASE WHEN json_extract(d.normal, '$.identity.birth_place') IS NULL THEN 'identity.birth_place;' ELSE '' END ||
        CASE WHEN json_extract(d.normal, '$.identity.home_town') IS NULL THEN 'identity.home_town;' ELSE '' END ||
        CASE WHEN json_extract(d.normal, '$.identity.ethnicity') IS NULL THEN 'identity.ethnicity;' ELSE '' END ||
        CASE WHEN json_extract(d.normal, '$.identity.religion') IS NULL THEN 'identity.religion;' ELSE '' END ||
        CASE WHEN NOT EXISTS (SELECT 1 FROM dossier_secrets s WHERE s.dossier_id = d.id AND s.path = 'identity.personal_id') THEN 'identity.personal_id;' ELSE '' END ||
        CASE WHEN NOT EXISTS (SELECT 1 FROM dossier_secrets s WHERE s.dossier_id = d.id AND s.path = 'identity.current_address') THEN 'identity.current_address;' ELSE '' END ||
        CASE WHEN json_extract(d.normal, '$.career.recruitment_date') IS NULL THEN 'career.recruitment_date;' ELSE '' END ||
        CASE WHEN json_extract(d.normal, '$.career.recruiting_agency') IS NULL THEN 'career.recruiting_agency;' ELSE '' END ||
        CASE WHEN json_extract(d.normal, '$.position.employing_unit') IS NULL THEN 'position.employing_unit;' ELSE '' END ||
        CASE WHEN json_extract(d.normal, '$.position.current_post') IS NULL THEN 'position.current_post;' ELSE '' END ||
        CASE WHEN json_extract(d.normal, '$.position.management_tier') IS NULL THEN 'position.management_tier;' ELSE '' END ||
        CASE WHEN json_extract(d.normal, '$.qualifications.general_education') IS NULL THEN 'qualifications.general_education;' ELSE '' END ||
        CASE WHEN json_extract(d.normal, '$.qualifications.highest_degree') IS NULL THEN 'qualifications.highest_degree;' ELSE '' END ||
        CASE WHEN json_extract(d.normal, '$.qualifications.political_theory') IS NULL THEN 'qualifications.political_theory;' ELSE '' END ||
        CASE WHEN json_extract(d.normal, '$.salary.grade_title') IS NULL THEN 'salary.grade_title;' ELSE '' END ||
        CASE WHEN json_extract(d.normal, '$.salary.coefficient') IS NULL THEN 'salary.coefficient;' ELSE '' END ||
        CASE WHEN NOT EXISTS (SELECT 1 FROM dossier_secrets s WHERE s.dossier_id = d.id AND s.path = 'health.status') THEN 'health.status;' ELSE '' END ||
        CASE WHEN json_extract(d.normal, '$.training') IS NULL THEN 'training;' ELSE '' END ||
        CASE WHEN json_extract(d.normal, '$.work_history') IS NULL THEN 'work_history;' ELSE '' END ||
        CASE WHEN NOT EXISTS (SELECT 1 FROM dossier_secrets s WHERE s.dossier_id = d.id AND s.path = 'family') THEN 'family;' ELSE '' END,
    ';'), '')
FROM dossiers AS d;
