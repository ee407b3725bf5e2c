-- A user's authenticators besides the password and the e-mail code
-- (docs/authenticators.md): for now authenticator apps (TOTP).
CREATE TABLE authenticators (
    id              TEXT PRIMARY KEY NOT NULL,
    user_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- 'totp'
    kind            TEXT NOT NULL,
    -- What the user called it ("Work phone")
    name            TEXT NOT NULL,
    -- The TOTP secret, sealed with the authenticator key (never in clear)
    secret_sealed   TEXT,
    -- The last time step whose code was accepted: a code works once
    last_used_step  BIGINT,
    created_at      TIMESTAMP NOT NULL,
    -- NULL until the user typed a first code from the app
    confirmed_at    TIMESTAMP,
    last_used_at    TIMESTAMP
);
CREATE INDEX authenticators_user ON authenticators (user_id);

-- A sign-in's second factor proved with an authenticator app's code
-- (the e-mail code's is `email_verified_at`).
ALTER TABLE signin_transactions ADD COLUMN app_code_verified_at TIMESTAMP;
