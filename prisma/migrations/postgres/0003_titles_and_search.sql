-- Titles given by the user, and full-text search over titles, summaries and messages (tsvector, GIN).
ALTER TABLE "conversations" ADD COLUMN "title" TEXT;

-- The owner is copied onto each message so a search can be scoped to one user by an index.
ALTER TABLE "messages" ADD COLUMN "user_id" TEXT;
UPDATE "messages" SET "user_id" = "conversations"."user_id" FROM "conversations" WHERE "conversations"."id" = "messages"."conversation_id";

-- 'simple' keeps every word of every language as written (lower-cased), with no stemming.
ALTER TABLE "messages" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (to_tsvector('simple', "content")) STORED;
CREATE INDEX "messages_search_idx" ON "messages" USING GIN ("search");
CREATE INDEX "messages_user_id_id_idx" ON "messages" ("user_id", "id");

ALTER TABLE "conversations" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', coalesce("title", '')), 'A') || setweight(to_tsvector('simple', coalesce("summary", '')), 'B')
) STORED;
CREATE INDEX "conversations_search_idx" ON "conversations" USING GIN ("search");
