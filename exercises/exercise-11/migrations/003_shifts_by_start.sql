-- Up Migration
-- The weekly schedule and GET /shifts look shifts up by when they start. A shift that overlaps
-- a week starts at most a day before it, once no shift may last longer than a day: with that
-- rule in the table, a week is a bounded range of starts_at, which this index serves.
ALTER TABLE shifts ADD CONSTRAINT shifts_at_most_a_day CHECK (ends_at <= starts_at + interval '24 hours');
CREATE INDEX shifts_starts_at ON shifts (starts_at);

-- Down Migration
DROP INDEX shifts_starts_at;
ALTER TABLE shifts DROP CONSTRAINT shifts_at_most_a_day;
