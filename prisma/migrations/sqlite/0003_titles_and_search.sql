-- Titles given by the user, and full-text search over titles, summaries and messages (FTS5).
ALTER TABLE "conversations" ADD COLUMN "title" TEXT;

-- The owner is copied onto each message so that search results are filtered by owner without a join.
ALTER TABLE "messages" ADD COLUMN "user_id" TEXT;
UPDATE "messages" SET "user_id" = (SELECT "user_id" FROM "conversations" WHERE "conversations"."id" = "messages"."conversation_id");

-- Prefix indexes keep a short prefix ("ku"*) as cheap as a whole word: without them FTS5 merges the
-- lists of every word that starts with it.
CREATE VIRTUAL TABLE "messages_fts" USING fts5(
    "content",
    content = 'messages', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3 4'
);
CREATE TRIGGER "messages_fts_insert" AFTER INSERT ON "messages" BEGIN
    INSERT INTO "messages_fts" ("rowid", "content") VALUES (new."rowid", new."content");
END;
CREATE TRIGGER "messages_fts_delete" AFTER DELETE ON "messages" BEGIN
    INSERT INTO "messages_fts" ("messages_fts", "rowid", "content") VALUES ('delete', old."rowid", old."content");
END;
CREATE TRIGGER "messages_fts_update" AFTER UPDATE OF "content" ON "messages" BEGIN
    INSERT INTO "messages_fts" ("messages_fts", "rowid", "content") VALUES ('delete', old."rowid", old."content");
    INSERT INTO "messages_fts" ("rowid", "content") VALUES (new."rowid", new."content");
END;
INSERT INTO "messages_fts" ("messages_fts") VALUES ('rebuild');

CREATE VIRTUAL TABLE "conversations_fts" USING fts5(
    "title", "summary",
    content = 'conversations', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER "conversations_fts_insert" AFTER INSERT ON "conversations" BEGIN
    INSERT INTO "conversations_fts" ("rowid", "title", "summary") VALUES (new."rowid", new."title", new."summary");
END;
CREATE TRIGGER "conversations_fts_delete" AFTER DELETE ON "conversations" BEGIN
    INSERT INTO "conversations_fts" ("conversations_fts", "rowid", "title", "summary") VALUES ('delete', old."rowid", old."title", old."summary");
END;
CREATE TRIGGER "conversations_fts_update" AFTER UPDATE OF "title", "summary" ON "conversations" BEGIN
    INSERT INTO "conversations_fts" ("conversations_fts", "rowid", "title", "summary") VALUES ('delete', old."rowid", old."title", old."summary");
    INSERT INTO "conversations_fts" ("rowid", "title", "summary") VALUES (new."rowid", new."title", new."summary");
END;
INSERT INTO "conversations_fts" ("conversations_fts") VALUES ('rebuild');
