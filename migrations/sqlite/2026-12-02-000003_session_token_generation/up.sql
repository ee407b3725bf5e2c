-- Access tokens carry their session's generation; typing the password again
-- moves it on, so every access token issued before that stops working.
ALTER TABLE sessions ADD COLUMN token_generation INTEGER NOT NULL DEFAULT 0;
