-- When the account's e-mail address was last proved to be the owner's (an
-- activation link, an e-mailed sign-in code, a reset link): the OpenID
-- Connect `email_verified` claim. Imported and directly created accounts
-- start unproved.
ALTER TABLE users ADD COLUMN email_verified_at TIMESTAMP;
-- Every sign-in so far passed an e-mailed code on its first device.
UPDATE users SET email_verified_at = last_login_at WHERE last_login_at IS NOT NULL;
