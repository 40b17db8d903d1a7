// On Postgres, as on SQLite (tests/integration/raw-sql.test.ts), the app's raw SQL runs on Prisma's
// adapter without the client (lib/db/adapter-raw.ts): every kind of column and argument must come
// back exactly as the client gives it. On a database of its own on the suite's Postgres server
// (this project runs on Postgres only).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONVERSATION, CREATED, insertRawSqlRows, USER } from "../../fixtures/raw-sql-rows";
import { createTestDatabase, type TestDatabase } from "../../fixtures/test-database";

const database: TestDatabase = await createTestDatabase();
if (database.provider !== "postgres") throw new Error("the cluster project runs on Postgres only");
process.env.DATABASE_URL = database.url;

const { migrate } = await import("@/lib/db/migrate");
const { prisma, openPostgres, poolStats, postgresPool } = await import("@/lib/db/client");
const { executeRaw, queryRaw } = await import("@/lib/db/raw");

const created = CREATED;

const throughClient = async <T>(sql: string, ...params: unknown[]) =>
  (await prisma()).$queryRawUnsafe<T[]>(sql, ...params);

beforeAll(async () => {
  await migrate(database.url);
  await insertRawSqlRows(executeRaw);
});

afterAll(async () => {
  await (await prisma()).$disconnect();
  await database.drop();
});

describe("raw SQL on Postgres, beside Prisma's client", () => {
  it.each([
    ["text and timestamps, some null", `SELECT * FROM "users"`, []],
    // Every column but the search index's (tsvector), which neither reads.
    [
      "booleans, doubles and timestamps",
      `SELECT "id", "summary", "temperature", "pinned", "archived", "created_at", "updated_at"
       FROM "conversations" WHERE "user_id" = $1`,
      [USER],
    ],
    [
      "integers and nullable booleans",
      `SELECT "id", "role", "content", "prompt_tokens", "reasoning_ms", "usage_estimated", "updated_at"
       FROM "messages" ORDER BY "id"`,
      [],
    ],
    ["bytes, present and null", `SELECT * FROM "files"`, []],
    [
      "computed columns: counts, sums, averages (numeric), JSON, uuids, floats and null",
      `SELECT COUNT(*) AS "n", SUM("prompt_tokens") AS "tokens", MAX("created_at") AS "latest",
              json_agg("id") AS "ids", json_agg("id")::text AS "ids_text", AVG("prompt_tokens") AS "mean",
              MIN("reasoning_ms")::float8 AS "least", '00000000-0000-4000-8000-00000000000a'::uuid AS "uuid",
              NULL AS "nothing"
       FROM "messages" WHERE "conversation_id" = $1`,
      [CONVERSATION],
    ],
    [
      "arguments of every kind",
      `SELECT "id" FROM "messages" WHERE "created_at" = $1 AND "prompt_tokens" < $2 AND ("usage_estimated" = $3 OR $4::text IS NULL)
         AND "conversation_id" = $5 AND $6::bigint < 100 AND $7::text IS NULL AND $8::float8 > 0.5`,
      [created, 100, false, null, CONVERSATION, 7n, undefined, 0.75],
    ],
    ["no rows", `SELECT "id", "created_at" FROM "messages" WHERE "id" = $1`, ["none"]],
  ])("%s", async (name, sql, params) => {
    const direct = await queryRaw<Record<string, unknown>>(sql, ...params);
    const client = await throughClient<Record<string, unknown>>(sql, ...params);
    expect(direct).toStrictEqual(client);
    if (name !== "no rows") expect(direct.length).toBeGreaterThan(0);
  });

  it("timestamps come back as dates, booleans as booleans, counts as bigints, bytes as bytes", async () => {
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
    expect(await (await prisma()).$executeRawUnsafe(sql, CONVERSATION)).toBe(2);
  });

  it("fail with the database's reason", async () => {
    const sql = `SELECT * FROM "no_such_table"`;
    await expect(throughClient(sql)).rejects.toThrow(/no_such_table/);
    await expect(queryRaw(sql)).rejects.toThrow(/relation "no_such_table" does not exist/);
  });

  it("open the pool again after the client closed it, and the metrics and notifications use the new one", async () => {
    const first = await postgresPool();
    await (await prisma()).$disconnect();
    expect(first?.ended).toBe(true);
    expect(poolStats()).toBeNull();
    expect(await queryRaw<{ n: bigint }>(`SELECT COUNT(*) AS "n" FROM "users"`)).toEqual([{ n: 1n }]);
    expect(await throughClient(`SELECT COUNT(*) AS "n" FROM "users"`)).toEqual([{ n: 1n }]);
    const second = await postgresPool();
    expect(second).not.toBe(first);
    expect(second?.ended).toBe(false);
    expect(poolStats()?.total).toBeGreaterThanOrEqual(1);
    expect((await second?.query(`SELECT pg_notify('chat_test', 'ping')`))?.rowCount).toBe(1);
  });

  it("leave the pool in use alone when an adapter already closed is closed again", async () => {
    const closed = await openPostgres();
    await (await prisma()).$disconnect();
    expect(await queryRaw<{ n: bigint }>(`SELECT COUNT(*) AS "n" FROM "users"`)).toEqual([{ n: 1n }]);
    const inUse = await postgresPool();
    await closed.dispose();
    expect(await postgresPool()).toBe(inUse);
    expect(inUse?.ended).toBe(false);
    expect(await queryRaw<{ n: bigint }>(`SELECT COUNT(*) AS "n" FROM "users"`)).toEqual([{ n: 1n }]);
  });
});
