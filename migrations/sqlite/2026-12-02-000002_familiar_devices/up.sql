-- Browsers an account has signed in from (issue 15, point 9): failed
-- passwords from a familiar browser walk the seed's ladder; from any other,
-- a ladder of their own that cannot lock the owner out. Only a digest of
-- the device cookie's secret is kept; one browser may be familiar to
-- several accounts (a shared clinic computer), one row each.
CREATE TABLE familiar_devices (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    device_hash   TEXT NOT NULL,
    ip            TEXT,
    user_agent    TEXT,
    created_at    TIMESTAMP NOT NULL,
    last_seen_at  TIMESTAMP NOT NULL,
    UNIQUE (user_id, device_hash)
);
