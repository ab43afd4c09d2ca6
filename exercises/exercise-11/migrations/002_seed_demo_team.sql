-- Up Migration
-- A small demo team so that a freshly started stack has something to show.
INSERT INTO employees (name, email, role) VALUES
  ('Li Wei', 'li.wei@example.com', 'manager'),
  ('Zhang Min', 'zhang.min@example.com', 'staff'),
  ('Ana Souza', 'ana.souza@example.com', 'staff'),
  ('Sam Okafor', 'sam.okafor@example.com', 'staff');

-- Down Migration
DELETE FROM employees WHERE email LIKE '%@example.com';
