-- "Email me a code instead": the accessible alternative to the CAPTCHA
-- image (WCAG 1.1.1). A challenge then also accepts a code mailed to the
-- account's owner; only its digest is kept, bound to the challenge.
ALTER TABLE captcha_challenges ADD COLUMN emailed_answer_hash TEXT;
