ALTER TABLE signin_transactions DROP COLUMN app_code_verified_at;
DROP TABLE authenticators;
