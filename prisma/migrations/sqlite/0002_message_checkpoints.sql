-- Streaming replies write their text so far here about once a second (a heartbeat), so a reply
-- whose server died can be told from one that is still being written.
ALTER TABLE "messages" ADD COLUMN "updated_at" DATETIME;
CREATE INDEX "messages_streaming_idx" ON "messages"("updated_at") WHERE "status" = 'streaming';
