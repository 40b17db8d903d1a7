// On SQLite the writes of replies that start or end together commit together (lib/db/write-batch.ts):
// each caller must hear of its write only once it is committed, a write that fails must fail alone,
// and one that makes SQLite end the transaction must fail the others with it, none of them kept.
// The test has a SQLite database of its own, whichever database the suite runs on.
import { statSync } from "node:fs";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { ownSqliteDatabase } from "../fixtures/own-sqlite-database";
import { CONVERSATION, USER } from "../fixtures/raw-sql-rows";

const { file } = ownSqliteDatabase("write-batch-");

const { openSqlite } = await import("@/lib/db/client");
const { appendMessages, finishMessage, newMessages } = await import("@/lib/db/messages");
const { reserveReply } = await import("@/lib/db/usage");
const { isDatabaseUnavailable } = await import("@/lib/db/unavailable");

/** A second connection to the file, as another process would open it: it sees only what is committed. */
const reader = () => new Database(file, { readonly: true });

function replyRows(content: string) {
  return newMessages({
    conversationId: CONVERSATION,
    userId: USER,
    parentId: null,
    messages: [
      { role: "user", content },
      { role: "assistant", content: "", status: "streaming", model: "m" },
    ],
  });
}

const ledgerRow = (id: string, model = "m") => ({
  row: { id, userId: USER, apiTokenId: null, model },
  limits: {},
  since: 0,
});

function savedContents(ids: string[]): string[] {
  const connection = reader();
  try {
    const placeholders = ids.map(() => "?").join(", ");
    return (
      connection
        .prepare(`SELECT "content" FROM "messages" WHERE "id" IN (${placeholders}) ORDER BY "id"`)
        .all(...ids) as { content: string }[]
    ).map((row) => row.content);
  } finally {
    connection.close();
  }
}

