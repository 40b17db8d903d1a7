-- Search is scoped to its user inside the index: every word is indexed as the owner's word,
-- '~<user id>:<word>' (with its positions, for phrases), and queries ask for the owner's words. So
-- the GIN index never hands back another user's rows, a word's posting list is the user's own (a
-- word common among others costs this user nothing), and the planner's statistics are per user.
CREATE FUNCTION "owned_search_vector"("owner" text, "body" text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(string_agg(
        '''' || replace(replace('~' || "owner" || ':' || lexeme, '\', '\\'), '''', '''''') || ''':' ||
        array_to_string(positions, ','), ' ')::tsvector, ''::tsvector)
    FROM unnest(to_tsvector('simple',
        regexp_replace("body", '[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0002fa1f]', ' \& ', 'g')))
$$;

DROP INDEX "messages_search_idx";
ALTER TABLE "messages" DROP COLUMN "search";
ALTER TABLE "messages" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
    CASE WHEN "status" = 'streaming' THEN NULL ELSE owned_search_vector(coalesce("user_id", ''), "content") END
) STORED;
CREATE INDEX "messages_search_idx" ON "messages" USING GIN ("search");

DROP INDEX "conversations_search_idx";
ALTER TABLE "conversations" DROP COLUMN "search";
ALTER TABLE "conversations" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
    setweight(owned_search_vector("user_id", coalesce("title", '')), 'A') ||
    setweight(owned_search_vector("user_id", coalesce("summary", '')), 'B')
) STORED;
CREATE INDEX "conversations_search_idx" ON "conversations" USING GIN ("search");
