// Logging in as a person does when the login limit is reached: the page says how long to wait, and
// then the right password is refused too. On an app of its own (LOGIN_MAX_FAILURES=2), so that its
// account is not there for the first-visitor test.
import { expect, test } from "@playwright/test";
import { type AppServer, startApp } from "../fixtures/app-server";
import { createTestDatabase, type TestDatabase } from "../fixtures/test-database";
import { createUser } from "../fixtures/users";
import { LoginPage } from "../pages/login-page";

const USER = { username: "hopper", password: "compiler-a-0-1952" };
let database: TestDatabase;
let app: AppServer;

test.beforeAll(async () => {
  database = await createTestDatabase();
  await createUser(USER, { DATABASE_URL: database.url });
  app = await startApp({ DATABASE_URL: database.url, LOGIN_MAX_FAILURES: "2" });
});

test.afterAll(async () => {
  await app?.stop();
  await database?.drop();
});

test("after too many wrong passwords the login page says how long to wait, and then logs in no one", async ({
  page,
}) => {
  const login = new LoginPage(page);
  await page.goto(app.url);
  const alert = page.locator("form").getByRole("alert");
  for (let attempt = 0; attempt < 2; attempt++) {
    await login.logIn(USER.username, "not-the-password");
    await expect(alert).toHaveText("Wrong username or password.");
  }
  await login.logIn(USER.username, USER.password);
  await expect(alert).toHaveText(/^Too many failed attempts\. Try again in \d+ minutes?\.$/);
  await expect(page).toHaveURL(`${app.url}/`);
});
