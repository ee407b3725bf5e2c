ALTER TABLE access_requests DROP COLUMN language;
ALTER TABLE users DROP COLUMN language;
