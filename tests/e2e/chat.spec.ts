import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { readE2eState } from "../fixtures/e2e-state";
import { runUserCli } from "../fixtures/users";
import { ChatPage } from "../pages/chat-page";
import { LoginPage } from "../pages/login-page";

const ADMIN = { username: "grace", password: "compiler-pioneer-1952" };
const OTHER = { username: "alan", password: "turing-machine-1936" };

test.describe.configure({ mode: "serial" });

async function expectNoSeriousA11yViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  // Each with the elements it found, so that a failure says where to look.
  expect(
    serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((node) => node.target.join(" ")).join(", ")})`),
  ).toEqual([]);
}

async function logIn(page: Page, user = ADMIN) {
  const login = new LoginPage(page);
  await login.goto();
  await login.logIn(user.username, user.password);
  await new ChatPage(page).expectLoaded();
}

let conversationUrl = "";

test("the first visitor creates the admin account and lands in the chat", async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await expectNoSeriousA11yViolations(page);
  await login.createFirstAccount(ADMIN.username, ADMIN.password);
  const chat = new ChatPage(page);
  await chat.expectLoaded();
  await expect(chat.input).toBeFocused();
  await expectNoSeriousA11yViolations(page);
});

test("a wrong password gets a clear message that does not say whether the user exists", async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.logIn(ADMIN.username, "not-the-password");
  await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong username or password.");
  await login.logIn("nobody-here", "not-the-password");
  await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong username or password.");
  await expect(page).toHaveURL(/\/$/);
});

test("sending shows the message at once, then the reply, then the summary in the sidebar", async ({
  page,
}) => {
  await logIn(page);
  const chat = new ChatPage(page);
  await chat.send("Plan a hiking trip to Patagonia [[delay:150]]");
  await expect(chat.text(chat.userMessages().last())).toHaveText(
    "Plan a hiking trip to Patagonia [[delay:150]]",
  );
  await expect(page.getByRole("status")).toHaveText("Thinking…");
  await expect(chat.assistantMessages().last()).toContainText("Echo: Plan a hiking trip to Patagonia");
  await expect(chat.conversations.getByRole("link", { name: "Plan hiking trip Patagonia" })).toBeVisible();
  await expect(page).toHaveURL(/\/interact_history\/[0-9a-f-]{36}$/);
  await expect(chat.input).toBeFocused();
  conversationUrl = page.url();

  await chat.input.fill("first line");
  await chat.input.press("Shift+Enter");
  await chat.input.pressSequentially("second line");
  await expect(chat.input).toHaveValue("first line\nsecond line");
  await chat.input.press("Enter");
  await expect(chat.assistantMessages()).toHaveCount(2);
  await expect(chat.text(chat.userMessages().last())).toHaveText("first line\nsecond line");
  await expectNoSeriousA11yViolations(page);
});

test("a deep link opens the conversation with its history rendered on the server", async ({ page }) => {
  await logIn(page);
  const html = await (await page.request.get(conversationUrl)).text();
  expect(html).toContain("Plan a hiking trip to Patagonia");
  expect(html).toContain("Echo: Plan a hiking trip to Patagonia");

  await page.goto(conversationUrl);
  const chat = new ChatPage(page);
  await expect(chat.userMessages()).toHaveCount(2);
  await chat.send("One more question");
  await expect(chat.assistantMessages().last()).toContainText("(5 messages)");

  await chat.newChat();
  await expect(page).toHaveURL(/\/interact_history$/);
  await expect(chat.userMessages()).toHaveCount(0);
  await chat.conversations.getByRole("link", { name: "Plan hiking trip Patagonia" }).click();
  await expect(chat.userMessages()).toHaveCount(3);
});

test("another user's conversation is a 404 page", async ({ browser }) => {
  const { databaseUrl } = readE2eState();
  expect(
    (await runUserCli(["add", OTHER.username], { DATABASE_URL: databaseUrl }, `${OTHER.password}\n`)).status,
  ).toBe(0);
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, OTHER);
  await expect(new ChatPage(page).conversations.getByRole("link")).toHaveCount(0);
  const response = await page.goto(conversationUrl);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  expect(await page.content()).not.toContain("Patagonia");
  await context.close();
});

test("logging out lands on the login page, and the old cookie no longer works", async ({ page, context }) => {
  await logIn(page);
  const oldCookies = await context.cookies();
  await new ChatPage(page).logOut();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await page.goBack();
  await page.reload();
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();

  await context.addCookies(oldCookies);
  const response = await page.goto(conversationUrl);
  expect(new URL(page.url()).pathname).toBe("/");
  expect(response?.status()).toBe(200);
  const api = await page.request.get("/api/sessions");
  expect(api.status()).toBe(401);
});

test("on a phone the conversations open in a drawer", async ({ browser }) => {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  await logIn(page);
  const chat = new ChatPage(page);
  await expect(chat.conversations).not.toBeInViewport();
  await page.getByRole("button", { name: "Show conversations" }).click();
  await expect(chat.conversations).toBeInViewport();
  await chat.conversations.getByRole("link", { name: "Plan hiking trip Patagonia" }).click();
  await expect(chat.userMessages()).toHaveCount(3);
  await expect(chat.conversations).not.toBeInViewport();
  await context.close();
});