describe("writes committed together", () => {
  it("saves every write of many replies started at once, each committed when its caller hears of it", async () => {
    const replies = Array.from({ length: 50 }, (_, index) => replyRows(`question ${index}`));
    const committedWhenHeard = await Promise.all(
      replies.map((rows) =>
        Promise.all([appendMessages(rows), reserveReply(ledgerRow(rows[1]?.id as string))]).then(() =>
          savedContents(rows.map((row) => row.id)),
        ),
      ),
    );
    expect(committedWhenHeard).toEqual(replies.map((_, index) => [`question ${index}`, ""]));
    const connection = reader();
    const ledger = connection
      .prepare(
        `SELECT count(*) AS "count" FROM "usage_records" WHERE "id" IN (${replies.map(() => "?").join(", ")})`,
      )
      .get(...replies.map((rows) => rows[1]?.id)) as { count: number };
    connection.close();
    expect(ledger.count).toBe(50);
  });

  it("writes the pages the replies share once: the WAL grows far less than with a commit a reply", async () => {
    const { connection } = await openSqlite();
    const walBytes = () => statSync(`${file}-wal`).size;
    const startReplies = (count: number) =>
      Promise.all(
        Array.from({ length: count }, (_, index) => {
          const rows = replyRows(`page ${index}`);
          return Promise.all([appendMessages(rows), reserveReply(ledgerRow(rows[1]?.id as string))]);
        }),
      );
    connection.pragma("wal_checkpoint(TRUNCATE)");
    await startReplies(1);
    const oneReply = walBytes();
    connection.pragma("wal_checkpoint(TRUNCATE)");
    await startReplies(20);
    const twentyReplies = walBytes();
    // One commit a reply would write twenty times one reply's pages.
    expect(twentyReplies).toBeLessThan(oneReply * 5);
  });

  it("fails only the write that fails: the others of its transaction are kept", async () => {
    const [first, taken, last] = [replyRows("before"), replyRows("taken"), replyRows("after")];
    await appendMessages(taken);
    const duplicate = taken.map((row) => ({ ...row, content: "the same ids again" }));
    const outcomes = await Promise.allSettled([
      appendMessages(first),
      appendMessages(duplicate),
      appendMessages(last),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE constraint failed/);
    expect(savedContents([...first, ...last, ...taken].map((row) => row.id)).sort()).toEqual(
      ["", "", "", "after", "before", "taken"].sort(),
    );
  });

  it("fails every write of the transaction when SQLite ends it, and keeps none of them", async () => {
    const { connection } = await openSqlite();
    // A write that makes SQLite roll back the whole transaction, as a full disk would.
    connection.exec(`CREATE TEMP TRIGGER "ledger_rollback" BEFORE INSERT ON "usage_records" WHEN new."model" = 'rollback'
      BEGIN SELECT RAISE(ROLLBACK, 'the transaction was rolled back'); END`);
    try {
      const [first, last] = [replyRows("lost before"), replyRows("lost after")];
      const outcomes = await Promise.allSettled([
        appendMessages(first),
        reserveReply(ledgerRow(first[1]?.id as string, "rollback")),
        appendMessages(last),
      ]);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(["rejected", "rejected", "rejected"]);
      for (const outcome of outcomes) {
        expect(String((outcome as PromiseRejectedResult).reason)).toMatch(/rolled back/);
      }
      expect(savedContents([...first, ...last].map((row) => row.id))).toEqual([]);
      // The connection is left as it was: the next writes commit.
      const next = replyRows("next");
      await appendMessages(next);
      expect(savedContents(next.map((row) => row.id))).toEqual(["next", ""]);
    } finally {
      connection.exec(`DROP TRIGGER "ledger_rollback"`);
    }
  });

  it("fails the writes as the database being away while another process holds its write lock", async () => {
    const { connection } = await openSqlite();
    const waited = connection.pragma("busy_timeout", { simple: true });
    connection.pragma("busy_timeout = 100");
    // Another process (a backup, the user command) in the middle of a write.
    const other = new Database(file);
    other.exec("BEGIN IMMEDIATE");
    try {
      const [first, last] = [replyRows("while locked"), replyRows("also while locked")];
      const outcomes = await Promise.allSettled([appendMessages(first), appendMessages(last)]);
      expect(outcomes.map((outcome) => outcome.status)).toEqual(["rejected", "rejected"]);
      for (const outcome of outcomes) {
        expect(isDatabaseUnavailable((outcome as PromiseRejectedResult).reason)).toBe(true);
      }
      other.exec("ROLLBACK");
      const next = replyRows("after the lock");
      await Promise.all([appendMessages(next), appendMessages(first)]);
      expect(savedContents([...first, ...next].map((row) => row.id)).sort()).toEqual(
        ["", "", "after the lock", "while locked"].sort(),
      );
    } finally {
      if (other.inTransaction) other.exec("ROLLBACK");
      other.close();
      connection.pragma(`busy_timeout = ${waited}`);
    }
  });

  it("reads back the row a batched UPDATE ... RETURNING wrote, as the adapter gives it", async () => {
    const rows = replyRows("finish me");
    const reply = rows[1]?.id as string;
    await Promise.all([appendMessages(rows), reserveReply(ledgerRow(reply))]);
    const [finished, other] = await Promise.all([
      finishMessage({
        id: reply,
        content: "Done.",
        status: "complete",
        error: null,
        model: "m",
        reasoning: null,
        reasoningMs: null,
        finishReason: "stop",
        promptTokens: 12,
        completionTokens: 3,
        usageEstimated: false,
      }),
      appendMessages(replyRows("alongside")),
    ]);
    expect(other).toBeUndefined();
    expect(finished).toMatchObject({
      id: reply,
      content: "Done.",
      status: "complete",
      usageEstimated: false,
    });
    expect(finished.createdAt).toBeInstanceOf(Date);
    const connection = reader();
    const ledger = connection
      .prepare(
        `SELECT "prompt_tokens" AS "prompt", "completion_tokens" AS "completion" FROM "usage_records" WHERE "id" = ?`,
      )
      .get(reply);
    connection.close();
    expect(ledger).toEqual({ prompt: 12, completion: 3 });
  });
});
