-- SQLite drops its "messages_user_id_id_idx" (sqlite/0022). Postgres keeps its own: search walks a
-- user's messages newest first through it, for a common word (lib/db/search.ts).
SELECT 1;
