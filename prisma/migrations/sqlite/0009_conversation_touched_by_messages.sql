-- A new message marks its conversation as just used, in the same statement: saving a turn is then
-- one INSERT rather than a transaction of two writes.
CREATE TRIGGER "messages_touch_conversation" AFTER INSERT ON "messages" BEGIN
    UPDATE "conversations" SET "updated_at" = new."created_at"
    WHERE "id" = new."conversation_id" AND "updated_at" < new."created_at";
END;
