import { randomUUID } from "node:crypto";
import { expect, type Page, test } from "@playwright/test";
import { readE2eState } from "../fixtures/e2e-state";
import { runUserCli } from "../fixtures/users";
import { type ChatPage, openChatAs } from "../pages/chat-page";

const USER = { username: "curie", password: "radium-polonium-1898" };
const DAY = 24 * 60 * 60 * 1000;

test.describe.configure({ mode: "serial" });

function conversation(title: string, at: number, messages: string[]) {
  return {
    session_id: randomUUID(),
    title,
    summary: null,
    created_at: new Date(at).toISOString(),
    updated_at: new Date(at).toISOString(),
    messages: messages.map((content, index) => ({
      role: index % 2 === 0 ? "user" : "assistant",
      content,
      status: "complete",
      timestamp: new Date(at - (messages.length - index) * 1000).toISOString(),
    })),
  };
}

test.beforeAll(async ({ request }) => {
  const { databaseUrl, url } = readE2eState();
  const created = await runUserCli(
    ["add", USER.username],
    { DATABASE_URL: databaseUrl },
    `${USER.password}\n`,
  );
  expect(created.status === 0 || created.stderr.includes("already exists")).toBe(true);

  const now = Date.now();
  const filler = Array.from({ length: 70 }, (_, i) =>
    conversation(`Older chat number ${i}`, now - 30 * DAY - i * DAY, ["hi", "hello"]),
  );
  const long = conversation(
    "A very long conversation",
    now - 2 * DAY,
    Array.from({ length: 150 }, (_, i) => `Long conversation message ${i}`),
  );
  const findMe = conversation("Zoology notes", now - 1 * DAY, [
    "Tell me about animals",
    "Many animals exist.",
    "What about the okapi, the forest giraffe?",
    "The okapi lives in the Ituri rainforest.",
  ]);
  const travel = conversation("旅行笔记", now - 2 * DAY, ["我们下周去北京看长城", "好的，长城很壮观。"]);
  const today = conversation("Today's plan", now - 60_000, ["Plan my day", "Sure."]);
  // Import through the API, as a user would with an export file.
  const csrf = await (await request.get(`${url}/api/auth/csrf`)).json();
  await request.post(`${url}/api/auth/callback/credentials`, {
    form: { username: USER.username, password: USER.password, csrfToken: csrf.csrfToken, json: "true" },
  });
  const response = await request.post(`${url}/api/import`, {
    data: {
      format: "chat-history-export",
      version: 1,
      conversations: [...filler, long, travel, findMe, today],
    },
  });
  expect(response.status()).toBe(200);
});

function openChat(page: Page): Promise<ChatPage> {
  return openChatAs(page, USER);
}

test("the sidebar groups conversations by date and loads more as it scrolls", async ({ page }) => {
  const chat = await openChat(page);
  await expect(chat.conversations.getByRole("region", { name: "Today" })).toContainText("Today's plan");
  await expect(chat.conversations.getByRole("region", { name: "Yesterday" })).toContainText("Zoology notes");
  await expect(chat.conversations.getByRole("region", { name: "Previous 7 days" })).toContainText(
    "A very long conversation",
  );
  const links = chat.conversations.getByRole("link");
  await expect(links).toHaveCount(50);
  await chat.conversations.getByRole("status").scrollIntoViewIfNeeded();
  await expect(links).toHaveCount(74);
  await expect(chat.conversations.getByRole("link", { name: "Older chat number 69" })).toBeAttached();
});

test("search finds a message by a word prefix and opens the conversation at it", async ({ page }) => {
  await openChat(page);
  await page.getByRole("searchbox", { name: "Search conversations" }).fill("okap");
  const results = page.getByRole("list", { name: "Search results" });
  const hit = results.getByRole("link").first();
  await expect(hit).toContainText("Zoology notes");
  await expect(hit.locator("mark").first()).toHaveText(/okapi/i);
  await hit.click();
  await expect(page).toHaveURL(/\/interact_history\/[0-9a-f-]{36}\?message=[0-9a-f-]{36}$/);
  const messageId = new URL(page.url()).searchParams.get("message");
  const target = page.locator(`#message-${messageId}`);
  await expect(target).toContainText(/okapi/i);
  await expect(target).toBeInViewport();
  await expect(target).toHaveClass(/ring-2/);
  await page.getByRole("searchbox", { name: "Search conversations" }).fill("长城");
  const chinese = page.getByRole("list", { name: "Search results" }).getByRole("link").first();
  await expect(chinese).toContainText("旅行笔记");
  await expect(chinese.locator("mark").first()).toHaveText("长城");
  await page.getByRole("searchbox", { name: "Search conversations" }).fill("nothingmatchesthis");
  await expect(page.getByText("No conversation matches.")).toBeVisible();
});

test("rename and delete, with a confirmation", async ({ page }) => {
  const chat = await openChat(page);
  await chat.conversations.getByRole("button", { name: "Rename Today's plan" }).click();
  const input = page.getByRole("textbox", { name: "New name for the conversation" });
  await input.fill("Plans for Tuesday");
  await input.press("Enter");
  await expect(chat.conversations.getByRole("link", { name: "Plans for Tuesday" })).toBeVisible();
  await page.reload();
  await expect(chat.conversations.getByRole("link", { name: "Plans for Tuesday" })).toBeVisible();

  await chat.conversations.getByRole("link", { name: "Plans for Tuesday" }).click();
  await expect(chat.userMessages()).toHaveCount(1);
  await chat.conversations.getByRole("button", { name: "Delete Plans for Tuesday" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete this conversation?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(chat.conversations.getByRole("link", { name: "Plans for Tuesday" })).toBeVisible();
  await chat.conversations.getByRole("button", { name: "Delete Plans for Tuesday" }).click();
  await dialog.getByRole("button", { name: "Delete" }).click();
  await expect(chat.conversations.getByRole("link", { name: "Plans for Tuesday" })).toHaveCount(0);
  await expect(page).toHaveURL(/\/interact_history$/);
  await page.getByRole("searchbox", { name: "Search conversations" }).fill("Tuesday");
  await expect(page.getByText("No conversation matches.")).toBeVisible();
});

test("a long conversation opens at its end and loads older messages as it scrolls up, holding its place", async ({
  page,
}) => {
  const chat = await openChat(page);
  await chat.conversations.getByRole("link", { name: "A very long conversation" }).click();
  const messages = page.locator("article");
  await expect(messages).toHaveCount(50);
  await expect(messages.last()).toBeInViewport();
  await expect(messages.last()).toContainText("Long conversation message 149");

  const firstShown = page.locator("article", { hasText: "Long conversation message 100" });
  await firstShown.scrollIntoViewIfNeeded();
  await expect(messages).toHaveCount(100);
  await expect(firstShown).toBeInViewport();
  await page.locator("article").first().scrollIntoViewIfNeeded();
  await expect(messages).toHaveCount(150);
  await expect(page.locator("article").first()).toContainText("Long conversation message 0");
});
