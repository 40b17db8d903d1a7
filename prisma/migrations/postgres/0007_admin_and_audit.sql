-- Disabled accounts, and the audit log of security-relevant events (never passwords, tokens or messages).
ALTER TABLE "users" ADD COLUMN "disabled_at" TIMESTAMP(3);

CREATE TABLE "audit_events" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "action" TEXT NOT NULL,
    "actor" TEXT,
    "target" TEXT,
    "address" TEXT,
    "detail" TEXT,
    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "audit_events_at_idx" ON "audit_events"("at");
