-- Chinese and Japanese in search: the index reads each CJK character as a word of its own, through
-- fts_segment(), a function the app registers on each of its connections (lib/search/segment.ts).
-- The indexes read their text through views that apply it, so that highlight() sees what was indexed.
-- A reply is indexed once it is no longer streaming: its checkpoints do not rewrite the index.
DROP TRIGGER "messages_fts_insert";
DROP TRIGGER "messages_fts_delete";
DROP TRIGGER "messages_fts_update";
DROP TABLE "messages_fts";
DROP TRIGGER "conversations_fts_insert";
DROP TRIGGER "conversations_fts_delete";
DROP TRIGGER "conversations_fts_update";
DROP TABLE "conversations_fts";

CREATE VIEW "messages_search_text" AS
    SELECT "rowid" AS "rid", fts_segment("content") AS "content" FROM "messages" WHERE "status" <> 'streaming';
CREATE VIRTUAL TABLE "messages_fts" USING fts5(
    "content",
    content = 'messages_search_text', content_rowid = 'rid',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3 4'
);
CREATE TRIGGER "messages_fts_insert" AFTER INSERT ON "messages" WHEN new."status" <> 'streaming' BEGIN
    INSERT INTO "messages_fts" ("rowid", "content") VALUES (new."rowid", fts_segment(new."content"));
END;
CREATE TRIGGER "messages_fts_delete" AFTER DELETE ON "messages" WHEN old."status" <> 'streaming' BEGIN
    INSERT INTO "messages_fts" ("messages_fts", "rowid", "content") VALUES ('delete', old."rowid", fts_segment(old."content"));
END;
CREATE TRIGGER "messages_fts_update" AFTER UPDATE OF "content", "status" ON "messages" BEGIN
    INSERT INTO "messages_fts" ("messages_fts", "rowid", "content")
        SELECT 'delete', old."rowid", fts_segment(old."content") WHERE old."status" <> 'streaming';
    INSERT INTO "messages_fts" ("rowid", "content")
        SELECT new."rowid", fts_segment(new."content") WHERE new."status" <> 'streaming';
END;
INSERT INTO "messages_fts" ("messages_fts") VALUES ('rebuild');

CREATE VIEW "conversations_search_text" AS
    SELECT "rowid" AS "rid", fts_segment("title") AS "title", fts_segment("summary") AS "summary" FROM "conversations";
CREATE VIRTUAL TABLE "conversations_fts" USING fts5(
    "title", "summary",
    content = 'conversations_search_text', content_rowid = 'rid',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER "conversations_fts_insert" AFTER INSERT ON "conversations" BEGIN
    INSERT INTO "conversations_fts" ("rowid", "title", "summary") VALUES (new."rowid", fts_segment(new."title"), fts_segment(new."summary"));
END;
CREATE TRIGGER "conversations_fts_delete" AFTER DELETE ON "conversations" BEGIN
    INSERT INTO "conversations_fts" ("conversations_fts", "rowid", "title", "summary") VALUES ('delete', old."rowid", fts_segment(old."title"), fts_segment(old."summary"));
END;
CREATE TRIGGER "conversations_fts_update" AFTER UPDATE OF "title", "summary" ON "conversations" BEGIN
    INSERT INTO "conversations_fts" ("conversations_fts", "rowid", "title", "summary") VALUES ('delete', old."rowid", fts_segment(old."title"), fts_segment(old."summary"));
    INSERT INTO "conversations_fts" ("rowid", "title", "summary") VALUES (new."rowid", fts_segment(new."title"), fts_segment(new."summary"));
END;
INSERT INTO "conversations_fts" ("conversations_fts") VALUES ('rebuild');
