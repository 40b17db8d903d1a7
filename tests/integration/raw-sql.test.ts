// On SQLite the app's raw SQL runs on Prisma's adapter without the client (lib/db/adapter-raw.ts):
// every kind of column and argument the app uses must come back exactly as the client gives it.
// The test has a SQLite database of its own, whichever database the suite runs on (Postgres's
// twin is tests/integration/cluster/raw-sql-postgres.test.ts).
import { describe, expect, it } from "vitest";
import { ownSqliteDatabase } from "../fixtures/own-sqlite-database";
import { CONVERSATION, CREATED, USER } from "../fixtures/raw-sql-rows";

ownSqliteDatabase("raw-sql-");

const { prisma } = await import("@/lib/db/client");
const { executeRaw, queryRaw } = await import("@/lib/db/raw");

const created = CREATED;

/** What Prisma's client returns for the same SQL ($1… written as ? in order, as raw.ts does). */
async function throughClient<T>(sql: string, ...params: unknown[]) {
  const ordered: unknown[] = [];
  const text = sql.replace(/\$(\d+)/g, (_, index: string) => {
    ordered.push(params[Number(index) - 1]);
    return "?";
  });
  return (await prisma()).$queryRawUnsafe<T[]>(text, ...ordered);
}

describe("raw SQL on SQLite, beside Prisma's client", () => {
  it.each([
    ["text and dates, some null", `SELECT * FROM "users"`, []],
    ["booleans, reals and dates", `SELECT * FROM "conversations" WHERE "user_id" = $1`, [USER]],
    ["integers and nullable booleans", `SELECT * FROM "messages" ORDER BY "id"`, []],
    ["blobs, present and null", `SELECT * FROM "files"`, []],
    [
      "computed columns: counts, sums, JSON text, floats and null",
      `SELECT COUNT(*) AS "n", SUM("prompt_tokens") AS "tokens", MAX("created_at") AS "latest",
              json_group_array("id") AS "ids", AVG("prompt_tokens") AS "mean", NULL AS "nothing"
       FROM "messages" WHERE "conversation_id" = $1`,
      [CONVERSATION],
    ],
    [
      "arguments of every kind",
      `SELECT "id" FROM "messages" WHERE "created_at" = $1 AND "prompt_tokens" < $2 AND ("usage_estimated" = $3 OR $4 IS NULL)
         AND "conversation_id" = $5 AND $6 < 100 AND $7 IS NULL`,
      [created, 100, false, null, CONVERSATION, 7n, undefined],
    ],
    ["no rows", `SELECT "id", "created_at" FROM "messages" WHERE "id" = $1`, ["none"]],
  ])("%s", async (_name, sql, params) => {
    const direct = await queryRaw<Record<string, unknown>>(sql, ...params);
    const client = await throughClient<Record<string, unknown>>(sql, ...params);
    expect(direct).toStrictEqual(client);
    if (_name !== "no rows") expect(direct.length).toBeGreaterThan(0);
  });

  it("dates come back as dates, booleans as booleans, counts as bigints, blobs as bytes", async () => {
    const [conversation] = await queryRaw<{ created_at: unknown; pinned: unknown; archived: unknown }>(
      `SELECT "created_at", "pinned", "archived" FROM "conversations"`,
    );
    expect(conversation).toEqual({ created_at: created, pinned: true, archived: false });
    const [counted] = await queryRaw<{ n: unknown }>(`SELECT COUNT(*) AS "n" FROM "messages"`);
    expect(counted?.n).toBe(2n);
    const [file] = await queryRaw<{ content: unknown }>(`SELECT "content" FROM "files"`);
    expect(file?.content).toStrictEqual(new Uint8Array([0, 1, 254, 255]));
  });

  it("say how many rows a change touched, as the client does", async () => {
    const sql = `UPDATE "messages" SET "status" = 'complete' WHERE "conversation_id" = $1`;
    expect(await executeRaw(sql, CONVERSATION)).toBe(2);
    expect(await (await prisma()).$executeRawUnsafe(sql.replace("$1", "?"), CONVERSATION)).toBe(2);
  });

  it("run on the one connection the client uses, and open it again after the client closed it", async () => {
    // A temporary table exists only on the connection that made it.
    await executeRaw(`CREATE TEMP TABLE "scratch" ("n" INTEGER)`);
    await executeRaw(`INSERT INTO "scratch" ("n") VALUES (41)`);
    expect(await throughClient(`SELECT "n" + 1 AS "n" FROM "scratch"`)).toEqual([{ n: 42n }]);
    await (await prisma()).$disconnect();
    await expect(queryRaw(`SELECT * FROM "scratch"`)).rejects.toThrow(/no such table: scratch/);
    expect(await queryRaw<{ n: bigint }>(`SELECT COUNT(*) AS "n" FROM "users"`)).toEqual([{ n: 1n }]);
    expect(await throughClient(`SELECT COUNT(*) AS "n" FROM "users"`)).toEqual([{ n: 1n }]);
  });

  it("commit as SQLITE_SYNCHRONOUS says: by default waiting for the disk only at checkpoints", async () => {
    // 1 is NORMAL, 2 FULL (SQLite's default, kept by the file's other connections, as migrate's).
    expect(await queryRaw(`PRAGMA synchronous`)).toEqual([{ synchronous: 1n }]);
  });

  it("keep their temporary tables (a sort's, a RETURNING's) in memory rather than in files", async () => {
    // 2 is MEMORY; 0, SQLite's default, is a file for each.
    expect(await queryRaw(`PRAGMA temp_store`)).toEqual([{ temp_store: 2n }]);
  });

  it("fail as the client fails, with the database's reason", async () => {
    const sql = `SELECT * FROM "no_such_table"`;
    await expect(throughClient(sql)).rejects.toThrow(/no such table: no_such_table/);
    await expect(queryRaw(sql)).rejects.toThrow(/no such table: no_such_table/);
  });
});
