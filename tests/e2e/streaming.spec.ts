import { expect, type Page, test } from "@playwright/test";
import { readE2eState } from "../fixtures/e2e-state";
import { runUserCli } from "../fixtures/users";
import { type ChatPage, openChatAs } from "../pages/chat-page";

const USER = { username: "lovelace", password: "note-g-bernoulli" };

test.beforeAll(async () => {
  const { databaseUrl } = readE2eState();
  const result = await runUserCli(
    ["add", USER.username],
    { DATABASE_URL: databaseUrl },
    `${USER.password}\n`,
  );
  expect(result.status === 0 || result.stderr.includes("already exists")).toBe(true);
});

function openChat(page: Page): Promise<ChatPage> {
  return openChatAs(page, USER);
}

test("a reply appears word by word, then settles", async ({ page }) => {
  const chat = await openChat(page);
  const text = `Stream this slowly please, ${"one word at a time ".repeat(4)}[[delay:120]]`;
  await chat.send(text);
  const reply = chat.assistantMessages().last();
  await expect(reply).toHaveAttribute("data-status", "streaming");
  await expect(chat.text(reply)).toContainText("Echo: Stream");
  await expect(chat.text(reply)).not.toContainText("(1 messages)");
  await expect(page.getByRole("button", { name: "Stop generating" })).toBeVisible();
  await expect(reply).toHaveAttribute("data-status", "sent");
  await expect(chat.text(reply)).toHaveText(`Echo: ${text} (1 messages)`);
  await expect(page.getByRole("button", { name: "Send message" })).toBeVisible();
});

test("Stop and Esc end generation and keep what was written", async ({ page }) => {
  const chat = await openChat(page);
  await chat.send(
    `Write a long story about a loom that dreams of electric sheep ${"again and again ".repeat(6)}[[delay:150]]`,
  );
  const first = chat.assistantMessages().last();
  await expect(chat.text(first)).toContainText("Echo: Write");
  await page.getByRole("button", { name: "Stop generating" }).click();
  await expect(first).toHaveAttribute("data-status", "stopped");
  await expect(first.getByText("Stopped")).toBeVisible();
  const kept = await chat.text(first).innerText();
  expect(kept.length).toBeGreaterThan(5);
  await page.reload();
  await expect(chat.text(chat.assistantMessages().last())).toHaveText(kept);

  await chat.send(`Another long story, about a tireless engine ${"again and again ".repeat(6)}[[delay:150]]`);
  const second = chat.assistantMessages().last();
  await expect(chat.text(second)).toContainText("Echo: Another");
  await page.keyboard.press("Escape");
  await expect(second).toHaveAttribute("data-status", "stopped");
});

test("regenerate shows a new version of the last reply, and edit a new version of the last message", async ({
  page,
}) => {
  const chat = await openChat(page);
  await chat.send("Give me a number [[vary]]");
  const reply = chat.assistantMessages().last();
  await expect(reply).toHaveAttribute("data-status", "sent");
  const before = await chat.text(reply).innerText();
  await reply.getByRole("button", { name: "Regenerate" }).click();
  await expect(chat.text(chat.assistantMessages().last())).not.toHaveText(before);
  await expect(chat.assistantMessages()).toHaveCount(1);

  await chat.userMessages().last().getByRole("button", { name: "Edit" }).click();
  const editor = page.getByRole("textbox", { name: "Edit message" });
  await editor.fill("Give me a letter instead");
  await page.getByRole("button", { name: "Save and send" }).click();
  await expect(chat.text(chat.userMessages().last())).toHaveText("Give me a letter instead");
  await expect(chat.text(chat.assistantMessages().last())).toHaveText(
    "Echo: Give me a letter instead (1 messages)",
  );
  await page.reload();
  await expect(chat.userMessages()).toHaveCount(1);
  await expect(chat.text(chat.assistantMessages().last())).toHaveText(
    "Echo: Give me a letter instead (1 messages)",
  );
});

test("a reload in the middle of a reply picks it up where it is and finishes it", async ({ page }) => {
  const chat = await openChat(page);
  const text = `Keep going while I reload the page, ${"and then some more ".repeat(6)}[[delay:120]]`;
  await chat.send(text);
  await expect(chat.text(chat.assistantMessages().last())).toContainText("Echo: Keep");
  await page.reload();
  const reply = chat.assistantMessages().last();
  await expect(reply).toHaveAttribute("data-status", "streaming");
  await expect(reply).toHaveAttribute("data-status", "sent", { timeout: 15_000 });
  await expect(chat.text(reply)).toHaveText(`Echo: ${text} (1 messages)`);
});

test("a failed reply shows what happened and can be retried", async ({ page }) => {
  const chat = await openChat(page);
  await chat.send("This will break [[cut-after:2]]");
  const reply = chat.assistantMessages().last();
  await expect(reply).toHaveAttribute("data-status", "error");
  await expect(chat.text(reply)).toHaveText("Echo: This");
  await expect(reply.getByRole("alert")).toContainText("cut off");
  await expect(reply.getByRole("button", { name: "Retry" })).toBeVisible();
});

test("Markdown renders: lists, tables and highlighted code with a copy button; an unclosed fence renders as code", async ({
  page,
}) => {
  const chat = await openChat(page);
  await chat.send(
    "# Title\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nprint('hi')\n```\n\n```js\nlet open = true",
  );
  const reply = chat.assistantMessages().last();
  await expect(reply).toHaveAttribute("data-status", "sent");
  await expect(reply.getByRole("listitem")).toHaveCount(2);
  await expect(reply.getByRole("table")).toBeVisible();
  await expect(reply.locator("pre code.language-python .hljs-built_in")).toHaveText("print");
  await expect(reply.getByRole("button", { name: "Copy code" })).toHaveCount(2);
  await expect(reply.locator("pre code.language-js")).toContainText("let open = true");
});

test("nothing in a message, a reply or a summary can run script", async ({ page }) => {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const chat = await openChat(page);
  const attack =
    'Hello <script>window.__pwned = "script"</script> <img src=x onerror="window.__pwned = \'img\'"> [click me](javascript:window.__pwned=\'link\') <iframe src="javascript:alert(1)"></iframe> [[summary-echo]]';
  await chat.send(attack);
  const reply = chat.assistantMessages().last();
  await expect(reply).toHaveAttribute("data-status", "sent");

  // The text stays visible, as text.
  await expect(chat.text(chat.userMessages().last())).toContainText(
    '<script>window.__pwned = "script"</script>',
  );
  await expect(chat.text(reply)).toContainText("<script>");
  await expect(chat.text(reply)).toContainText("onerror=");
  await expect(chat.text(reply)).toContainText("click me");
  const summary = chat.conversations.getByRole("link").first();
  await expect(summary).toContainText("<img src=x onerror=");

  await page.reload();
  await expect(chat.text(chat.assistantMessages().last())).toContainText("<script>");
  // Whatever the page would run has run once it has loaded and gone quiet.
  await page.waitForLoadState("networkidle");
  expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  await expect(page.locator('a[href^="javascript"], iframe, main img, main script')).toHaveCount(0);

  const response = await page.request.get(page.url());
  const csp = response.headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
});
