-- Chinese and Japanese in search: each CJK character is indexed as a word of its own, so that a
-- search for a run of them (a phrase of adjacent characters) finds it inside a longer run. The
-- character ranges are those of lib/search/segment.ts. A reply is indexed once it is no longer
-- streaming: its checkpoints do not rewrite the index.
DROP INDEX "messages_search_idx";
ALTER TABLE "messages" DROP COLUMN "search";
ALTER TABLE "messages" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
    CASE WHEN "status" = 'streaming' THEN NULL ELSE
    to_tsvector('simple', regexp_replace("content", '[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0002fa1f]', ' \& ', 'g'))
    END
) STORED;
CREATE INDEX "messages_search_idx" ON "messages" USING GIN ("search");

DROP INDEX "conversations_search_idx";
ALTER TABLE "conversations" DROP COLUMN "search";
ALTER TABLE "conversations" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', regexp_replace(coalesce("title", ''), '[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0002fa1f]', ' \& ', 'g')), 'A') ||
    setweight(to_tsvector('simple', regexp_replace(coalesce("summary", ''), '[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0002fa1f]', ' \& ', 'g')), 'B')
) STORED;
CREATE INDEX "conversations_search_idx" ON "conversations" USING GIN ("search");
