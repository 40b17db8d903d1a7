-- A new message marks its conversation as just used, in the same statement: saving a turn is then
-- one INSERT rather than a transaction of two writes.
CREATE FUNCTION "messages_touch_conversation"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE "conversations" SET "updated_at" = NEW."created_at"
    WHERE "id" = NEW."conversation_id" AND "updated_at" < NEW."created_at";
    RETURN NULL;
END;
$$;
CREATE TRIGGER "messages_touch_conversation" AFTER INSERT ON "messages"
    FOR EACH ROW EXECUTE FUNCTION "messages_touch_conversation"();
