-- Files users attach to their messages, kept in the database so that several instances on one
-- database serve them with nothing else to run. One row per owner and content (SHA-256): the same
-- bytes uploaded again, or attached to several messages, are stored once. `content` is what was
-- accepted (images decoded and re-encoded, without their metadata), `thumb` a small preview of an
-- image, `text` the text of a document (a PDF's extracted at upload), `text_chars` its length.
-- The large columns come last: what lists and messages read of a file (its name, type, size and
-- the length of its text) is then at the start of its row, and reading it never walks a large
-- value's overflow pages (SQLite) or unpacks one (Postgres).
CREATE TABLE "files" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "user_id" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "width" INTEGER,
    "height" INTEGER,
    "text_chars" INTEGER NOT NULL DEFAULT 0,
    "created_at" DATETIME NOT NULL,
    "text" TEXT,
    "thumb" BLOB,
    "content" BLOB NOT NULL,
    CONSTRAINT "files_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "files_user_id_sha256_key" ON "files"("user_id", "sha256");
CREATE INDEX "files_created_at_idx" ON "files"("created_at");

-- Which files a message carries, in order.
CREATE TABLE "message_attachments" (
    "message_id" TEXT NOT NULL,
    "file_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    PRIMARY KEY ("message_id", "file_id"),
    CONSTRAINT "message_attachments_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "messages" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "message_attachments_file_id_fkey" FOREIGN KEY ("file_id") REFERENCES "files" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "message_attachments_file_id_idx" ON "message_attachments"("file_id");

-- A file that was attached and is no longer attached to any message (its conversation, or the
-- messages carrying it, were deleted) goes with its last message, whichever way it went.
CREATE TRIGGER "message_attachments_last_gone" AFTER DELETE ON "message_attachments"
WHEN NOT EXISTS (SELECT 1 FROM "message_attachments" WHERE "file_id" = old."file_id")
BEGIN
    DELETE FROM "files" WHERE "id" = old."file_id";
END;

-- Search finds a conversation by the text of its documents too, scoped to the owner as messages
-- are (migration 0011). A document's first 200,000 characters are indexed.
CREATE VIEW "files_search_text" AS
    SELECT "rowid" AS "rid", 'u' || replace("user_id", '-', '') AS "owner", fts_segment(substr("text", 1, 200000)) AS "text"
    FROM "files" WHERE "text" IS NOT NULL;
CREATE VIRTUAL TABLE "files_fts" USING fts5(
    "owner", "text",
    content = 'files_search_text', content_rowid = 'rid',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3 4'
);
CREATE TRIGGER "files_fts_insert" AFTER INSERT ON "files" WHEN new."text" IS NOT NULL BEGIN
    INSERT INTO "files_fts" ("rowid", "owner", "text")
    VALUES (new."rowid", 'u' || replace(new."user_id", '-', ''), fts_segment(substr(new."text", 1, 200000)));
END;
CREATE TRIGGER "files_fts_delete" AFTER DELETE ON "files" WHEN old."text" IS NOT NULL BEGIN
    INSERT INTO "files_fts" ("files_fts", "rowid", "owner", "text")
    VALUES ('delete', old."rowid", 'u' || replace(old."user_id", '-', ''), fts_segment(substr(old."text", 1, 200000)));
END;
