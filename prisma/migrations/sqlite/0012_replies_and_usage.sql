-- The ledger of model calls: one row per reply (its id is the reply's id) and per summary, with the
-- tokens it used and the API token that asked for it. Quotas count here, so deleting a conversation
-- gives nothing back; rows go only with their user.
CREATE TABLE "usage_records" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "user_id" TEXT NOT NULL,
    "api_token_id" TEXT,
    "kind" TEXT NOT NULL,
    "model" TEXT,
    "prompt_tokens" INTEGER NOT NULL DEFAULT 0,
    "completion_tokens" INTEGER NOT NULL DEFAULT 0,
    "estimated" BOOLEAN NOT NULL DEFAULT false,
    "created_at" DATETIME NOT NULL
);
CREATE INDEX "usage_records_user_id_id_idx" ON "usage_records"("user_id", "id");

-- Who wrote each reply (the model the server named), its reasoning kept apart from the answer, how
-- long the model thought, why it stopped ("length": its token limit), and what it used, as the
-- model server reported it (or estimated from its length).
ALTER TABLE "messages" ADD COLUMN "model" TEXT;
ALTER TABLE "messages" ADD COLUMN "reasoning" TEXT;
ALTER TABLE "messages" ADD COLUMN "reasoning_ms" INTEGER;
ALTER TABLE "messages" ADD COLUMN "finish_reason" TEXT;
ALTER TABLE "messages" ADD COLUMN "prompt_tokens" INTEGER;
ALTER TABLE "messages" ADD COLUMN "completion_tokens" INTEGER;
ALTER TABLE "messages" ADD COLUMN "usage_estimated" BOOLEAN;

-- A reply's usage reaches its ledger row in the same statement that stores it.
CREATE TRIGGER "messages_usage_to_ledger" AFTER UPDATE OF "prompt_tokens", "completion_tokens" ON "messages"
WHEN new."prompt_tokens" IS NOT NULL BEGIN
    UPDATE "usage_records" SET "prompt_tokens" = new."prompt_tokens", "completion_tokens" = coalesce(new."completion_tokens", 0),
        "estimated" = coalesce(new."usage_estimated", false)
    WHERE "id" = new."id";
END;

-- The replies of the last day count against the quota from the start.
INSERT INTO "usage_records" ("id", "user_id", "kind", "created_at")
    SELECT "id", "user_id", 'reply', "created_at" FROM "messages"
    WHERE "role" = 'assistant' AND "user_id" IS NOT NULL AND "created_at" > strftime('%Y-%m-%dT%H:%M:%S', 'now', '-1 day');
