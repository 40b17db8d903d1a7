// Runs before the server starts (npm start, npm run dev): checks the configuration, then applies
// pending migrations. Exits non-zero with the reason when either fails. `--production` holds the
// configuration to production rules whatever NODE_ENV says, as `next start` will.
import path from "node:path";
import "./load-env";
import { resolveAuthSecret } from "@/lib/auth/secret";
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
  // Beside this file in the sources (scripts/) and in the bundle (server/migrate.mjs).
  const migrations = path.join(import.meta.dirname, "..", "prisma", "migrations");
  const applied = await migrate(config.DATABASE_URL, migrations);
  const where = providerOf(config.DATABASE_URL);
  console.info(
    applied.length
      ? `Applied ${where} migrations: ${applied.join(", ")}`
      : `The ${where} database is up to date.`,
  );
  if (!config.OPENAI_API_KEY && !config.OPENAI_BASE_URL) {
    console.warn("No model is configured: set OPENAI_API_KEY or OPENAI_BASE_URL (see .env.example).");
  }
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
