-- Where an imported conversation came from ("chatgpt:<its id there>"), so that importing the same
-- export again adds nothing: one conversation per source for each user.
ALTER TABLE "conversations" ADD COLUMN "imported_from" TEXT;
CREATE UNIQUE INDEX "conversations_user_id_imported_from_key" ON "conversations"("user_id", "imported_from");
