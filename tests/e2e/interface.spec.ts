// The interface details a new user noticed (issue 11): the sidebar, Stop, errors, the phone, the
// keyboard, the account menu and the theme.
import { expect, type Page, test } from "@playwright/test";
import { readE2eState } from "../fixtures/e2e-state";
import { runUserCli } from "../fixtures/users";
import { type ChatPage, openChatAs } from "../pages/chat-page";

const USER = { username: "hypatia", password: "astrolabe-of-alexandria" };

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

test("a new conversation is in the sidebar while its first reply is written, under its first words", async ({
  page,
}) => {
  const chat = await openChat(page);
  await chat.send("Brewing notes for a winter porter [[delay:150]] [[summary-hang]]");
  await expect(chat.assistantMessages().last()).toHaveAttribute("data-status", "streaming");
  await expect(
    chat.conversations.getByRole("link", { name: /^Brewing notes for a winter porter/ }),
  ).toBeVisible();
});

test("a conversation whose summary the model cannot write is listed under words of its own", async ({
  page,
}) => {
  const chat = await openChat(page);
  await chat.send("Tidal patterns near Mont Saint-Michel [[summary-status:500]]");
  await expect(chat.assistantMessages().last()).toHaveAttribute("data-status", "sent");
  const entry = chat.conversations.getByRole("link", { name: /^Tidal patterns near Mont Saint-Michel/ });
  await expect(entry).toBeVisible();
  await page.reload();
  await expect(entry).toBeVisible();
});

test("Stop before the first word stops at once", async ({ page }) => {
  const chat = await openChat(page);
  await chat.send("Think about this for a long time [[hang]]");
  const reply = chat.assistantMessages().last();
  await expect(reply).toHaveAttribute("data-status", "streaming");
  const stop = page.getByRole("button", { name: "Stop generating" });
  await stop.click();
  await expect(reply).toHaveAttribute("data-status", "stopped", { timeout: 1_000 });
});

test("a model server's HTTP error is shown in its own words", async ({ page }) => {
  const chat = await openChat(page);
  await chat.send("This will fail [[status:503]]");
  const reply = chat.assistantMessages().last();
  await expect(reply).toHaveAttribute("data-status", "error");
  await expect(reply.getByRole("alert")).toHaveText("The model server answered 503: mock failure 503");
});

test("the keyboard: a skip link, Ctrl+K for search, Ctrl+Shift+O for a new chat, and the account menu", async ({
  page,
}) => {
  const chat = await openChat(page);
  await chat.send("Keyboard only, please");
  await expect(chat.assistantMessages().last()).toHaveAttribute("data-status", "sent");
  await page.locator("body").click({ position: { x: 1, y: 1 } });

  await page.keyboard.press("Control+k");
  await expect(page.getByRole("searchbox", { name: "Search conversations" })).toBeFocused();
  await page.keyboard.press("Escape");

  await page.keyboard.press("Control+Shift+O");
  await expect(page).toHaveURL(/\/interact_history$/);
  await expect(chat.userMessages()).toHaveCount(0);

  await page.goto("/interact_history");
  // The skip link is the first thing Tab reaches on the page; it shows when focused, and leads to the chat.
  const firstTabStop = await page.evaluate(
    () =>
      document.querySelector<HTMLElement>(
        "a[href], button, input, textarea, select, [tabindex]:not([tabindex='-1'])",
      )?.textContent,
  );
  expect(firstTabStop).toBe("Skip to the chat");
  const skip = page.getByRole("link", { name: "Skip to the chat" });
  await skip.focus();
  await expect(skip).toBeInViewport();
  await page.keyboard.press("Enter");
  await expect(page.locator("#main")).toBeFocused();

  const menuButton = page.getByRole("button", { name: /Account menu/ });
  await menuButton.focus();
  await page.keyboard.press("Enter");
  const menu = page.getByRole("menu", { name: "Account" });
  await expect(menu.getByRole("menuitem", { name: "Settings" })).toBeFocused();
  // The item after Settings: Administration for an administrator (this user is one when this file
  // runs first, on an empty database), else the export.
  const items = await menu.getByRole("menuitem").allTextContents();
  const next = items[items.indexOf("Settings") + 1] as string;
  expect(["Administration", "Export all conversations"]).toContain(next);
  await page.keyboard.press("ArrowDown");
  await expect(menu.getByRole("menuitem", { name: next })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(menuButton).toBeFocused();
});

test("the theme can be chosen, and is kept", async ({ page }) => {
  await openChat(page);
  await page.getByRole("button", { name: /Account menu/ }).click();
  await page.getByRole("menuitemradio", { name: "Dark" }).click();
  await expect(page.locator("html")).toHaveClass(/dark/);
  const colours = () =>
    page.evaluate(() => ({
      scheme: getComputedStyle(document.documentElement).colorScheme,
      background: getComputedStyle(document.body).backgroundColor,
    }));
  const dark = await colours();
  expect(dark.scheme).toBe("dark");
  await page.reload();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await page.getByRole("button", { name: /Account menu/ }).click();
  await expect(page.getByRole("menuitemradio", { name: "Dark" })).toHaveAttribute("aria-checked", "true");
  await page.getByRole("menuitemradio", { name: "Light" }).click();
  await expect(page.locator("html")).toHaveClass(/light/);
  const light = await colours();
  expect(light.scheme).toBe("light");
  expect(light.background).not.toBe(dark.background);
  await page.getByRole("menuitemradio", { name: "Same as the system" }).click();
  await expect(page.locator("html")).not.toHaveClass(/dark|light/);
});

test("the sidebar's buttons do not shorten a conversation's name", async ({ page }) => {
  const chat = await openChat(page);
  const link = chat.conversations.getByRole("link").first();
  await expect(link).toBeVisible();
  await page.mouse.move(900, 500);
  const row = link.locator("..");
  const [linkBox, rowBox] = [await link.boundingBox(), await row.boundingBox()];
  expect(Math.round(linkBox?.width ?? 0)).toBe(Math.round(rowBox?.width ?? -1));
});

test("the page has a favicon", async ({ page }) => {
  await openChat(page);
  const href = await page.locator('link[rel="icon"]').first().getAttribute("href");
  expect(href).toBeTruthy();
  const icon = await page.request.get(href as string);
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/svg+xml");
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test("the top bar names the conversation and starts a new one; Enter makes a new line", async ({
    page,
  }) => {
    const chat = await openChat(page);
    const title = page.getByTestId("page-title");
    await expect(title).toHaveText("New chat");
    await chat.input.fill("first line");
    await chat.input.press("Enter");
    await chat.input.pressSequentially("second line");
    await expect(chat.input).toHaveValue("first line\nsecond line");
    await page.getByRole("button", { name: "Send message" }).click();
    await expect(chat.assistantMessages().last()).toHaveAttribute("data-status", "sent");
    await expect(title).toHaveText(/^first line/);
    await page.getByRole("banner").getByRole("button", { name: "New chat" }).click();
    await expect(page).toHaveURL(/\/interact_history$/);
    await expect(title).toHaveText("New chat");
  });
});
