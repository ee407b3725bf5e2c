ALTER TABLE sessions DROP COLUMN authenticated_at;
ALTER TABLE signin_transactions DROP COLUMN link_token_id;
