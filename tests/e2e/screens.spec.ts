// Every screen, on a desktop, a phone and in the dark, saved under test-results/screenshots for a
// person to look at; each is checked for what must be on it.
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { ROOT } from "../fixtures/app-server";
import { readE2eState } from "../fixtures/e2e-state";
import { runUserCli } from "../fixtures/users";
import { openChatAs } from "../pages/chat-page";

const USER = { username: "daguerre", password: "silver-iodide-1839" };
const SHOTS = path.join(ROOT, "test-results", "screenshots");

const LOOKS = [
  { name: "desktop", viewport: { width: 1280, height: 800 }, colorScheme: "light" as const },
  {
    name: "phone",
    viewport: { width: 390, height: 844 },
    colorScheme: "light" as const,
    isMobile: true,
    hasTouch: true,
  },
  { name: "dark", viewport: { width: 1280, height: 800 }, colorScheme: "dark" as const },
];

test.beforeAll(async () => {
  const { databaseUrl } = readE2eState();
  const result = await runUserCli(
    ["add", USER.username],
    { DATABASE_URL: databaseUrl },
    `${USER.password}\n`,
  );
  expect(result.status === 0 || result.stderr.includes("already exists")).toBe(true);
  await runUserCli(
    ["add", "admin-shots", "--admin"],
    { DATABASE_URL: databaseUrl },
    "admin-shots-password\n",
  );
});

async function shot(page: Page, look: string, screen: string) {
  // A drawer sliding in, or a dialog fading in, is pictured where it comes to rest.
  await page.waitForFunction(() =>
    document.getAnimations().every((animation) => animation.playState !== "running"),
  );
  await page.screenshot({ path: path.join(SHOTS, `${screen}-${look}.png`), fullPage: false });
}

/** A screen scrolled down to a section of it, which then starts at the top of the picture. */
async function shotAt(page: Page, look: string, screen: string, heading: string) {
  await page
    .getByRole("heading", { name: heading, exact: true })
    .evaluate((element) => element.scrollIntoView());
  await shot(page, look, screen);
}

for (const look of LOOKS) {
  test.describe(look.name, () => {
    test.use({
      viewport: look.viewport,
      colorScheme: look.colorScheme,
      isMobile: look.isMobile ?? false,
      hasTouch: look.hasTouch ?? false,
    });

    test(`screens (${look.name})`, async ({ page }) => {
      await page.goto("/");
      await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
      await shot(page, look.name, "login");

      const chat = await openChatAs(page, USER);
      await shot(page, look.name, "new-chat");
      const chooser = page.waitForEvent("filechooser");
      await page.getByRole("button", { name: "Attach files" }).click();
      await (await chooser).setFiles([
        {
          name: "quarterly-report.md",
          mimeType: "text/markdown",
          buffer: Buffer.from(`# Report (${look.name})\n\nAll good.`),
        },
        { name: "figures.csv", mimeType: "text/csv", buffer: Buffer.from(`a,b\n1,${look.name.length}\n`) },
      ]);
      await expect(page.getByRole("list", { name: "Attached files" }).getByRole("listitem")).toHaveCount(2);
      await expect(page.getByRole("list", { name: "Attached files" }).getByRole("progressbar")).toHaveCount(
        0,
      );
      await shot(page, look.name, "attach-pending");
      await chat.input.fill(`A table and some code, please (${look.name}) [[delay:5]]`);
      await page.getByRole("button", { name: "Send message" }).click();
      await expect(chat.assistantMessages().last()).toHaveAttribute("data-status", "sent");
      await shot(page, look.name, "attachments-sent");
      await chat.input.fill("Think first, then answer [[reasoning-content]]");
      await page.getByRole("button", { name: "Send message" }).click();
      await expect(chat.assistantMessages().last()).toHaveAttribute("data-status", "sent");
      await chat.assistantMessages().last().locator("summary").click();
      await chat.input.fill("This one will fail [[status:500]]");
      await page.getByRole("button", { name: "Send message" }).click();
      await expect(chat.assistantMessages().last()).toHaveAttribute("data-status", "error");
      // A folder and a pinned conversation, so that the sidebar shows both from here on.
      await page.evaluate(async () => {
        const sessionId = window.location.pathname.split("/").at(-1);
        const folders = (await (await fetch("/api/folders")).json()) as unknown[];
        if (folders.length === 0) {
          await fetch("/api/folders", {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ name: "Household" }),
          });
        }
        await fetch(`/api/sessions/${sessionId}`, {
          method: "PATCH",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ pinned: true }),
        });
      });
      await page.reload();
      await expect(chat.assistantMessages().last()).toHaveAttribute("data-status", "error");
      await shot(page, look.name, "conversation");
      // A failed reply retried: its versions, `< 2/2 >`, under it.
      await chat.assistantMessages().last().getByRole("button", { name: "Retry" }).click();
      await expect(chat.assistantMessages().last().getByTestId("version")).toHaveText("2/2");
      await expect(chat.assistantMessages().last()).not.toHaveAttribute("data-status", "streaming");
      await shot(page, look.name, "versions");
      // The conversation's share link, as whoever it is given to sees it.
      const conversationUrl = page.url();
      const shareUrl = await page.evaluate(async () => {
        const sessionId = window.location.pathname.split("/").at(-1);
        const response = await fetch(`/api/sessions/${sessionId}/shares`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: "{}",
        });
        return ((await response.json()) as { url: string }).url;
      });
      await page.goto(shareUrl);
      await expect(page.getByRole("button", { name: "Continue this conversation" })).toBeVisible();
      await shot(page, look.name, "share-page");
      await page.goto(conversationUrl);
      await page.getByRole("button", { name: /^Model:/ }).click();
      await expect(page.getByRole("listbox", { name: "Models" })).toBeVisible();
      await shot(page, look.name, "model-picker");
      await page.keyboard.press("Escape");
      await page.getByRole("button", { name: "Conversation settings" }).click();
      await expect(page.getByRole("dialog", { name: "Conversation settings" })).toBeVisible();
      await shot(page, look.name, "conversation-settings");
      await page.keyboard.press("Escape");

      if (look.isMobile) {
        await page.getByRole("button", { name: "Show conversations" }).click();
        await expect(page.getByRole("navigation", { name: "Conversations" })).toBeVisible();
        await shot(page, look.name, "drawer");
        await page.keyboard.press("Escape");
      }
      await page.goto("/interact_history");
      if (look.isMobile) await page.getByRole("button", { name: "Show conversations" }).click();
      await page.getByRole("button", { name: /Account menu/ }).click();
      await expect(page.getByRole("menu", { name: "Account" })).toBeVisible();
      await shot(page, look.name, "account-menu");

      await page.goto("/settings");
      await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();
      await expect(page.getByTestId("usage-replies")).toBeVisible();
      await shot(page, look.name, "settings");
      await shotAt(page, look.name, "settings-usage", "Your usage");
    });

    test(`admin screen (${look.name})`, async ({ page }) => {
      await openChatAs(page, { username: "admin-shots", password: "admin-shots-password" });
      await page.goto("/admin");
      await expect(page.getByRole("heading", { name: "Administration" })).toBeVisible();
      await expect(page.getByRole("list", { name: "Connections" })).toContainText("Answering");
      await shot(page, look.name, "admin");
      await shotAt(page, look.name, "admin-connections", "Connections");
      await shotAt(page, look.name, "admin-usage", "Usage");
    });
  });
}
