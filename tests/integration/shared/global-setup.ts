import type { TestProject } from "vitest/node";
import { type AppServer, startApp } from "../../fixtures/app-server";
import { type MockOpenAI, startMockOpenAI } from "../../fixtures/mock-openai";
import { createTestDatabase, type TestDatabase } from "../../fixtures/test-database";
import { ADA, BABBAGE, createUser } from "../../fixtures/users";

declare module "vitest" {
  export interface ProvidedContext {
    appUrl: string;
    databaseUrl: string;
    mockUrl: string;
    provider: "sqlite" | "postgres";
  }
}

// The model's idle timeout in the app under test: short, so the hang tests stay quick.
export const TEST_MODEL_TIMEOUT_MS = 1_500;

let database: TestDatabase | undefined;
let mock: MockOpenAI | undefined;
let app: AppServer | undefined;

export async function setup(project: TestProject) {
  database = await createTestDatabase();
  mock = await startMockOpenAI();
  // Users are created by the CLI before the app has ever started on this database.
  await createUser(ADA, { DATABASE_URL: database.url });
  await createUser(BABBAGE, { DATABASE_URL: database.url });
  app = await startApp({
    DATABASE_URL: database.url,
    OPENAI_BASE_URL: mock.baseURL,
    OPENAI_API_KEY: "test-key",
    OPENAI_MODEL: "mock-model",
    MODEL_TIMEOUT_MS: String(TEST_MODEL_TIMEOUT_MS),
    // Every test logs in from 127.0.0.1; brute-force limits get an app of their own (brute-force.test.ts).
    LOGIN_MAX_FAILURES: "1000",
  });
  project.provide("appUrl", app.url);
  project.provide("databaseUrl", database.url);
  project.provide("mockUrl", mock.baseURL);
  project.provide("provider", database.provider);
}

export async function teardown() {
  await app?.stop();
  await mock?.close();
  await database?.drop();
}
