import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { readE2eState } from "../fixtures/e2e-state";
import { runUserCli } from "../fixtures/users";
import { ChatPage } from "../pages/chat-page";
import { LoginPage } from "../pages/login-page";

const USER = { username: "hopper", password: "first-compiler-1952" };

test.beforeAll(async () => {
  const { databaseUrl } = readE2eState();
  const result = await runUserCli(
    ["add", USER.username],
    { DATABASE_URL: databaseUrl },
    `${USER.password}\n`,
  );
  expect(result.status === 0 || result.stderr.includes("already exists")).toBe(true);
});

test("a user creates a token (shown once), uses it, revokes it, and logs out everywhere", async ({
  page,
}) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.logIn(USER.username, USER.password);
  await new ChatPage(page).expectLoaded();
  await new ChatPage(page).accountMenu("Settings");
  await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();

  await page.getByLabel("Token name").fill("backup script");
  await page.getByLabel("Expires after").selectOption({ label: "30 days" });
  await page.getByRole("button", { name: "Create token" }).click();
  const secret = (await page.getByTestId("new-token").textContent()) ?? "";
  expect(secret).toMatch(/^chat_/);
  const tokens = page.getByRole("list", { name: "Your API tokens" });
  await expect(tokens).toContainText("backup script");
  await expect(tokens).toContainText("expires");
  const { url } = readE2eState();
  expect(
    (await fetch(`${url}/api/sessions`, { headers: { authorization: `Bearer ${secret}` } })).status,
  ).toBe(200);

  const serious = (await new AxeBuilder({ page }).analyze()).violations.filter(
    (v) => v.impact === "serious" || v.impact === "critical",
  );
  expect(serious.map((v) => v.id)).toEqual([]);

  await page.reload();
  await expect(page.getByTestId("new-token")).toHaveCount(0);
  await page.getByRole("button", { name: "Revoke backup script" }).click();
  await expect(tokens).toHaveCount(0);
  expect(
    (await fetch(`${url}/api/sessions`, { headers: { authorization: `Bearer ${secret}` } })).status,
  ).toBe(401);

  await page.getByRole("button", { name: "Log out everywhere" }).click();
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
  await page.goto("/settings");
  await expect(page).toHaveURL(/\/\?next=%2Fsettings$/);
});

test("a wrong current password is explained, and a changed password logs in", async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.logIn(USER.username, USER.password);
  await new ChatPage(page).expectLoaded();
  await page.goto("/settings");
  await page.getByLabel("Current password").fill("not-my-password");
  await page.getByLabel("New password", { exact: true }).fill("nanosecond-wire-1985");
  await page.getByLabel("Repeat new password").fill("nanosecond-wire-1985");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "current password" })).toBeVisible();
  await page.getByLabel("Current password").fill(USER.password);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Password changed" })).toBeVisible();
  USER.password = "nanosecond-wire-1985";
});
