-- The language a person reads the portal in ('en', 'es'; docs/i18n.md):
-- e-mails go out in it. An account's is the one of its last sign-in; a
-- request's is the one it was sent in, and passes to the account made
-- from it (the Welcome e-mail). NULL: never said, English until it is.
ALTER TABLE users ADD COLUMN language TEXT;
ALTER TABLE access_requests ADD COLUMN language TEXT;
