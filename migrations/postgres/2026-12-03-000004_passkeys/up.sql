-- Passkeys and security keys (WebAuthn, docs/authenticators.md).

-- The credential's id (base64url), unique across accounts: a username-less
-- sign-in finds the account by it.
ALTER TABLE authenticators ADD COLUMN credential_id TEXT;
-- The stored credential (public key, sign counter, backup flags) as
-- webauthn-rs serialises it; no secret.
ALTER TABLE authenticators ADD COLUMN credential TEXT;
CREATE UNIQUE INDEX authenticators_credential_id ON authenticators (credential_id);

-- A ceremony between its two requests (the challenge and what the answer
-- must match), here rather than in one instance's memory. Used once.
CREATE TABLE webauthn_challenges (
    -- Digest of the id the client holds (for a sign-in's second step, the
    -- transaction's id digest)
    id_hash     TEXT PRIMARY KEY NOT NULL,
    -- 'registration', 'second_factor' or 'passwordless'
    purpose     TEXT NOT NULL,
    user_id     TEXT REFERENCES users (id) ON DELETE CASCADE,
    state       TEXT NOT NULL,
    expires_at  TIMESTAMP NOT NULL
);

-- A sign-in's factors proved with a passkey (with user verification: both
-- factors at once), and whether that passkey is synced between devices.
ALTER TABLE signin_transactions ADD COLUMN passkey_verified_at TIMESTAMP;
ALTER TABLE signin_transactions ADD COLUMN passkey_synced BOOLEAN NOT NULL DEFAULT FALSE;
