// Organising conversations as a person does: a folder made in the sidebar, a conversation moved into
// it with the keyboard and another dragged onto it, one pinned to the top, one archived and found in
// the Archived view; and one shared with a colleague, who opens the link and goes on with a copy. On an app of its own, so that the shared one keeps no account for the
// first-visitor test.
import path from "node:path";
import { expect, test } from "@playwright/test";
import { type AppServer, ROOT, startApp } from "../fixtures/app-server";
import { type MockOpenAI, startMockOpenAI } from "../fixtures/mock-openai";
import { createTestDatabase, type TestDatabase } from "../fixtures/test-database";
import { createUser } from "../fixtures/users";
import { ChatPage, openChatAs } from "../pages/chat-page";

const USER = { username: "dewey", password: "decimal-classification-1876" };
const COLLEAGUE = { username: "ranganathan", password: "colon-classification-1933" };
const SHOTS = path.join(ROOT, "test-results", "screenshots");

let database: TestDatabase;
let mock: MockOpenAI;
let app: AppServer;

test.beforeAll(async () => {
  database = await createTestDatabase();
  mock = await startMockOpenAI();
  await createUser(USER, { DATABASE_URL: database.url });
  await createUser(COLLEAGUE, { DATABASE_URL: database.url });
  app = await startApp({ DATABASE_URL: database.url, OPENAI_BASE_URL: mock.baseURL, OPENAI_MODEL: "mock" });
});

test.afterAll(async () => {
  await app?.stop();
  await mock?.close();
  await database?.drop();
});

async function startChat(chat: ChatPage, text: string) {
  await chat.newChat();
  await chat.send(text);
  await expect(chat.assistantMessages().last()).toHaveAttribute("data-status", "sent");
  await expect(
    chat.conversations.getByRole("link", { name: new RegExp(text.split(" ")[0] as string) }),
  ).toBeVisible();
}

test("make a folder, move a conversation into it, drag another onto it, pin one, archive one", async ({
  page,
}) => {
  const chat = await openChatAs(page, USER, app.url);
  await startChat(chat, "Budget for the spring");
  await startChat(chat, "Recipes for the summer");
  await startChat(chat, "Notes from the autumn");
  const sidebar = chat.conversations;

  await sidebar.getByRole("button", { name: "New folder", exact: true }).click();
  await page.getByRole("textbox", { name: "New folder's name" }).fill("Household");
  await page.keyboard.press("Enter");
  const folder = sidebar.getByTestId("folder").filter({ hasText: "Household" });
  await expect(folder).toBeVisible();

  // The keyboard's way: Move or archive, pick the folder, Move.
  const budget = sidebar.getByRole("link", { name: /^Budget/ }).first();
  await budget.hover();
  await sidebar
    .getByRole("button", { name: /^Move or archive Budget/ })
    .first()
    .click();
  const dialog = page.getByRole("dialog", { name: /^Organise/ });
  await dialog.getByLabel("Folder").selectOption({ label: "Household" });
  await dialog.getByRole("button", { name: "Move" }).click();
  await expect(dialog).toBeHidden();

  // The pointer's way: drag a conversation onto the folder.
  await sidebar
    .getByRole("link", { name: /^Recipes/ })
    .first()
    .dragTo(folder);
  await folder.getByRole("button", { name: "Household", exact: true }).click();
  const inside = sidebar.getByRole("list", { name: "In Household" });
  await expect(inside.getByRole("link", { name: /^Budget/ })).toBeVisible();
  await expect(inside.getByRole("link", { name: /^Recipes/ })).toBeVisible();

  // Pinned on top, in their own group.
  const notes = sidebar.getByRole("link", { name: /^Notes/ }).last();
  await notes.hover();
  await sidebar
    .getByRole("button", { name: /^Pin Notes/ })
    .last()
    .click();
  const pinned = sidebar.getByRole("region", { name: "Pinned" });
  await expect(pinned.getByRole("link", { name: /^Notes/ })).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, "sidebar-folders-desktop.png") });

  // Archived: out of the list, in the Archived view.
  const recipes = sidebar.getByRole("region", { name: "Today" }).getByRole("link", { name: /^Recipes/ });
  await recipes.hover();
  await sidebar
    .getByRole("region", { name: "Today" })
    .getByRole("button", { name: /^Move or archive Recipes/ })
    .click();
  await page
    .getByRole("dialog", { name: /^Organise/ })
    .getByRole("button", { name: "Archive" })
    .click();
  await expect(
    sidebar.getByRole("region", { name: "Today" }).getByRole("link", { name: /^Recipes/ }),
  ).toHaveCount(0);
  await page.getByRole("button", { name: "Archived" }).click();
  await expect(
    sidebar.getByRole("region", { name: "Archived" }).getByRole("link", { name: /^Recipes/ }),
  ).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, "sidebar-archived-desktop.png") });
  await page.getByRole("button", { name: "Back to conversations" }).click();
  await expect(pinned).toBeVisible();
});

test("share a conversation, and a colleague opens the link and continues it", async ({ page, browser }) => {
  const chat = await openChatAs(page, USER, app.url);
  await startChat(chat, "Cataloguing the rare maps");
  await page.getByRole("button", { name: "Share", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Share this conversation" });
  await dialog.getByLabel("Expires after").selectOption("7");
  await dialog.getByRole("button", { name: "Create link" }).click();
  const link = await dialog.getByRole("textbox", { name: "Share link" }).inputValue();
  expect(link).toMatch(/\/share\/[A-Za-z0-9_-]{43}$/);
  await expect(dialog.getByRole("listitem")).toHaveCount(1);
  await page.screenshot({ path: path.join(SHOTS, "share-dialog-desktop.png") });
  await dialog.getByRole("button", { name: "Close" }).click();

  // A colleague, logged in on this instance, reads it and goes on with a copy of their own.
  const context = await browser.newContext();
  const theirs = await context.newPage();
  await openChatAs(theirs, COLLEAGUE, app.url);
  await theirs.goto(link);
  await expect(theirs.getByRole("heading", { level: 1 })).toHaveText(/Cataloguing/);
  await expect(theirs.getByRole("article", { name: "Assistant" })).toContainText(
    "Echo: Cataloguing the rare maps",
  );
  await theirs.screenshot({ path: path.join(SHOTS, "share-page-desktop.png") });
  await theirs.getByRole("button", { name: "Continue this conversation" }).click();
  await expect(theirs).toHaveURL(/\/interact_history\/[0-9a-f-]{36}$/);
  const copy = new ChatPage(theirs);
  await expect(copy.userMessages().first()).toContainText("Cataloguing the rare maps");
  await copy.send("And the sea charts?");
  await expect(copy.assistantMessages().last()).toHaveAttribute("data-status", "sent");
  await context.close();

  // Logged out, the link asks to log in first.
  const visitor = await browser.newContext();
  const anonymous = await visitor.newPage();
  await anonymous.goto(link);
  await expect(anonymous.getByRole("heading", { name: "Log in" })).toBeVisible();
  await visitor.close();
});
