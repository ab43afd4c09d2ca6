-- Up Migration
CREATE TABLE employees (
  id          serial PRIMARY KEY,
  name        text NOT NULL,
  email       text NOT NULL UNIQUE,
  role        text NOT NULL DEFAULT 'staff',
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE shifts (
  id           serial PRIMARY KEY,
  employee_id  integer NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
  starts_at    timestamptz NOT NULL,
  ends_at      timestamptz NOT NULL,
  position     text NOT NULL DEFAULT 'floor',
  CHECK (ends_at > starts_at)
);

-- Deliberately no index on shifts (starts_at): the weekly schedule stays expensive
-- until Stage 4 caches it.

-- Down Migration
DROP TABLE shifts;
DROP TABLE employees;
