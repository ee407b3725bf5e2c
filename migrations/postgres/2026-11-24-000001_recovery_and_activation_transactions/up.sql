-- IAMOnline Forgot Password and account activation run on the sign-in
-- machinery: their transactions are rows of door 'recovery' or
-- 'activation' (an id of one kind is never accepted as another).
ALTER TABLE signin_transactions DROP CONSTRAINT signin_transactions_door_check;
ALTER TABLE signin_transactions ADD CONSTRAINT signin_transactions_door_check
    CHECK (door IN ('immtrac2', 'iamonline', 'recovery', 'activation'));
