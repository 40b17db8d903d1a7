-- A user's recent messages, for the daily message quota (ids are UUIDv7, so ordered by time).
CREATE INDEX "messages_user_id_id_idx" ON "messages"("user_id", "id");
