-- Access tokens carry their session's generation; typing the password again
-- moves it on, so every access token issued before that stops working.
ALTER TABLE sessions ADD COLUMN token_generation INTEGER NOT NULL DEFAULT 0;
-- A spent refresh token may be answered once more, moments after its
-- rotation (a page left mid-refresh): when that grace was used.
ALTER TABLE refresh_tokens ADD COLUMN grace_used_at TIMESTAMP;
