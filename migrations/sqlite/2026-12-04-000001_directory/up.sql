-- Central office through the agency directory (docs/directory.md).

-- The person's entry in the directory: set, the account signs in with the
-- directory's password and keeps none of its own.
ALTER TABLE users ADD COLUMN directory_dn TEXT;
-- When the directory last described the account (a sign-in or a refresh).
ALTER TABLE users ADD COLUMN directory_synced_at TIMESTAMP;
CREATE UNIQUE INDEX users_directory_dn ON users (directory_dn);

-- What was typed at a sign-in for an internal address no account has yet:
-- the directory is searched for it at the password step (its first
-- sign-in creates the account). Lives as long as the sign-in.
ALTER TABLE signin_transactions ADD COLUMN directory_identifier TEXT;
