-- An activation (or any transaction opened from an e-mailed link) is bound
-- to that link: when the link is voided (a resend) the transaction dies too.
ALTER TABLE signin_transactions ADD COLUMN link_token_id TEXT;
-- When the person last proved who they are in this session (the sign-in,
-- or the password typed again): security-sensitive actions need it recent.
ALTER TABLE sessions ADD COLUMN authenticated_at TIMESTAMP;
UPDATE sessions SET authenticated_at = created_at;
