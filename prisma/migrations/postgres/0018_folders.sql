-- Folders a user puts conversations in, at most three deep (checked by the app, behind a lock per
-- user); a folder may have a system prompt, which new conversations in it take. Deleting a folder
-- deletes the folders in it; its conversations move to no folder. Pinned conversations are listed
-- first; archived ones are left out of the list, but not out of search.
CREATE TABLE "folders" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "parent_id" TEXT,
    "name" TEXT NOT NULL,
    "system_prompt" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "folders_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "folders_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "folders_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "folders"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "folders_user_id_idx" ON "folders"("user_id");
CREATE INDEX "folders_parent_id_idx" ON "folders"("parent_id");

ALTER TABLE "conversations" ADD COLUMN "folder_id" TEXT REFERENCES "folders"("id") ON DELETE SET NULL;
ALTER TABLE "conversations" ADD COLUMN "pinned" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "conversations" ADD COLUMN "archived" BOOLEAN NOT NULL DEFAULT false;
CREATE INDEX "conversations_folder_id_idx" ON "conversations"("folder_id");
CREATE INDEX "conversations_user_id_archived_pinned_updated_at_idx"
    ON "conversations"("user_id", "archived", "pinned", "updated_at");
