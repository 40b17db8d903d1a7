import fc from "fast-check";
import { beforeAll, expect, inject, it } from "vitest";
import { query } from "../../fixtures/db-query";
import { type Client, loggedInClient } from "../../fixtures/http-client";
import { API_ROUTES, pathOf } from "../../fixtures/routes";
import { ADA, BABBAGE } from "../../fixtures/users";

const appUrl = inject("appUrl");
const databaseUrl = inject("databaseUrl");

let ada: Client;
let adasSession: string;
let babbagesSession: string;

beforeAll(async () => {
  ada = await loggedInClient(appUrl, ADA.username, ADA.password);
  const babbage = await loggedInClient(appUrl, BABBAGE.username, BABBAGE.password);
  adasSession = await ada.newSession();
  babbagesSession = await babbage.newSession();
  await babbage.postJson("/api", { data: "Babbage's untouchable notes", session_id: babbagesSession });
});

/** Everything of Babbage's: what no request of anyone else may change. */
async function babbagesData(): Promise<string> {
  const rows = await query(
    databaseUrl,
    `SELECT c."id", c."title", c."summary", m."id" AS message_id, m."content", m."status"
     FROM "conversations" c JOIN "users" u ON u."id" = c."user_id" LEFT JOIN "messages" m ON m."conversation_id" = c."id"
     WHERE u."username" = $1 ORDER BY c."id", m."id"`,
    [BABBAGE.username],
  );
  return JSON.stringify(rows);
}

// The JSON API, but not what would log the fuzzing user out.
const routes = API_ROUTES.filter(
  (route) => route.pattern.startsWith("/api") && !route.pattern.startsWith("/api/auth") && !route.endsSession,
).map((route) => {
  const pattern = route.pattern.split("?")[0] as string;
  return {
    method: route.method,
    path: (id: string) =>
      pathOf(pattern, {
        conversation: id,
        token: id,
        user: id,
        preset: id,
        file: id,
        folder: id,
        share: id,
        connection: id,
        model: id,
      }),
  };
});

const jsonish = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc
    .record(
      {
        data: fc.oneof(
          fc.string(),
          fc.string({ unit: "grapheme" }),
          fc.integer(),
          fc.constant(null),
          fc.constant("  "),
        ),
        session_id: fc.oneof(fc.uuid(), fc.string(), fc.constant(null)),
        title: fc.oneof(fc.string(), fc.constant(null), fc.integer()),
        name: fc.oneof(fc.string(), fc.integer()),
        stream: fc.oneof(fc.boolean(), fc.string()),
        format: fc.string(),
        conversations: fc.oneof(fc.array(fc.jsonValue(), { maxLength: 3 }), fc.string()),
        attachments: fc.oneof(fc.array(fc.uuid(), { maxLength: 12 }), fc.string(), fc.constant(null)),
      },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString("latin1")),
  fc.constantFrom("", "{", "[", "null", '{"data":', "\u0000", "{}".repeat(1000)),
);

const request = fc.record({
  route: fc.constantFrom(...routes),
  id: fc.oneof(fc.constant("own"), fc.constant("other"), fc.uuid(), fc.string({ maxLength: 40 })),
  body: jsonish,
  query: fc.dictionary(
    fc.constantFrom("q", "limit", "cursor", "format", "message", "x"),
    fc.string({ maxLength: 30 }),
  ),
  contentType: fc.constantFrom(
    undefined,
    "application/json",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
  ),
  accept: fc.constantFrom(undefined, "text/event-stream", "application/json", "*/*"),
  authorization: fc.option(
    fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.string().map((s) => `Bearer ${s}`),
    ),
    { nil: undefined },
  ),
  anonymous: fc.boolean(),
});

it("thousands of random and malformed requests to every JSON route: no 5xx, no crash, and another user's data unchanged", async () => {
  const before = await babbagesData();
  let sent = 0;
  await fc.assert(
    fc.asyncProperty(request, async (r) => {
      const id = r.id === "own" ? adasSession : r.id === "other" ? babbagesSession : encodeURIComponent(r.id);
      const path = r.route.path(id);
      const search = new URLSearchParams(r.query).toString();
      const headers: Record<string, string> = {};
      if (r.contentType) headers["content-type"] = r.contentType;
      if (r.accept) headers.accept = r.accept;
      if (r.authorization !== undefined) headers.authorization = r.authorization;
      const init: RequestInit = { method: r.route.method, headers };
      if (r.route.method !== "GET") init.body = r.body;
      const url = `${path}${search ? `?${search}` : ""}`;
      const response = r.anonymous
        ? await fetch(new URL(url, appUrl), { ...init, redirect: "manual" })
        : await ada.fetch(url, init);
      const text = await response.text();
      sent++;
      expect(
        response.status,
        `${r.route.method} ${url} -> ${response.status}: ${text.slice(0, 200)}`,
      ).toBeLessThan(500);
      expect(text).not.toMatch(/at \S+\.(js|ts):\d+|PrismaClient|SQLITE_|syntax error at/);
    }),
    { numRuns: 2_000, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000) },
  );
  expect(sent).toBe(2_000);
  expect(await babbagesData()).toBe(before);
  expect((await fetch(`${appUrl}/api/health`)).status).toBe(200);
}, 300_000);
