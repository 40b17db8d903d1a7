// npm run backup -- <file>: a consistent copy of the SQLite database, taken while the app runs
// (SQLite's online backup: pages are copied a batch at a time, and writes made meanwhile are copied
// too, so the copy is the database as it was at one moment). Postgres is backed up with its own
// tools; see the README.
import "./load-env";
import { existsSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { providerOf, sqlitePathOf } from "@/lib/db/provider";

const target = process.argv[2];
const url = process.env.DATABASE_URL ?? "file:./data/chat.db";

if (!target) {
  console.error("Usage: npm run backup -- <file>   (a copy of the SQLite database named by DATABASE_URL)");
  process.exit(1);
}
if (providerOf(url) !== "sqlite") {
  console.error(
    "DATABASE_URL is a Postgres database: back it up with pg_dump, for example\n" +
      '  pg_dump --format=custom --file=chat.dump "$DATABASE_URL"\n' +
      'and restore it with pg_restore --clean --dbname="$DATABASE_URL" chat.dump',
  );
  process.exit(2);
}
const source = sqlitePathOf(url);
if (!existsSync(source)) {
  console.error(`There is no database at ${source}.`);
  process.exit(1);
}
if (existsSync(target)) {
  console.error(`${target} exists already: give a new file's name.`);
  process.exit(1);
}
const database = new Database(source, { readonly: true, fileMustExist: true });
database.pragma("busy_timeout = 10000");
try {
  await database.backup(path.resolve(target));
  console.info(`Copied ${source} to ${target}.`);
} finally {
  database.close();
}
