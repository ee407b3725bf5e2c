DROP TABLE signin_transactions;
