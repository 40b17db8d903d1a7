// What a new user met and minded (issue 11), tried in Chromium against an app of this file's own:
// a small body limit (so that the server, not the browser, refuses a long message) and a quota of
// three messages a day.
import { expect, type Page, test } from "@playwright/test";
import { type AppServer, startApp } from "../fixtures/app-server";
import { type MockOpenAI, startMockOpenAI } from "../fixtures/mock-openai";
import { createTestDatabase, type TestDatabase } from "../fixtures/test-database";
import { createUser } from "../fixtures/users";
import { ChatPage, openChatAs } from "../pages/chat-page";

const USER = { username: "newcomer", password: "first-day-here-1" };
const QUOTA = 3;

let database: TestDatabase;
let mock: MockOpenAI;
let app: AppServer;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  database = await createTestDatabase();
  mock = await startMockOpenAI();
  await createUser(USER, { DATABASE_URL: database.url });
  app = await startApp({
    DATABASE_URL: database.url,
    OPENAI_BASE_URL: mock.baseURL,
    OPENAI_MODEL: "mock-model",
    MAX_BODY_BYTES: "20000",
    MESSAGES_PER_DAY: String(QUOTA),
  });
});

test.afterAll(async () => {
  await app?.stop();
  await mock?.close();
  await database?.drop();
});

async function savedMessages(page: Page): Promise<{ role: string; content: string; status: string }[]> {
  const id = /\/interact_history\/([0-9a-f-]{36})/.exec(page.url())?.[1];
  const response = await page.request.get(`${app.url}/api/sessions/${id}`);
  return (
    (await response.json()) as { messages: { role: string; content: string; status: string }[] }
  ).messages.map(({ role, content, status }) => ({ role, content, status }));
}

test("a message the server refuses shows as not sent, keeps its text, and Resend and Edit send it as a new message", async ({
  page,
}) => {
  const chat = await openChatAs(page, USER, app.url);
  await chat.send("First question");
  await expect(chat.assistantMessages().last()).toHaveAttribute("data-status", "sent");
  const before = await savedMessages(page);
  expect(before.map((m) => m.role)).toEqual(["user", "assistant"]);

  // 413: longer than the server takes, though within what the box allows.
  const long = `Please summarise: ${"lorem ipsum ".repeat(2_000)}`;
  await chat.input.fill(long);
  await chat.input.press("Enter");
  const refused = chat.userMessages().last();
  await expect(refused).toHaveAttribute("data-status", "failed");
  await expect(refused.getByRole("alert")).toContainText(
    "Not sent. Request body is larger than 20000 bytes.",
  );
  await expect(chat.text(refused)).toHaveText(long);
  // Resend sends it again as a new message (refused again); nothing saved changed.
  await refused.getByRole("button", { name: "Resend" }).click();
  await expect(refused).toHaveAttribute("data-status", "failed");
  expect(await savedMessages(page)).toEqual(before);

  // Edit it into something shorter: it is sent as a new message, the earlier reply untouched.
  await refused.getByRole("button", { name: "Edit" }).click();
  await page.getByRole("textbox", { name: "Edit message" }).fill("A shorter question");
  await page.getByRole("button", { name: "Save and send" }).click();
  await expect(chat.assistantMessages()).toHaveCount(2);
  await expect(chat.assistantMessages().last()).toHaveAttribute("data-status", "sent");
  expect((await savedMessages(page)).map((m) => m.content)).toEqual([
    "First question",
    before[1]?.content,
    "A shorter question",
    "Echo: A shorter question (3 messages)",
  ]);
  await expect(chat.userMessages()).toHaveCount(2);
});

test("over the quota: not sent, with the time the user can go on in their own time; Retry and Regenerate change nothing", async ({
  page,
}) => {
  const chat = await openChatAs(page, USER, app.url);
  await chat.send("Third message");
  await expect(chat.assistantMessages().last()).toHaveAttribute("data-status", "sent");
  const before = await savedMessages(page);

  await chat.send("One too many");
  const refused = chat.userMessages().last();
  await expect(refused).toHaveAttribute("data-status", "failed");
  const alert = refused.getByRole("alert");
  await expect(alert).toContainText(
    `You have sent ${QUOTA} messages in the last 24 hours, the most allowed.`,
  );
  // The time, as the browser shows times (HH:MM), not an ISO timestamp.
  await expect(alert).toContainText(/You can chat again at (\w+ )?\d{1,2}[:.]\d\d/);
  await expect(alert).not.toContainText(/\d{4}-\d\d-\d\dT/);

  await refused.getByRole("button", { name: "Resend" }).click();
  await expect(refused).toHaveAttribute("data-status", "failed");
  await chat.assistantMessages().last().getByRole("button", { name: "Regenerate" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "the most allowed" }).last()).toBeVisible();
  expect(await savedMessages(page)).toEqual(before);
  await expect(chat.assistantMessages().last()).toHaveAttribute("data-status", "sent");
});

test("a long message shows a counter before the limit, and cannot be sent past it", async ({ page }) => {
  const chat = await openChatAs(page, USER, app.url);
  await chat.input.fill("x".repeat(85_000));
  await expect(page.getByText("85,000 / 100,000 characters")).toBeVisible();
  await chat.input.fill("x".repeat(100_001));
  await expect(page.getByText("100,001 / 100,000 characters: too long to send")).toBeVisible();
  await expect(page.getByRole("button", { name: "Send message" })).toBeDisabled();
});

test("a request that cannot reach the server says so, and keeps the message", async ({ page, context }) => {
  const chat = await openChatAs(page, USER, app.url);
  await context.setOffline(true);
  await chat.send("Sent while offline");
  const message = chat.userMessages().last();
  await expect(message).toHaveAttribute("data-status", "failed");
  await expect(message.getByRole("alert")).toContainText("Could not reach the server");
  await context.setOffline(false);
  await expect(chat.text(message)).toHaveText("Sent while offline");
});

test("opening a conversation's link while logged out comes back to it after logging in", async ({
  page,
  browser,
}) => {
  const chat = await openChatAs(page, USER, app.url);
  await chat.conversations.getByRole("link").first().click();
  await expect(page).toHaveURL(/\/interact_history\/[0-9a-f-]{36}$/);
  const link = page.url();

  const fresh = await browser.newPage();
  await fresh.goto(link);
  await expect(fresh).toHaveURL(/\/\?next=%2Finteract_history%2F/);
  await fresh.getByLabel("Username").fill(USER.username);
  await fresh.getByLabel("Password", { exact: true }).fill(USER.password);
  await fresh.getByRole("button", { name: "Log in" }).click();
  await expect(fresh).toHaveURL(link);
  await expect(new ChatPage(fresh).userMessages().first()).toBeVisible();
  await fresh.close();
});
