-- Initial schema. Portable column types only (TEXT ids, TIMESTAMP in UTC,
-- BOOLEAN, BIGINT, INTEGER) so one diesel schema.rs serves SQLite and PostgreSQL.
-- The PostgreSQL twin of this file must stay column-for-column identical
-- (`make schema-check`).

CREATE TABLE organizations (
    id          TEXT PRIMARY KEY NOT NULL,
    org_code    TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);

CREATE TABLE users (
    id                    TEXT PRIMARY KEY NOT NULL,
    username              TEXT NOT NULL,
    -- lower-cased username: usernames match case-insensitively (SPEC §2)
    username_key          TEXT NOT NULL UNIQUE,
    user_type             TEXT NOT NULL CHECK (user_type IN ('external', 'central_office', 'citizen')),
    first_name            TEXT NOT NULL,
    last_name             TEXT NOT NULL,
    email                 TEXT NOT NULL,
    email_key             TEXT NOT NULL,
    phone                 TEXT,
    status                TEXT NOT NULL CHECK (status IN ('pending_activation', 'active', 'locked', 'disabled')),
    password_hash         TEXT,
    failed_login_count    INTEGER NOT NULL DEFAULT 0,
    failed_reset_count    INTEGER NOT NULL DEFAULT 0,
    -- changes on every password reset / revocation; sessions carry it
    security_stamp        TEXT NOT NULL,
    security_question     TEXT,
    security_answer_hash  TEXT,
    locked_at             TIMESTAMP,
    last_login_at         TIMESTAMP,
    created_at            TIMESTAMP NOT NULL,
    updated_at            TIMESTAMP NOT NULL
);
CREATE INDEX users_email_key_idx ON users (email_key);

CREATE TABLE memberships (
    user_id          TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organization_id  TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    role             TEXT NOT NULL CHECK (role IN ('user', 'poc', 'support', 'admin')),
    created_at       TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, organization_id)
);
CREATE INDEX memberships_organization_idx ON memberships (organization_id);

