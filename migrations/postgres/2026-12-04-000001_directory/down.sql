ALTER TABLE signin_transactions DROP COLUMN directory_identifier;
DROP INDEX users_directory_dn;
ALTER TABLE users DROP COLUMN directory_synced_at;
ALTER TABLE users DROP COLUMN directory_dn;
