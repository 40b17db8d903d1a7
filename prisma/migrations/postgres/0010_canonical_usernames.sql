-- Usernames are unique after NFKC normalisation and case folding (lib/auth/username.ts): the key is
-- filled in by the app (lib/db/migrate.ts) for accounts made before, where it does not collide.
ALTER TABLE "users" ADD COLUMN "username_key" TEXT;
CREATE UNIQUE INDEX "users_username_key_key" ON "users"("username_key");
-- The counters were keyed by lower-cased names; they are short-lived, so they start again.
DELETE FROM "login_throttle";
