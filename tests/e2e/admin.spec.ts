import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { type AppServer, startApp } from "../fixtures/app-server";
import { Client, createApiToken } from "../fixtures/http-client";
import { createTestDatabase, type TestDatabase } from "../fixtures/test-database";
import { createUser } from "../fixtures/users";
import { ChatPage } from "../pages/chat-page";

// An app of its own, so that its users do not meet the other specs'.
const ADMIN = { username: "root", password: "root-password-1" };
let database: TestDatabase;
let app: AppServer;

test.beforeAll(async () => {
  database = await createTestDatabase();
  await createUser(ADMIN, { DATABASE_URL: database.url });
  app = await startApp({ DATABASE_URL: database.url });
});

test.afterAll(async () => {
  await app?.stop();
  await database?.drop();
});

test("an administrator creates and disables a user, and reads the audit log", async ({ page, browser }) => {
  await page.goto(`${app.url}/`);
  await page.getByLabel("Username").fill(ADMIN.username);
  await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("textbox", { name: "Message" })).toBeVisible();
  await new ChatPage(page).accountMenu("Administration");
  await expect(page.getByRole("heading", { name: "Administration" })).toBeVisible();

  await page.getByLabel("New user").fill("newbie");
  await page.getByLabel("Password", { exact: true }).fill("newbie-password");
  await page.getByRole("button", { name: "Create user" }).click();
  const users = page.getByRole("list", { name: "Users" });
  await expect(users).toContainText("newbie");

  // The new user logs in elsewhere, then is disabled: their page stops working.
  const other = await browser.newContext();
  const theirs = await other.newPage();
  await theirs.goto(`${app.url}/`);
  await theirs.getByLabel("Username").fill("newbie");
  await theirs.getByLabel("Password", { exact: true }).fill("newbie-password");
  await theirs.getByRole("button", { name: "Log in" }).click();
  await expect(theirs.getByRole("textbox", { name: "Message" })).toBeVisible();
  await theirs.getByRole("button", { name: /Account menu/ }).click();
  await expect(theirs.getByRole("menuitem", { name: "Settings" })).toBeVisible();
  await expect(theirs.getByRole("menuitem", { name: "Administration" })).toHaveCount(0);

  await page.getByRole("button", { name: "Disable newbie" }).click();
  await expect(users).toContainText("disabled");
  await theirs.reload();
  await expect(theirs.getByRole("heading", { name: "Log in" })).toBeVisible();
  await other.close();

  // An administrator is not offered to disable or delete themselves, nor to change their own role.
  const own = users.getByRole("listitem").filter({ hasText: "(you)" });
  await expect(own).toContainText("root");
  await expect(own.getByRole("button", { name: "Disable root" })).toHaveCount(0);
  await expect(own.getByRole("button", { name: "Delete root" })).toHaveCount(0);
  await expect(own.getByRole("combobox")).toBeDisabled();
  await expect(users.getByRole("button", { name: "Delete newbie" })).toBeVisible();

  // A hundred later events push the admin actions off the first page of the log: tokens made in
  // another session (a login would cost a password's hash each), then one more login, the newest.
  const session = new Client(app.url);
  await session.login(ADMIN.username, ADMIN.password);
  for (let batch = 0; batch < 10; batch++) {
    await Promise.all(
      Array.from({ length: 10 }, (_, index) => createApiToken(session, `t${batch}-${index}`)),
    );
  }
  await new Client(app.url).login(ADMIN.username, ADMIN.password);
  await page.reload();
  const audit = page.getByRole("table", { name: "Audit log" });
  await expect(audit.getByRole("row")).toHaveCount(101);
  await expect(audit).toContainText("login.success");
  await expect(audit).toContainText("127.0.0.1");
  await expect(audit).not.toContainText("::ffff:");
  await expect(audit).not.toContainText("admin.user.create");
  await page.getByRole("button", { name: "Show older events" }).click();
  await expect(audit).toContainText("admin.user.create");
  await expect(audit).toContainText("admin.user.update");
  await expect(page.getByRole("button", { name: "Show older events" })).toHaveCount(0);
  const serious = (await new AxeBuilder({ page }).analyze()).violations.filter(
    (v) => v.impact === "serious" || v.impact === "critical",
  );
  expect(serious.map((v) => v.id)).toEqual([]);
});
