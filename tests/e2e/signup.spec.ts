import { expect, test } from "@playwright/test";
import { type AppServer, startApp } from "../fixtures/app-server";
import { createTestDatabase, type TestDatabase } from "../fixtures/test-database";
import { createUser } from "../fixtures/users";

let database: TestDatabase;
let app: AppServer;

test.beforeAll(async () => {
  database = await createTestDatabase();
  await createUser({ username: "admin", password: "the-first-admin-1" }, { DATABASE_URL: database.url });
  app = await startApp({ DATABASE_URL: database.url, ALLOW_SIGNUP: "true" });
});

test.afterAll(async () => {
  await app?.stop();
  await database?.drop();
});

test("sign-up is offered only when ALLOW_SIGNUP=true, and creates a plain account", async ({
  page,
  baseURL,
}) => {
  // The suite's own server runs without ALLOW_SIGNUP.
  await page.goto(`${baseURL}/`);
  await expect(page.getByRole("button", { name: /Log in|Create account/ })).toBeVisible();
  await expect(page.getByRole("link", { name: /Sign up/ })).toHaveCount(0);

  await page.goto(`${app.url}/`);
  await page.getByRole("link", { name: "No account yet? Sign up" }).click();
  await expect(page.getByRole("heading", { name: "Sign up" })).toBeVisible();
  await page.getByLabel("Username").fill("admin");
  await page.getByLabel("Password", { exact: true }).fill("some-new-password");
  await page.getByLabel("Repeat password").fill("some-new-password");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("That username is taken.");

  // The username stays as typed; the passwords are asked again.
  await expect(page.getByLabel("Username")).toHaveValue("admin");
  await page.getByLabel("Username").fill("newcomer");
  await page.getByLabel("Password", { exact: true }).fill("some-new-password");
  await page.getByLabel("Repeat password").fill("some-new-password");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page).toHaveURL(/\/interact_history$/);
  await expect(page.getByRole("textbox", { name: "Message" })).toBeVisible();
});
