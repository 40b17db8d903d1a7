-- Search is scoped to its user inside the index: each row's search vector also holds its owner as a
-- lexeme of its own ('~' and the user id), and a query asks for that lexeme AND the words, so the
-- GIN index never hands back another user's rows. Conversations get the same.
DROP INDEX "messages_search_idx";
ALTER TABLE "messages" DROP COLUMN "search";
ALTER TABLE "messages" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
    CASE WHEN "status" = 'streaming' THEN NULL ELSE
    array_to_tsvector(ARRAY['~' || coalesce("user_id", '')]) ||
    to_tsvector('simple', regexp_replace("content", '[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0002fa1f]', ' \& ', 'g'))
    END
) STORED;
CREATE INDEX "messages_search_idx" ON "messages" USING GIN ("search");

DROP INDEX "conversations_search_idx";
ALTER TABLE "conversations" DROP COLUMN "search";
ALTER TABLE "conversations" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
    array_to_tsvector(ARRAY['~' || "user_id"]) ||
    setweight(to_tsvector('simple', regexp_replace(coalesce("title", ''), '[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0002fa1f]', ' \& ', 'g')), 'A') ||
    setweight(to_tsvector('simple', regexp_replace(coalesce("summary", ''), '[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0002fa1f]', ' \& ', 'g')), 'B')
) STORED;
CREATE INDEX "conversations_search_idx" ON "conversations" USING GIN ("search");
