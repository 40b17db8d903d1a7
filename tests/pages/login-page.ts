import { expect, type Page } from "@playwright/test";

export class LoginPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/");
  }

  async createFirstAccount(username: string, password: string) {
    await expect(this.page.getByRole("heading", { name: "Create the first account" })).toBeVisible();
    await this.page.getByLabel("Username").fill(username);
    await this.page.getByLabel("Password", { exact: true }).fill(password);
    await this.page.getByLabel("Repeat password").fill(password);
    await this.page.getByRole("button", { name: "Create account" }).click();
  }

  async logIn(username: string, password: string) {
    await expect(this.page.getByRole("heading", { name: "Log in" })).toBeVisible();
    await this.page.getByLabel("Username").fill(username);
    await this.page.getByLabel("Password", { exact: true }).fill(password);
    await this.page.getByRole("button", { name: "Log in" }).click();
  }
}
