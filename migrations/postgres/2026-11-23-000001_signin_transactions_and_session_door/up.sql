-- One row per sign-in attempt in progress (SPEC §3): which door, which
-- account (or, for an identifier that matched none, the keyed hash its
-- failures are counted under) and which factors are done. The client holds
-- the transaction id; only its SHA-256 digest is stored.
CREATE TABLE signin_transactions (
    id_hash               TEXT PRIMARY KEY NOT NULL,
    door                  TEXT NOT NULL CHECK (door IN ('immtrac2', 'iamonline')),
    user_id               TEXT REFERENCES users (id) ON DELETE CASCADE,
    throttle_key          TEXT,
    organization_id       TEXT REFERENCES organizations (id) ON DELETE SET NULL,
    keep_signed_in        BOOLEAN NOT NULL,
    -- shown on the e-mail code screen; a stable fake for unknown identifiers
    masked_email          TEXT NOT NULL,
    password_verified_at  TIMESTAMP,
    email_verified_at     TIMESTAMP,
    agreed_at             TIMESTAMP,
    completed_at          TIMESTAMP,
    ip                    TEXT,
    user_agent            TEXT,
    created_at            TIMESTAMP NOT NULL,
    expires_at            TIMESTAMP NOT NULL,
    CHECK ((user_id IS NULL) <> (throttle_key IS NULL))
);
CREATE INDEX signin_transactions_expires_idx ON signin_transactions (expires_at);
CREATE INDEX signin_transactions_user_idx ON signin_transactions (user_id);

-- Which door a session came through decides where it lands (SPEC §3).
ALTER TABLE sessions ADD COLUMN door TEXT NOT NULL DEFAULT 'iamonline'
    CHECK (door IN ('immtrac2', 'iamonline'));
