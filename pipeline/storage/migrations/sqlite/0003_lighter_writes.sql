-- Lighter event writes. Canonical events are now looked up by primary key (their id is
-- a hash of group and anchor day), so the (group_key, anchor_date) index only cost
-- writes. (PostgreSQL also moves its JSON columns from JSONB to JSON; SQLite stores
-- JSON as text already.)
DROP INDEX IF EXISTS canonical_group_anchor_idx;
