-- Two indexes that SQLite keeps up to date and nothing on it reads, each one more page of the WAL
-- for every commit that adds messages (a trigger touches the conversation's "updated_at"):
-- "messages_user_id_id_idx" (0005) served the daily quota, which counts in "usage_records" since
-- 0012 (search joins its own index's hits to the messages by rowid); the conversation list reads
-- "conversations_user_id_archived_pinned_updated_at_id_idx" (0020), not
-- "conversations_user_id_updated_at_idx" (0001), which only Postgres's search reads.
DROP INDEX "messages_user_id_id_idx";
DROP INDEX "conversations_user_id_updated_at_idx";
