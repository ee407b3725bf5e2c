DELETE FROM signin_transactions WHERE door IN ('recovery', 'activation');
ALTER TABLE signin_transactions DROP CONSTRAINT signin_transactions_door_check;
ALTER TABLE signin_transactions ADD CONSTRAINT signin_transactions_door_check
    CHECK (door IN ('immtrac2', 'iamonline'));
