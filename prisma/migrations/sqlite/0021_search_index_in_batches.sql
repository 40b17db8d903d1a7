-- Messages reach the search index in batches rather than one statement at a time. FTS5 writes a
-- segment for every transaction that adds to it (with the prefix indexes, four entries a word), and
-- each reply paid for two: its user's message, then the reply itself once complete. The triggers now
-- only note a message in "messages_fts_pending"; lib/db/search-index.ts indexes the noted rows a
-- batch at a time within a second, and before any search. A message is either in the index or
-- noted, never both: it leaves the index (FTS5's 'delete', which must be given what was indexed)
-- only when it is not still waiting to enter it. A rebuild of the index must empty the table too.
CREATE TABLE "messages_fts_pending" ("rowid" INTEGER PRIMARY KEY);

DROP TRIGGER "messages_fts_insert";
DROP TRIGGER "messages_fts_delete";
DROP TRIGGER "messages_fts_update";

CREATE TRIGGER "messages_fts_insert" AFTER INSERT ON "messages" WHEN new."status" <> 'streaming' BEGIN
    INSERT INTO "messages_fts_pending" ("rowid") VALUES (new."rowid");
END;
CREATE TRIGGER "messages_fts_delete" AFTER DELETE ON "messages" WHEN old."status" <> 'streaming' BEGIN
    INSERT INTO "messages_fts" ("messages_fts", "rowid", "owner", "content")
        SELECT 'delete', old."rowid", 'u' || replace(coalesce(old."user_id", ''), '-', ''), fts_segment(old."content")
        WHERE NOT EXISTS (SELECT 1 FROM "messages_fts_pending" WHERE "rowid" = old."rowid");
    DELETE FROM "messages_fts_pending" WHERE "rowid" = old."rowid";
END;
CREATE TRIGGER "messages_fts_update" AFTER UPDATE OF "content", "status", "user_id" ON "messages" BEGIN
    INSERT INTO "messages_fts" ("messages_fts", "rowid", "owner", "content")
        SELECT 'delete', old."rowid", 'u' || replace(coalesce(old."user_id", ''), '-', ''), fts_segment(old."content")
        WHERE old."status" <> 'streaming'
          AND NOT EXISTS (SELECT 1 FROM "messages_fts_pending" WHERE "rowid" = old."rowid");
    DELETE FROM "messages_fts_pending" WHERE "rowid" = new."rowid" AND new."status" = 'streaming';
    INSERT INTO "messages_fts_pending" ("rowid")
        SELECT new."rowid" WHERE new."status" <> 'streaming'
          AND NOT EXISTS (SELECT 1 FROM "messages_fts_pending" WHERE "rowid" = new."rowid");
END;
