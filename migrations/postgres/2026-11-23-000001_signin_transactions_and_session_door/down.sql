ALTER TABLE sessions DROP COLUMN door;
DROP TABLE signin_transactions;
