-- The directory entry's permanent id (OpenLDAP's entryUUID, AD's
-- objectGUID): a DN can be deleted and made again for someone else, and
-- the account must not pass to them (docs/directory.md).
ALTER TABLE users ADD COLUMN directory_entry_id TEXT;
CREATE UNIQUE INDEX users_directory_entry_id ON users (directory_entry_id);
