ALTER TABLE refresh_tokens DROP COLUMN grace_used_at;
ALTER TABLE sessions DROP COLUMN token_generation;
