-- IAMOnline Forgot Password runs on the sign-in machinery: its transactions
-- are rows of door 'recovery' (an id of one kind is never accepted as the other).
ALTER TABLE signin_transactions DROP CONSTRAINT signin_transactions_door_check;
ALTER TABLE signin_transactions ADD CONSTRAINT signin_transactions_door_check
    CHECK (door IN ('immtrac2', 'iamonline', 'recovery'));
