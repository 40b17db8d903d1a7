-- "messages_user_id_id_idx" (0005) served the daily quota, which counts in "usage_records" since
-- 0012: on SQLite nothing reads it (search joins its index's hits to the messages by rowid), and
-- every new message paid for it, one more page of the WAL for each commit that adds messages.
DROP INDEX "messages_user_id_id_idx";
