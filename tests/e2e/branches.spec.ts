// Versions as a person uses them: edit an earlier message, step back to the first version, see a
// regenerated reply's versions, and branch off into a new chat. On an app of its own, so that the
// shared one still has no account when the first-visitor test runs.
import { expect, test } from "@playwright/test";
import { type AppServer, startApp } from "../fixtures/app-server";
import { type MockOpenAI, startMockOpenAI } from "../fixtures/mock-openai";
import { createTestDatabase, type TestDatabase } from "../fixtures/test-database";
import { createUser } from "../fixtures/users";
import { openChatAs } from "../pages/chat-page";

const USER = { username: "hypatia", password: "astrolabe-of-alexandria" };

let database: TestDatabase;
let mock: MockOpenAI;
let app: AppServer;

test.beforeAll(async () => {
  database = await createTestDatabase();
  mock = await startMockOpenAI();
  await createUser(USER, { DATABASE_URL: database.url });
  app = await startApp({ DATABASE_URL: database.url, OPENAI_BASE_URL: mock.baseURL, OPENAI_MODEL: "mock" });
});

test.afterAll(async () => {
  await app?.stop();
  await mock?.close();
  await database?.drop();
});

test("edit an earlier message, step back to the first version with <, and branch off into a new chat", async ({
  page,
}) => {
  const chat = await openChatAs(page, USER, app.url);
  for (const [index, text] of ["First question", "Second question", "Third question"].entries()) {
    await chat.send(text);
    await expect(chat.assistantMessages()).toHaveCount(index + 1);
    await expect(chat.assistantMessages().last()).toHaveAttribute("data-status", "sent");
  }

  // Edit the second message: what followed it goes, the new version is answered.
  const second = chat.userMessages().nth(1);
  await second.getByRole("button", { name: "Edit" }).click();
  await page.getByRole("textbox", { name: "Edit message" }).fill("Second question, put better");
  await page.getByRole("button", { name: "Save and send" }).click();
  await expect(chat.assistantMessages().last()).toHaveAttribute("data-status", "sent");
  await expect(chat.userMessages()).toHaveCount(2);
  await expect(chat.text(chat.assistantMessages().last())).toHaveText(
    "Echo: Second question, put better (3 messages)",
  );
  const versions = chat.userMessages().nth(1).getByRole("group", { name: "Versions" });
  await expect(versions.getByTestId("version")).toHaveText("2/2");

  // Back to the first version, with everything that followed it.
  await versions.getByRole("button", { name: "Previous version" }).click();
  await expect(chat.userMessages()).toHaveCount(3);
  await expect(chat.text(chat.userMessages().nth(1))).toHaveText("Second question");
  await expect(chat.text(chat.userMessages().last())).toHaveText("Third question");
  await expect(versions.getByTestId("version")).toHaveText("1/2");
  await expect(versions.getByRole("button", { name: "Previous version" })).toBeDisabled();
  // It holds after a reload.
  await page.reload();
  await expect(chat.text(chat.userMessages().last())).toHaveText("Third question");
  await expect(chat.userMessages().nth(1).getByTestId("version")).toHaveText("1/2");

  // A regenerated reply has versions too.
  await chat.assistantMessages().first().getByRole("button", { name: "Regenerate" }).click();
  await expect(chat.assistantMessages()).toHaveCount(1);
  await expect(chat.assistantMessages().first()).toHaveAttribute("data-status", "sent");
  await expect(chat.assistantMessages().first().getByTestId("version")).toHaveText("2/2");

  // Branch off: a new chat holding the conversation up to that reply.
  const original = page.url();
  await chat.assistantMessages().first().getByRole("button", { name: "Branch off" }).click();
  await expect.poll(() => page.url()).not.toBe(original);
  await expect(page).toHaveURL(/\/interact_history\/[0-9a-f-]{36}$/);
  await expect(chat.userMessages()).toHaveCount(1);
  await expect(chat.text(chat.userMessages().first())).toHaveText("First question");
  await chat.send("Onwards in the new chat");
  await expect(chat.text(chat.assistantMessages().last())).toHaveText(
    "Echo: Onwards in the new chat (3 messages)",
  );
});
