// Postgres's transactions run on the adapter's own connection, without Prisma's client
// (lib/db/postgres-transaction.ts): what one commits is there for everyone, what throws leaves
// nothing behind, every connection goes back to the pool either way, and serializable transactions
// that collide are retried until each has counted once. On a database of its own on the suite's
// Postgres server (this project runs on Postgres only).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../fixtures/test-database";

const database: TestDatabase = await createTestDatabase();
if (database.provider !== "postgres") throw new Error("the cluster project runs on Postgres only");
process.env.DATABASE_URL = database.url;

const { prisma } = await import("@/lib/db/client");
const { adapterExecuteRaw, adapterQueryRaw } = await import("@/lib/db/adapter-raw");
const { inPostgresTransaction } = await import("@/lib/db/postgres-transaction");
const { serializable } = await import("@/lib/db/serializable");
const { executeRaw, queryRaw } = await import("@/lib/db/raw");
const { env } = await import("@/lib/env");

const notes = () => queryRaw<{ body: string }>(`SELECT "body" FROM "notes" ORDER BY "body"`);

beforeAll(async () => {
  await executeRaw(`CREATE TABLE "notes" ("body" text PRIMARY KEY)`);
  await executeRaw(`CREATE TABLE "counters" ("name" text PRIMARY KEY, "value" integer NOT NULL)`);
  await executeRaw(`INSERT INTO "counters" VALUES ('hits', 0)`);
});

afterAll(async () => {
  await (await prisma()).$disconnect();
  await database.drop();
});

describe("a transaction on the adapter", () => {
  it("commits what it wrote when it returns, and gives its result back", async () => {
    const result = await inPostgresTransaction(async (tx) => {
      await adapterExecuteRaw(tx, `INSERT INTO "notes" VALUES ($1)`, ["kept"]);
      return adapterQueryRaw<{ body: string }>(tx, `SELECT "body" FROM "notes"`, []);
    });
    expect(result).toEqual([{ body: "kept" }]);
    expect(await notes()).toEqual([{ body: "kept" }]);
  });

  it("leaves nothing behind when it throws, or when one of its statements fails", async () => {
    await expect(
      inPostgresTransaction(async (tx) => {
        await adapterExecuteRaw(tx, `INSERT INTO "notes" VALUES ($1)`, ["thrown away"]);
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    await expect(
      inPostgresTransaction(async (tx) => {
        await adapterExecuteRaw(tx, `INSERT INTO "notes" VALUES ($1)`, ["also thrown away"]);
        await adapterExecuteRaw(tx, `INSERT INTO "notes" VALUES ($1)`, ["kept"]);
      }),
    ).rejects.toThrow();
    expect(await notes()).toEqual([{ body: "kept" }]);
  });

  it("gives its connection back each time: more failed transactions than the pool holds, then one that works", async () => {
    const failing = Array.from({ length: env().DATABASE_POOL_SIZE * 3 }, () =>
      inPostgresTransaction(async (tx) => {
        await adapterExecuteRaw(tx, `INSERT INTO "notes" VALUES ($1)`, ["kept"]);
      }).catch((error: Error) => error),
    );
    for (const outcome of await Promise.all(failing)) expect(outcome).toBeInstanceOf(Error);
    await inPostgresTransaction((tx) => adapterExecuteRaw(tx, `INSERT INTO "notes" VALUES ($1)`, ["after"]));
    expect(await notes()).toEqual([{ body: "after" }, { body: "kept" }]);
  });

  it("retries serializable transactions that collide, so that each of 20 parallel ones counts once", async () => {
    const increments = Array.from({ length: 20 }, () =>
      serializable(async (tx) => {
        const [counter] = await adapterQueryRaw<{ value: number }>(
          tx,
          `SELECT "value" FROM "counters" WHERE "name" = 'hits'`,
          [],
        );
        await adapterExecuteRaw(tx, `UPDATE "counters" SET "value" = $1 WHERE "name" = 'hits'`, [
          (counter?.value ?? 0) + 1,
        ]);
      }).then(
        () => "counted",
        (error: Error) => error.message,
      ),
    );
    const outcomes = await Promise.all(increments);
    const [counter] = await queryRaw<{ value: number }>(
      `SELECT "value" FROM "counters" WHERE "name" = 'hits'`,
    );
    // Five attempts each: a transaction may still lose every time, but then it says so and did not count.
    expect(counter?.value).toBe(outcomes.filter((outcome) => outcome === "counted").length);
    expect(outcomes.filter((outcome) => outcome === "counted").length).toBeGreaterThan(10);
  });
});
