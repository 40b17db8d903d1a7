-- A conversation is listed from its first message on, under that message's first words, until its
-- summary or a title takes over: the preview is set by the trigger that marks it as just used.
ALTER TABLE "conversations" ADD COLUMN "preview" TEXT;
UPDATE "conversations" SET "preview" = (
    SELECT regexp_replace(substr(m."content", 1, 200), '[\r\n]+', ' ', 'g') FROM "messages" m
    WHERE m."conversation_id" = "conversations"."id" AND m."role" = 'user' ORDER BY m."id" LIMIT 1
) WHERE "summary" IS NULL AND "title" IS NULL;

CREATE OR REPLACE FUNCTION "messages_touch_conversation"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE "conversations" SET "updated_at" = NEW."created_at"
    WHERE "id" = NEW."conversation_id" AND "updated_at" < NEW."created_at";
    IF NEW."role" = 'user' THEN
        UPDATE "conversations" SET "preview" = regexp_replace(substr(NEW."content", 1, 200), '[\r\n]+', ' ', 'g')
        WHERE "id" = NEW."conversation_id" AND "preview" IS NULL;
    END IF;
    RETURN NULL;
END;
$$;
