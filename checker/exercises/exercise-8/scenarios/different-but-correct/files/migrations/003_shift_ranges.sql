-- Up Migration
-- A shift is a range of time; a GiST index on that range answers "which shifts overlap this
-- week" directly, however long a shift is.
CREATE INDEX shifts_during ON shifts USING gist (tstzrange(starts_at, ends_at));

-- Down Migration
DROP INDEX shifts_during;
