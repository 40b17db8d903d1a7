// Generates the two Prisma clients (SQLite and Postgres) from prisma/schema.prisma.
// The Postgres schema is derived here rather than kept by hand, so the two cannot drift apart.
// `prisma generate` needs no schema engine, but the CLI insists one exists before it starts;
// pointing it at any file skips a download that offline machines cannot make.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const sqliteSchema = "prisma/schema.prisma";
const postgresSchema = "prisma/postgres/schema.prisma";

const source = readFileSync(sqliteSchema, "utf8");
const derived = source
  .replace('provider = "sqlite"', 'provider = "postgresql"')
  .replace('output   = "../lib/db/generated/sqlite"', 'output   = "../../lib/db/generated/postgres"');
if (!derived.includes("postgresql") || !derived.includes("generated/postgres")) {
  throw new Error(`${sqliteSchema}: the provider or output line changed; update ${import.meta.url}`);
}
mkdirSync("prisma/postgres", { recursive: true });
writeFileSync(
  postgresSchema,
  `// Generated from ../schema.prisma by scripts/prisma-generate.mjs: do not edit.\n${derived}`,
);

const prismaCli = require.resolve("prisma/build/index.js");
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1" };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
for (const schema of [sqliteSchema, postgresSchema]) {
  execFileSync(process.execPath, [prismaCli, "generate", "--schema", schema], { env, stdio: "inherit" });
}
