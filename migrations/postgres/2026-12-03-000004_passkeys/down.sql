ALTER TABLE signin_transactions DROP COLUMN passkey_synced;
ALTER TABLE signin_transactions DROP COLUMN passkey_verified_at;
DROP TABLE webauthn_challenges;
DROP INDEX authenticators_credential_id;
ALTER TABLE authenticators DROP COLUMN credential;
ALTER TABLE authenticators DROP COLUMN credential_id;