CREATE TABLE password_history (
    id             TEXT PRIMARY KEY NOT NULL,
    user_id        TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    password_hash  TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX password_history_user_idx ON password_history (user_id, created_at);

CREATE TABLE sessions (
    id                      TEXT PRIMARY KEY NOT NULL,
    user_id                 TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    active_organization_id  TEXT REFERENCES organizations (id) ON DELETE SET NULL,
    keep_signed_in          BOOLEAN NOT NULL,
    channel                 TEXT NOT NULL,
    ip                      TEXT,
    user_agent              TEXT,
    created_at              TIMESTAMP NOT NULL,
    last_seen_at            TIMESTAMP NOT NULL,
    expires_at              TIMESTAMP NOT NULL,
    revoked_at              TIMESTAMP,
    revoked_reason          TEXT
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE refresh_tokens (
    id           TEXT PRIMARY KEY NOT NULL,
    session_id   TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    -- set when rotated; presenting a rotated token again revokes the session
    rotated_at   TIMESTAMP
);
CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id);

-- Reset links, activation links, e-mail codes: only the SHA-256 digest is kept.
CREATE TABLE one_time_tokens (
    id            TEXT PRIMARY KEY NOT NULL,
    user_id       TEXT REFERENCES users (id) ON DELETE CASCADE,
    purpose       TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    -- what the token is bound to (a sign-in transaction id, say), if anything
    subject       TEXT,
    attempts      INTEGER NOT NULL DEFAULT 0,
    created_at    TIMESTAMP NOT NULL,
    expires_at    TIMESTAMP NOT NULL,
    consumed_at   TIMESTAMP
);
CREATE INDEX one_time_tokens_user_purpose_idx ON one_time_tokens (user_id, purpose);

CREATE TABLE captcha_challenges (
    id           TEXT PRIMARY KEY NOT NULL,
    answer_hash  TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    consumed_at  TIMESTAMP
);

-- Failure counters for identifiers that match no account, keyed by an HMAC
-- of what was typed, so unknown accounts walk the same ladder (SPEC §3.1).
CREATE TABLE throttle_counters (
    key_hash    TEXT PRIMARY KEY NOT NULL,
    scope       TEXT NOT NULL,
    count       INTEGER NOT NULL DEFAULT 0,
    updated_at  TIMESTAMP NOT NULL,
    expires_at  TIMESTAMP NOT NULL
);

-- Append-only, hash-chained audit trail.
CREATE TABLE audit_events (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    occurred_at  TIMESTAMP NOT NULL,
    event_type   TEXT NOT NULL,
    user_id      TEXT,
    actor_id     TEXT,
    ip           TEXT,
    user_agent   TEXT,
    detail       TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);
CREATE INDEX audit_events_user_idx ON audit_events (user_id, id);
CREATE INDEX audit_events_type_idx ON audit_events (event_type, id);

-- One row; its update serialises appends to the audit chain on both backends.
CREATE TABLE audit_chain_head (
    id         INTEGER PRIMARY KEY NOT NULL,
    last_hash  TEXT NOT NULL
);
INSERT INTO audit_chain_head (id, last_hash) VALUES (1, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE mail_outbox (
    id               TEXT PRIMARY KEY NOT NULL,
    kind             TEXT NOT NULL,
    user_id          TEXT REFERENCES users (id) ON DELETE SET NULL,
    recipient        TEXT NOT NULL,
    subject          TEXT NOT NULL,
    body_text        TEXT NOT NULL,
    body_html        TEXT,
    status           TEXT NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'retrying', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT,
    created_at       TIMESTAMP NOT NULL,
    next_attempt_at  TIMESTAMP NOT NULL,
    sent_at          TIMESTAMP
);
CREATE INDEX mail_outbox_due_idx ON mail_outbox (status, next_attempt_at);
CREATE INDEX mail_outbox_user_idx ON mail_outbox (user_id);

CREATE TABLE applications (
    id            TEXT PRIMARY KEY NOT NULL,
    name          TEXT NOT NULL,
    description   TEXT NOT NULL,
    url           TEXT NOT NULL,
    -- 'my_apps' or 'my_applications': the default dashboard group (SPEC §8)
    default_group TEXT NOT NULL,
    position      INTEGER NOT NULL,
    requires_aua  BOOLEAN NOT NULL
);

CREATE TABLE dashboard_sections (
    id          TEXT PRIMARY KEY NOT NULL,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    position    INTEGER NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX dashboard_sections_user_idx ON dashboard_sections (user_id);

CREATE TABLE dashboard_section_tiles (
    section_id      TEXT NOT NULL REFERENCES dashboard_sections (id) ON DELETE CASCADE,
    application_id  TEXT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    PRIMARY KEY (section_id, application_id)
);

-- Versioned documents (AUA, Confidentiality Statement) and their acceptances.
CREATE TABLE documents (
    id            TEXT PRIMARY KEY NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('aua', 'confidentiality')),
    version       TEXT NOT NULL,
    content       TEXT NOT NULL,
    content_hash  TEXT NOT NULL,
    published_at  TIMESTAMP NOT NULL,
    UNIQUE (kind, version)
);

CREATE TABLE aua_submissions (
    id                 TEXT PRIMARY KEY NOT NULL,
    user_id            TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organization_id    TEXT REFERENCES organizations (id) ON DELETE SET NULL,
    document_id        TEXT NOT NULL REFERENCES documents (id),
    first_name         TEXT NOT NULL,
    last_name          TEXT NOT NULL,
    work_email         TEXT NOT NULL,
    work_phone         TEXT,
    affiliation        TEXT NOT NULL,
    explanation        TEXT,
    comments           TEXT,
    employee_id        TEXT,
    signed_on          TEXT NOT NULL,
    ip                 TEXT,
    submitted_at       TIMESTAMP NOT NULL,
    expires_at         TIMESTAMP NOT NULL
);
CREATE INDEX aua_submissions_user_idx ON aua_submissions (user_id, submitted_at);

CREATE TABLE document_acceptances (
    id               TEXT PRIMARY KEY NOT NULL,
    user_id          TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organization_id  TEXT REFERENCES organizations (id) ON DELETE SET NULL,
    document_id      TEXT NOT NULL REFERENCES documents (id),
    channel          TEXT NOT NULL,
    ip               TEXT,
    accepted_at      TIMESTAMP NOT NULL
);
CREATE INDEX document_acceptances_user_idx ON document_acceptances (user_id, document_id);

-- Access requests by a POC, organization registrations and citizen sign-ups.
CREATE TABLE access_requests (
    id                 TEXT PRIMARY KEY NOT NULL,
    kind               TEXT NOT NULL CHECK (kind IN ('access', 'organization', 'non_hhs_account')),
    requested_by       TEXT REFERENCES users (id) ON DELETE SET NULL,
    organization_id    TEXT REFERENCES organizations (id) ON DELETE CASCADE,
    organization_name  TEXT,
    first_name         TEXT NOT NULL,
    last_name          TEXT NOT NULL,
    email              TEXT NOT NULL,
    phone              TEXT,
    justification      TEXT,
    status             TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    decided_by         TEXT REFERENCES users (id) ON DELETE SET NULL,
    decision_reason    TEXT,
    created_user_id    TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at         TIMESTAMP NOT NULL,
    decided_at         TIMESTAMP
);
CREATE INDEX access_requests_status_idx ON access_requests (status, created_at);
