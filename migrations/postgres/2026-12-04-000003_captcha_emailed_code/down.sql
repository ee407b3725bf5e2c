ALTER TABLE captcha_challenges DROP COLUMN emailed_answer_hash;
