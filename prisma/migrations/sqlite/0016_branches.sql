-- A conversation is a tree: every message has a parent (null for the first), and the conversation
-- has an active leaf, the end of the branch it shows and the model is sent. An edit or a
-- regeneration adds a sibling rather than replacing what was there. Existing conversations become
-- one chain, in the order of their messages (UUIDv7 ids, so by time), their ids kept.
ALTER TABLE "messages" ADD COLUMN "parent_id" TEXT REFERENCES "messages" ("id") ON DELETE CASCADE;
ALTER TABLE "conversations" ADD COLUMN "active_leaf_id" TEXT;

UPDATE "messages" SET "parent_id" = "chain"."previous"
FROM (SELECT "id", lag("id") OVER (PARTITION BY "conversation_id" ORDER BY "id") AS "previous" FROM "messages") AS "chain"
WHERE "messages"."id" = "chain"."id" AND "chain"."previous" IS NOT NULL;
UPDATE "conversations" SET "active_leaf_id" = (
    SELECT max(m."id") FROM "messages" m WHERE m."conversation_id" = "conversations"."id"
);
CREATE INDEX "messages_parent_id_idx" ON "messages"("parent_id");

-- A new message is the end of the branch from then on (an import then sets the leaf it had).
DROP TRIGGER "messages_touch_conversation";
CREATE TRIGGER "messages_touch_conversation" AFTER INSERT ON "messages" BEGIN
    UPDATE "conversations" SET "active_leaf_id" = new."id",
        "updated_at" = CASE WHEN "updated_at" < new."created_at" THEN new."created_at" ELSE "updated_at" END
    WHERE "id" = new."conversation_id";
    UPDATE "conversations" SET "preview" = replace(replace(substr(new."content", 1, 200), char(13), ' '), char(10), ' ')
    WHERE "id" = new."conversation_id" AND "preview" IS NULL AND new."role" = 'user';
END;
