-- Up Migration
-- The people who may sign in to the API (managers, HR), apart from the employees it schedules.
-- Only a password's hash is kept (src/passwords.ts); an email is stored in lower case, so that
-- "Ana@Example.com" and "ana@example.com" are one account.
CREATE TABLE accounts (
  id serial PRIMARY KEY,
  email text NOT NULL UNIQUE CHECK (email = lower(email)),
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE accounts;
