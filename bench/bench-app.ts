// What the benches that drive replies start with: an empty database, the OpenAI-compatible test
// server, the bench's user, and the production build of the app on them (`npm run build` first).
import { type AppServer, startApp } from "../tests/fixtures/app-server";
import { type Client, loggedInClient } from "../tests/fixtures/http-client";
import { type MockOpenAI, startMockOpenAI } from "../tests/fixtures/mock-openai";
import type { ModelServer } from "../tests/fixtures/model-server-process";
import { createTestDatabase, type TestDatabase } from "../tests/fixtures/test-database";
import { createUser } from "../tests/fixtures/users";
import { BENCH_USER } from "./bench-user";

export type BenchApp = {
  app: AppServer;
  database: TestDatabase;
  mock: MockOpenAI | ModelServer;
  /** The bench's user, logged in. */
  client: Client;
  /** Stops the app and drops its database; the model server too, unless it was given. */
  stop: () => Promise<void>;
};

/**
 * The app on a database of its own, its user logged in. One user drives every stream, so the
 * per-user line (MAX_CONCURRENT_REPLIES_PER_USER, 8 by default) is raised to 100 for the run: the
 * benches measure the request path, not that line. `env` adds to (or overrides) the settings;
 * `mock` shares a model server between several apps; `start` is startApp's third argument.
 */
export async function startBenchApp({
  env = {},
  mock: sharedMock,
  start,
}: {
  env?: Record<string, string>;
  mock?: MockOpenAI | ModelServer;
  start?: Parameters<typeof startApp>[2];
} = {}): Promise<BenchApp> {
  const database = await createTestDatabase();
  const ownMock = sharedMock ? null : await startMockOpenAI();
  const mock = sharedMock ?? (ownMock as MockOpenAI);
  await createUser(BENCH_USER, { DATABASE_URL: database.url });
  const app = await startApp(
    {
      DATABASE_URL: database.url,
      OPENAI_BASE_URL: mock.baseURL,
      OPENAI_MODEL: "mock-model",
      MAX_CONCURRENT_REPLIES_PER_USER: "100",
      ...env,
    },
    undefined,
    start,
  );
  const client = await loggedInClient(app.url, BENCH_USER.username, BENCH_USER.password);
  return {
    app,
    database,
    mock,
    client,
    stop: async () => {
      await app.stop();
      await ownMock?.close();
      await database.drop();
    },
  };
}
