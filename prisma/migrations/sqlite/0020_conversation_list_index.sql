-- The conversation list's order ends with the id (two conversations touched in the same
-- millisecond): with it in the index, a page is read off the index in order, without a sort.
DROP INDEX "conversations_user_id_archived_pinned_updated_at_idx";
CREATE INDEX "conversations_user_id_archived_pinned_updated_at_id_idx"
    ON "conversations"("user_id", "archived", "pinned", "updated_at", "id");
