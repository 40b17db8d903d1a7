-- Titles given by the user, and full-text search over titles, summaries and messages (FTS5).
ALTER TABLE "conversations" ADD COLUMN "title" TEXT;

-- The owner is copied onto each message so a search can be scoped to one user inside the index.
ALTER TABLE "messages" ADD COLUMN "user_id" TEXT;
UPDATE "messages" SET "user_id" = (SELECT "user_id" FROM "conversations" WHERE "conversations"."id" = "messages"."conversation_id");

CREATE VIRTUAL TABLE "messages_fts" USING fts5(
    "content", "user_id",
    content = 'messages', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER "messages_fts_insert" AFTER INSERT ON "messages" BEGIN
    INSERT INTO "messages_fts" ("rowid", "content", "user_id") VALUES (new."rowid", new."content", new."user_id");
END;
CREATE TRIGGER "messages_fts_delete" AFTER DELETE ON "messages" BEGIN
    INSERT INTO "messages_fts" ("messages_fts", "rowid", "content", "user_id") VALUES ('delete', old."rowid", old."content", old."user_id");
END;
CREATE TRIGGER "messages_fts_update" AFTER UPDATE OF "content", "user_id" ON "messages" BEGIN
    INSERT INTO "messages_fts" ("messages_fts", "rowid", "content", "user_id") VALUES ('delete', old."rowid", old."content", old."user_id");
    INSERT INTO "messages_fts" ("rowid", "content", "user_id") VALUES (new."rowid", new."content", new."user_id");
END;
INSERT INTO "messages_fts" ("messages_fts") VALUES ('rebuild');

CREATE VIRTUAL TABLE "conversations_fts" USING fts5(
    "title", "summary", "user_id",
    content = 'conversations', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER "conversations_fts_insert" AFTER INSERT ON "conversations" BEGIN
    INSERT INTO "conversations_fts" ("rowid", "title", "summary", "user_id") VALUES (new."rowid", new."title", new."summary", new."user_id");
END;
CREATE TRIGGER "conversations_fts_delete" AFTER DELETE ON "conversations" BEGIN
    INSERT INTO "conversations_fts" ("conversations_fts", "rowid", "title", "summary", "user_id") VALUES ('delete', old."rowid", old."title", old."summary", old."user_id");
END;
CREATE TRIGGER "conversations_fts_update" AFTER UPDATE OF "title", "summary" ON "conversations" BEGIN
    INSERT INTO "conversations_fts" ("conversations_fts", "rowid", "title", "summary", "user_id") VALUES ('delete', old."rowid", old."title", old."summary", old."user_id");
    INSERT INTO "conversations_fts" ("rowid", "title", "summary", "user_id") VALUES (new."rowid", new."title", new."summary", new."user_id");
END;
INSERT INTO "conversations_fts" ("conversations_fts") VALUES ('rebuild');
