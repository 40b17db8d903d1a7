-- Search is scoped to its user inside the index: each row carries its owner as a token of its own
-- column ('u' and the user id's hex digits), and a query matches that token AND the words, so no
-- other user's rows are read, ranked or counted. Conversations get the same.
DROP TRIGGER "messages_fts_insert";
DROP TRIGGER "messages_fts_delete";
DROP TRIGGER "messages_fts_update";
DROP TABLE "messages_fts";
DROP VIEW "messages_search_text";
DROP TRIGGER "conversations_fts_insert";
DROP TRIGGER "conversations_fts_delete";
DROP TRIGGER "conversations_fts_update";
DROP TABLE "conversations_fts";
DROP VIEW "conversations_search_text";

CREATE VIEW "messages_search_text" AS
    SELECT "rowid" AS "rid", 'u' || replace(coalesce("user_id", ''), '-', '') AS "owner", fts_segment("content") AS "content"
    FROM "messages" WHERE "status" <> 'streaming';
CREATE VIRTUAL TABLE "messages_fts" USING fts5(
    "owner", "content",
    content = 'messages_search_text', content_rowid = 'rid',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3 4'
);
CREATE TRIGGER "messages_fts_insert" AFTER INSERT ON "messages" WHEN new."status" <> 'streaming' BEGIN
    INSERT INTO "messages_fts" ("rowid", "owner", "content")
    VALUES (new."rowid", 'u' || replace(coalesce(new."user_id", ''), '-', ''), fts_segment(new."content"));
END;
CREATE TRIGGER "messages_fts_delete" AFTER DELETE ON "messages" WHEN old."status" <> 'streaming' BEGIN
    INSERT INTO "messages_fts" ("messages_fts", "rowid", "owner", "content")
    VALUES ('delete', old."rowid", 'u' || replace(coalesce(old."user_id", ''), '-', ''), fts_segment(old."content"));
END;
CREATE TRIGGER "messages_fts_update" AFTER UPDATE OF "content", "status", "user_id" ON "messages" BEGIN
    INSERT INTO "messages_fts" ("messages_fts", "rowid", "owner", "content")
        SELECT 'delete', old."rowid", 'u' || replace(coalesce(old."user_id", ''), '-', ''), fts_segment(old."content")
        WHERE old."status" <> 'streaming';
    INSERT INTO "messages_fts" ("rowid", "owner", "content")
        SELECT new."rowid", 'u' || replace(coalesce(new."user_id", ''), '-', ''), fts_segment(new."content")
        WHERE new."status" <> 'streaming';
END;
INSERT INTO "messages_fts" ("messages_fts") VALUES ('rebuild');

CREATE VIEW "conversations_search_text" AS
    SELECT "rowid" AS "rid", 'u' || replace("user_id", '-', '') AS "owner",
           fts_segment("title") AS "title", fts_segment("summary") AS "summary"
    FROM "conversations";
CREATE VIRTUAL TABLE "conversations_fts" USING fts5(
    "owner", "title", "summary",
    content = 'conversations_search_text', content_rowid = 'rid',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER "conversations_fts_insert" AFTER INSERT ON "conversations" BEGIN
    INSERT INTO "conversations_fts" ("rowid", "owner", "title", "summary")
    VALUES (new."rowid", 'u' || replace(new."user_id", '-', ''), fts_segment(new."title"), fts_segment(new."summary"));
END;
CREATE TRIGGER "conversations_fts_delete" AFTER DELETE ON "conversations" BEGIN
    INSERT INTO "conversations_fts" ("conversations_fts", "rowid", "owner", "title", "summary")
    VALUES ('delete', old."rowid", 'u' || replace(old."user_id", '-', ''), fts_segment(old."title"), fts_segment(old."summary"));
END;
CREATE TRIGGER "conversations_fts_update" AFTER UPDATE OF "title", "summary", "user_id" ON "conversations" BEGIN
    INSERT INTO "conversations_fts" ("conversations_fts", "rowid", "owner", "title", "summary")
    VALUES ('delete', old."rowid", 'u' || replace(old."user_id", '-', ''), fts_segment(old."title"), fts_segment(old."summary"));
    INSERT INTO "conversations_fts" ("rowid", "owner", "title", "summary")
    VALUES (new."rowid", 'u' || replace(new."user_id", '-', ''), fts_segment(new."title"), fts_segment(new."summary"));
END;
INSERT INTO "conversations_fts" ("conversations_fts") VALUES ('rebuild');
