-- SQLite's search index now takes messages in batches (sqlite/0021). Postgres needs no change: its
-- index is a generated column's GIN index, whose pending list already gathers new entries and
-- merges them in bulk.
SELECT 1;
