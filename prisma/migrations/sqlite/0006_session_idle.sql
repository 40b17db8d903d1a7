-- When each login session was last used, for the idle timeout (SESSION_IDLE_MINUTES).
ALTER TABLE "auth_sessions" ADD COLUMN "last_seen_at" DATETIME;
