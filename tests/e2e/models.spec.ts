// Models as a person meets them: an administrator connects a second server, its models appear in
// the chat's picker, a user picks one with the keyboard, gives the chat instructions, and reads a
// reasoning model's thinking folded above its answer.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { type AppServer, startApp } from "../fixtures/app-server";
import { isSummaryRequest, type MockOpenAI, startMockOpenAI, textOf } from "../fixtures/mock-openai";
import { createTestDatabase, type TestDatabase } from "../fixtures/test-database";
import { createUser } from "../fixtures/users";
import { ChatPage, openChatAs } from "../pages/chat-page";

const ADMIN = { username: "hopper", password: "hopper-password-1" };
const USER = { username: "lovelace", password: "lovelace-password-1" };
const LAB_KEY = "sk-e2e-lab-5e1f0a9b7c";

let database: TestDatabase;
let envServer: MockOpenAI;
let lab: MockOpenAI;
let app: AppServer;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  database = await createTestDatabase();
  [envServer, lab] = await Promise.all([
    startMockOpenAI({ models: ["mock-model"] }),
    startMockOpenAI({ models: ["lab-llama", "lab-qwen"] }),
  ]);
  await createUser(ADMIN, { DATABASE_URL: database.url });
  await createUser(USER, { DATABASE_URL: database.url });
  app = await startApp({
    DATABASE_URL: database.url,
    OPENAI_BASE_URL: envServer.baseURL,
    OPENAI_MODEL: "mock-model",
  });
});

test.afterAll(async () => {
  await app?.stop();
  await Promise.all([envServer?.close(), lab?.close()]);
  await database?.drop();
});

