// Runs before the server starts (npm start, npm run dev): checks the configuration, then applies
// pending migrations. Exits non-zero with the reason when either fails. `--production` holds the
// configuration to production rules whatever NODE_ENV says, as `next start` will.
import "./load-env";
import { resolveAuthSecret } from "@/lib/auth/secret";
import { db } from "@/lib/db/client";
import { interruptStaleMessages } from "@/lib/db/messages";
import { migrate } from "@/lib/db/migrate";
import { providerOf } from "@/lib/db/provider";
import { env } from "@/lib/env";

try {
  const config = env();
  resolveAuthSecret({
    configured: config.NEXTAUTH_SECRET,
    dataDir: config.DATA_DIR,
    production: process.argv.includes("--production") || config.NODE_ENV === "production",
  });
  const applied = await migrate(config.DATABASE_URL);
  const where = providerOf(config.DATABASE_URL);
  console.info(
    applied.length
      ? `Applied ${where} migrations: ${applied.join(", ")}`
      : `The ${where} database is up to date.`,
  );
  // Replies a crashed server was writing: keep their text, and stop showing them as live.
  const interrupted = await interruptStaleMessages({
    staleBefore: new Date(Date.now() - config.STREAM_STALE_MS),
  });
  if (interrupted > 0) console.info(`Marked ${interrupted} interrupted replies.`);
  await db().$disconnect();
  if (!config.OPENAI_API_KEY && !config.OPENAI_BASE_URL) {
    console.warn("No model is configured: set OPENAI_API_KEY or OPENAI_BASE_URL (see .env.example).");
  }
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
