DROP INDEX users_directory_entry_id;
ALTER TABLE users DROP COLUMN directory_entry_id;