async function expectNoSeriousA11yViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  // Each with the elements it found, so that a failure says where to look.
  expect(
    serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((node) => node.target.join(" ")).join(", ")})`),
  ).toEqual([]);
}

const picker = (page: Page) => page.getByRole("button", { name: /^Model:/ });

test("an administrator adds a connection, and its models appear in everyone's picker", async ({
  page,
  browser,
}) => {
  await openChatAs(page, ADMIN, app.url);
  await expect(picker(page)).toContainText("mock-model");
  await new ChatPage(page).accountMenu("Administration");
  const connections = page.getByRole("list", { name: "Connections" });
  await expect(connections).toContainText("from the environment");
  await page.getByRole("button", { name: "Add connection" }).click();
  await page.getByLabel("Name", { exact: true }).fill("Lab");
  await page.getByLabel("Base URL").fill(lab.baseURL);
  await page.getByLabel(/^API key/).fill(LAB_KEY);
  await page.getByLabel(/^Prefix/).fill("lab");
  await page.getByRole("button", { name: "Add connection" }).click();
  const added = connections.getByRole("listitem").filter({ hasText: "Lab" });
  await expect(added).toContainText("Answering");
  await expect(added).toContainText("2 models: lab-llama, lab-qwen");
  await expect(added).toContainText("key stored");
  await expect(page.locator("body")).not.toContainText(LAB_KEY);
  await expect(page.getByRole("table").filter({ hasText: "lab/lab-llama" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // Another user, in another browser, finds them in the picker, grouped under the connection.
  const context = await browser.newContext();
  const theirs = await context.newPage();
  await openChatAs(theirs, USER, app.url);
  await picker(theirs).click();
  const group = theirs.getByRole("group", { name: "Lab" });
  await expect(group.getByRole("option")).toHaveText([/lab-llama/, /lab-qwen/]);
  await context.close();
});

test("a user picks a model with the keyboard alone, and the reply says which model wrote it", async ({
  page,
}) => {
  const chat = await openChatAs(page, USER, app.url);
  await picker(page).focus();
  await page.keyboard.press("Enter");
  const filter = page.getByRole("combobox", { name: "Filter models" });
  await expect(filter).toBeFocused();
  await filter.fill("qwen");
  await expect(page.getByRole("option")).toHaveCount(1);
  await page.keyboard.press("Enter");
  await expect(picker(page)).toContainText("lab-qwen");
  await expect(picker(page)).toBeFocused();

  await chat.send("Which model are you?");
  await expect(chat.assistantMessages().last()).toHaveAttribute("data-status", "sent");
  await expect(chat.assistantMessages().last().getByTestId("reply-model")).toHaveText("lab/lab-qwen");
  const sent = lab.requests.findLast((request) => !isSummaryRequest(request));
  expect(sent?.model).toBe("lab-qwen");
  expect(sent?.authorization).toBe(`Bearer ${LAB_KEY}`);

  // The conversation keeps its model when opened again.
  await page.reload();
  await expect(picker(page)).toContainText("lab-qwen");
  await picker(page).click();
  await expectNoSeriousA11yViolations(page);
  await page.keyboard.press("Escape");
  await expect(page.getByRole("listbox")).toHaveCount(0);
});

test("a user gives a chat its own instructions, and the model is sent them first", async ({ page }) => {
  const chat = await openChatAs(page, USER, app.url);
  await page.getByRole("button", { name: "Conversation settings" }).click();
  const dialog = page.getByRole("dialog", { name: "Conversation settings" });
  await dialog.getByLabel("System prompt").fill("Answer as a ship's captain would.");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("button", { name: "Conversation settings" })).toContainText(
    "Custom instructions",
  );
  await chat.send("Where are we headed?");
  await expect(chat.assistantMessages().last()).toHaveAttribute("data-status", "sent");
  const sent = envServer.requests.findLast(
    (request) =>
      !isSummaryRequest(request) && textOf(request.messages?.at(-1)?.content) === "Where are we headed?",
  );
  expect(sent?.messages?.[0]).toEqual({ role: "system", content: "Answer as a ship's captain would." });

  // Changed in the middle of the chat, it holds from the next message on.
  await page.getByRole("button", { name: "Conversation settings" }).click();
  await expect(dialog.getByLabel("System prompt")).toHaveValue("Answer as a ship's captain would.");
  await dialog.getByLabel("System prompt").fill("Answer in one word.");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await chat.send("And then?");
  // The second reply, not the first, which is already there and sent.
  await expect(chat.assistantMessages()).toHaveCount(2);
  await expect(chat.assistantMessages().last()).toHaveAttribute("data-status", "sent");
  const next = envServer.requests.findLast(
    (request) => !isSummaryRequest(request) && textOf(request.messages?.at(-1)?.content) === "And then?",
  );
  expect(next?.messages?.[0]).toEqual({ role: "system", content: "Answer in one word." });
});

test("a preset made in settings is offered by a new chat, and the chat starts with it", async ({ page }) => {
  const chat = await openChatAs(page, USER, app.url);
  await chat.accountMenu("Settings");
  await page.getByRole("button", { name: "New preset" }).click();
  await page.getByLabel("Name", { exact: true }).fill("Haiku poet");
  await page.getByLabel("System prompt").fill("Reply only in haiku.");
  await page.getByRole("button", { name: "Create preset" }).click();
  await expect(page.getByRole("list", { name: "Presets" })).toContainText("Haiku poet");

  await page.goto(`${app.url}/interact_history`);
  await page.getByRole("button", { name: "Haiku poet" }).click();
  await expect(page.getByRole("button", { name: "Haiku poet" })).toHaveAttribute("aria-pressed", "true");
  await chat.send("Autumn leaves");
  await expect(chat.assistantMessages().last()).toHaveAttribute("data-status", "sent");
  const sent = envServer.requests.findLast(
    (request) => !isSummaryRequest(request) && textOf(request.messages?.at(-1)?.content) === "Autumn leaves",
  );
  expect(sent?.messages?.[0]).toEqual({ role: "system", content: "Reply only in haiku." });
});

test("a reasoning model's thinking is folded above its answer, and opens on a click", async ({ page }) => {
  const chat = await openChatAs(page, USER, app.url);
  await chat.send("Think it over [[think]] [[delay:30]]");
  const reply = chat.assistantMessages().last();
  await expect(reply).toHaveAttribute("data-status", "sent");
  const thoughts = reply.locator("details");
  await expect(thoughts.locator("summary")).toHaveText(/^Thought for \d+(\.\d+)? s$/);
  await expect(reply.getByTestId("reasoning")).toBeHidden();
  await expect(chat.text(reply)).toHaveText("Echo: Think it over [[think]] [[delay:30]] (1 messages)");
  await thoughts.locator("summary").click();
  await expect(reply.getByTestId("reasoning")).toHaveText(/Let me think about this step by step\./);

  await chat.send("Run out of room [[finish:length]]");
  await expect(chat.assistantMessages().last()).toContainText("The reply hit the model's length limit.");
});
