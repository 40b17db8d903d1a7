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
CREATE OR REPLACE FUNCTION "messages_touch_conversation"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE "conversations" SET "active_leaf_id" = NEW."id",
        "updated_at" = GREATEST("updated_at", NEW."created_at")
    WHERE "id" = NEW."conversation_id";
    IF NEW."role" = 'user' THEN
        UPDATE "conversations" SET "preview" = regexp_replace(substr(NEW."content", 1, 200), '[\r\n]+', ' ', 'g')
        WHERE "id" = NEW."conversation_id" AND "preview" IS NULL;
    END IF;
    RETURN NULL;
END;
$$;
