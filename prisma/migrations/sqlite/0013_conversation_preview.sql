-- A conversation is listed from its first message on, under that message's first words, until its
-- summary or a title takes over: the preview is set by the trigger that marks it as just used.
ALTER TABLE "conversations" ADD COLUMN "preview" TEXT;
UPDATE "conversations" SET "preview" = (
    SELECT replace(replace(substr(m."content", 1, 200), char(13), ' '), char(10), ' ') FROM "messages" m
    WHERE m."conversation_id" = "conversations"."id" AND m."role" = 'user' ORDER BY m."id" LIMIT 1
) WHERE "summary" IS NULL AND "title" IS NULL;

DROP TRIGGER "messages_touch_conversation";
CREATE TRIGGER "messages_touch_conversation" AFTER INSERT ON "messages" BEGIN
    UPDATE "conversations" SET "updated_at" = new."created_at"
    WHERE "id" = new."conversation_id" AND "updated_at" < new."created_at";
    UPDATE "conversations" SET "preview" = replace(replace(substr(new."content", 1, 200), char(13), ' '), char(10), ' ')
    WHERE "id" = new."conversation_id" AND "preview" IS NULL AND new."role" = 'user';
END;
