CREATE TABLE signin_transactions_next (
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
INSERT INTO signin_transactions_next SELECT * FROM signin_transactions WHERE door NOT IN ('recovery', 'activation');
DROP TABLE signin_transactions;
ALTER TABLE signin_transactions_next RENAME TO signin_transactions;
CREATE INDEX signin_transactions_expires_idx ON signin_transactions (expires_at);
CREATE INDEX signin_transactions_user_idx ON signin_transactions (user_id);
