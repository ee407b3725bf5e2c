-- The portal as an OpenID Connect provider (docs/oidc.md).

-- Who may use an application (empty: everyone).
ALTER TABLE applications ADD COLUMN allowed_user_types TEXT NOT NULL DEFAULT '';
ALTER TABLE applications ADD COLUMN allowed_roles TEXT NOT NULL DEFAULT '';
ALTER TABLE applications ADD COLUMN allowed_org_codes TEXT NOT NULL DEFAULT '';

-- How the session's sign-in proved who the user is (RFC 8176 methods,
-- space-separated): 'pwd', plus 'otp' when the e-mail code was checked.
ALTER TABLE sessions ADD COLUMN amr TEXT NOT NULL DEFAULT 'pwd';

-- An application's OpenID Connect client; an API partner's client has no
-- application (client_credentials only, no tile).
CREATE TABLE oauth_clients (
    client_id                 TEXT PRIMARY KEY NOT NULL,
    application_id            TEXT UNIQUE REFERENCES applications (id) ON DELETE CASCADE,
    name                      TEXT NOT NULL,
    -- 'public' or 'confidential'
    client_type               TEXT NOT NULL,
    -- none | client_secret_basic | client_secret_post | private_key_jwt
    auth_method               TEXT NOT NULL,
    -- SHA-256 of a 256-bit random secret (docs/oidc.md: why not argon2)
    secret_hash               TEXT,
    -- The client's public keys (a JWK set) for private_key_jwt
    jwks                      TEXT,
    -- One URI per line, compared exactly
    redirect_uris             TEXT NOT NULL,
    post_logout_redirect_uris TEXT NOT NULL,
    backchannel_logout_uri    TEXT,
    initiate_login_uri        TEXT,
    -- Space-separated
    scopes                    TEXT NOT NULL,
    grant_types               TEXT NOT NULL,
    -- 'RS256' or 'EdDSA'
    id_token_alg              TEXT NOT NULL,
    access_token_ttl_secs     INTEGER NOT NULL,
    refresh_token_ttl_secs    INTEGER NOT NULL,
    -- Third-party clients ask the user; the agency's own are pre-approved
    consent_required          BOOLEAN NOT NULL,
    created_at                TIMESTAMP NOT NULL,
    updated_at                TIMESTAMP NOT NULL,
    disabled_at               TIMESTAMP
);

-- An authorization request waiting for the user to sign in, agree or
-- consent; the browser app holds its handle, the row holds the rest.
CREATE TABLE oauth_authorization_requests (
    id_hash         TEXT PRIMARY KEY NOT NULL,
    client_id       TEXT NOT NULL REFERENCES oauth_clients (client_id) ON DELETE CASCADE,
    redirect_uri    TEXT NOT NULL,
    scope           TEXT NOT NULL,
    state           TEXT,
    nonce           TEXT,
    code_challenge  TEXT NOT NULL,
    prompt          TEXT NOT NULL,
    max_age         INTEGER,
    login_hint      TEXT,
    acr_values      TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    expires_at      TIMESTAMP NOT NULL,
    completed_at    TIMESTAMP
);
CREATE INDEX oauth_authorization_requests_expires ON oauth_authorization_requests (expires_at);

-- What a user (or, for client_credentials, the client itself) granted a
-- client: every code, refresh token and access token hangs off one grant,
-- so revoking the grant revokes them all.
CREATE TABLE oauth_grants (
    id              TEXT PRIMARY KEY NOT NULL,
    client_id       TEXT NOT NULL REFERENCES oauth_clients (client_id) ON DELETE CASCADE,
    user_id         TEXT REFERENCES users (id) ON DELETE CASCADE,
    -- The portal session it came from: its end ends the grant
    session_id      TEXT,
    scope           TEXT NOT NULL,
    nonce           TEXT,
    auth_time       TIMESTAMP,
    amr             TEXT NOT NULL,
    acr             TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    expires_at      TIMESTAMP NOT NULL,
    revoked_at      TIMESTAMP,
    revoked_reason  TEXT
);
CREATE INDEX oauth_grants_session ON oauth_grants (session_id);
CREATE INDEX oauth_grants_user ON oauth_grants (user_id);

CREATE TABLE oauth_codes (
    code_hash       TEXT PRIMARY KEY NOT NULL,
    grant_id        TEXT NOT NULL REFERENCES oauth_grants (id) ON DELETE CASCADE,
    redirect_uri    TEXT NOT NULL,
    code_challenge  TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    expires_at      TIMESTAMP NOT NULL,
    consumed_at     TIMESTAMP
);

CREATE TABLE oauth_refresh_tokens (
    token_hash      TEXT PRIMARY KEY NOT NULL,
    grant_id        TEXT NOT NULL REFERENCES oauth_grants (id) ON DELETE CASCADE,
    created_at      TIMESTAMP NOT NULL,
    expires_at      TIMESTAMP NOT NULL,
    rotated_at      TIMESTAMP
);
CREATE INDEX oauth_refresh_tokens_grant ON oauth_refresh_tokens (grant_id);

-- A third-party client's scopes the user agreed to ("Manage My Access").
CREATE TABLE oauth_consents (
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    client_id   TEXT NOT NULL REFERENCES oauth_clients (client_id) ON DELETE CASCADE,
    scope       TEXT NOT NULL,
    granted_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, client_id)
);

-- private_key_jwt assertions seen, so none is accepted twice.
CREATE TABLE oauth_assertion_ids (
    jti_hash    TEXT PRIMARY KEY NOT NULL,
    expires_at  TIMESTAMP NOT NULL
);

-- An application's logout request (RP-initiated logout) waiting for the
-- browser app, which holds the portal session, to confirm and end it.
CREATE TABLE oauth_logout_requests (
    id_hash                  TEXT PRIMARY KEY NOT NULL,
    client_id                TEXT REFERENCES oauth_clients (client_id) ON DELETE CASCADE,
    post_logout_redirect_uri TEXT,
    state                    TEXT,
    -- From a verified id_token_hint: the session it names
    session_id               TEXT,
    created_at               TIMESTAMP NOT NULL,
    expires_at               TIMESTAMP NOT NULL,
    completed_at             TIMESTAMP
);
CREATE INDEX oauth_logout_requests_expires ON oauth_logout_requests (expires_at);

-- Back-channel logout tokens, delivered like mail: durably, with retries.
CREATE TABLE oauth_logout_deliveries (
    id              TEXT PRIMARY KEY NOT NULL,
    client_id       TEXT NOT NULL REFERENCES oauth_clients (client_id) ON DELETE CASCADE,
    uri             TEXT NOT NULL,
    -- The logout token's claims (JSON), signed afresh at each attempt so a
    -- retry after an outage is not already expired
    claims          TEXT NOT NULL,
    status          TEXT NOT NULL,
    attempts        INTEGER NOT NULL,
    last_error      TEXT,
    created_at      TIMESTAMP NOT NULL,
    next_attempt_at TIMESTAMP NOT NULL,
    sent_at         TIMESTAMP
);
CREATE INDEX oauth_logout_deliveries_due ON oauth_logout_deliveries (status, next_attempt_at);
