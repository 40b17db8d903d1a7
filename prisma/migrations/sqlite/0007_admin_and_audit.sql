-- Disabled accounts, and the audit log of security-relevant events (never passwords, tokens or messages).
ALTER TABLE "users" ADD COLUMN "disabled_at" DATETIME;

CREATE TABLE "audit_events" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL,
    "action" TEXT NOT NULL,
    "actor" TEXT,
    "target" TEXT,
    "address" TEXT,
    "detail" TEXT
);
CREATE INDEX "audit_events_at_idx" ON "audit_events"("at");
