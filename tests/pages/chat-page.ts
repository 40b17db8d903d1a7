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

/** Logs in from the login page (of the e2e server, or of the app at `base`) and waits for the chat. */
export async function openChatAs(
  page: Page,
  user: { username: string; password: string },
  base = "",
): Promise<ChatPage> {
  await page.goto(`${base}/`);
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
  await page.getByLabel("Username").fill(user.username);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Log in" }).click();
  const chat = new ChatPage(page);
  await chat.expectLoaded();
  return chat;
}
