import { expect, type Locator, type Page } from "@playwright/test";

export class ChatPage {
  readonly input: Locator;
  readonly conversations: Locator;

  constructor(private readonly page: Page) {
    this.input = page.getByRole("textbox", { name: "Message" });
    this.conversations = page.getByRole("navigation", { name: "Conversations" });
  }

  async expectLoaded() {
    await expect(this.page).toHaveURL(/\/interact_history/);
    await expect(this.input).toBeVisible();
  }

  async send(text: string) {
    await this.input.fill(text);
    await this.input.press("Enter");
  }

  assistantMessages(): Locator {
    return this.page.locator('article[data-role="assistant"]');
  }

  userMessages(): Locator {
    return this.page.locator('article[data-role="user"]');
  }

  /** The text of a message, without its buttons. */
  text(message: Locator): Locator {
    return message.locator("[data-content]");
  }

  async newChat() {
    await this.page.getByRole("button", { name: "New chat" }).click();
  }

  /** Chooses an item of the account menu at the foot of the sidebar. */
  async accountMenu(item: string) {
    await this.page.getByRole("button", { name: /Account menu/ }).click();
    await this.page.getByRole("menu", { name: "Account" }).getByRole("menuitem", { name: item }).click();
  }

  async logOut() {
    await this.accountMenu("Log out");
  }
}

/**
 * Logs in as a script does, through next-auth's credentials endpoint in the page's own cookie jar,
 * then opens the chat (of the e2e server, or of the app at `base`). The login form has tests of its
 * own (chat, login-limits, newcomer); here it would only cost each test a page load.
 */
export async function openChatAs(
  page: Page,
  user: { username: string; password: string },
  base = "",
): Promise<ChatPage> {
  const csrf = await page.request.get(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const login = await page.request.post(`${base}/api/auth/callback/credentials`, {
    form: { username: user.username, password: user.password, csrfToken, json: "true" },
    maxRedirects: 0,
  });
  const cookies = await page.context().cookies(base || undefined);
  if (!cookies.some((cookie) => cookie.name.endsWith("next-auth.session-token"))) {
    throw new Error(`Logging in as ${user.username} failed: ${login.status()} ${await login.text()}`);
  }
  await page.goto(`${base}/interact_history`);
  const chat = new ChatPage(page);
  await chat.expectLoaded();
  return chat;
}
