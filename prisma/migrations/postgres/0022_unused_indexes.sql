-- SQLite drops two indexes it never reads (sqlite/0022). Postgres keeps both: its search walks a
-- user's messages, and their conversations, newest first through them (lib/db/search.ts).
SELECT 1;
