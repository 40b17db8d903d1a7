-- Model servers an administrator added beside the environment's (whose own settings stay in the
-- environment and are never stored here). The API key is sealed (AES-GCM, lib/crypto/secret-box.ts).
-- `models` holds, as JSON, ids the server does not list itself (some llama.cpp builds list none).
CREATE TABLE "connections" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "base_url" TEXT NOT NULL,
    "api_key" TEXT,
    "prefix" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "models" TEXT NOT NULL DEFAULT '[]',
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "connections_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "connections_prefix_key" ON "connections"("prefix");

-- What an administrator changed of a model, by its id (`<prefix>/<upstream id>`): enabled, its
-- name, which one is the default, whether it sees images.
CREATE TABLE "model_settings" (
    "id" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "name" TEXT,
    "is_default" BOOLEAN NOT NULL DEFAULT false,
    "vision" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "model_settings_pkey" PRIMARY KEY ("id")
);

-- A named system prompt with an optional model and temperature; an administrator's may be shared.
CREATE TABLE "presets" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "system_prompt" TEXT NOT NULL,
    "model" TEXT,
    "temperature" DOUBLE PRECISION,
    "shared" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "presets_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "presets_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "presets_user_id_idx" ON "presets"("user_id");
CREATE INDEX "presets_shared_idx" ON "presets"("shared");

-- A conversation's own model, instructions and temperature (null: the default).
ALTER TABLE "conversations" ADD COLUMN "model" TEXT;
ALTER TABLE "conversations" ADD COLUMN "system_prompt" TEXT;
ALTER TABLE "conversations" ADD COLUMN "temperature" DOUBLE PRECISION;
