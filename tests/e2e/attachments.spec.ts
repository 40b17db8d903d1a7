// Attachments as a person uses them: paste a picture, drop or pick a document, see them on the
// message, and be told before sending when the model cannot see pictures.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { type AppServer, startApp } from "../fixtures/app-server";
import { makePdf, makePng } from "../fixtures/files";
import { Client } from "../fixtures/http-client";
import { isSummaryRequest, type MockOpenAI, startMockOpenAI, textOf } from "../fixtures/mock-openai";
import { createTestDatabase, type TestDatabase } from "../fixtures/test-database";
import { createUser } from "../fixtures/users";
import { openChatAs } from "../pages/chat-page";

const ADMIN = { username: "niepce", password: "niepce-password-1" };

let database: TestDatabase;
let mock: MockOpenAI;
let app: AppServer;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  database = await createTestDatabase();
  mock = await startMockOpenAI({ models: ["mock-model", "mock-vision"] });
  await createUser(ADMIN, { DATABASE_URL: database.url });
  app = await startApp({
    DATABASE_URL: database.url,
    OPENAI_BASE_URL: mock.baseURL,
    OPENAI_MODEL: "mock-vision",
  });
  const admin = new Client(app.url);
  await admin.login(ADMIN.username, ADMIN.password);
  const marked = await admin.fetch("/api/admin/models/mock-vision", {
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ vision: true }),
  });
  expect(marked.status).toBe(200);
});

test.afterAll(async () => {
  await app?.stop();
  await mock?.close();
  await database?.drop();
});

/** Chooses files with the attach button, as a person does with the file picker. */
async function attach(page: Page, file: { name: string; mimeType: string; buffer: Buffer }) {
  const chooser = page.waitForEvent("filechooser");
  await page.getByRole("button", { name: "Attach files" }).click();
  await (await chooser).setFiles(file);
}

async function paste(page: Page, bytes: Buffer, name: string, type: string) {
  await page.getByRole("textbox", { name: "Message" }).evaluate(
    (textarea, file) => {
      const data = new DataTransfer();
      data.items.add(
        new File([Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0))], file.name, {
          type: file.type,
        }),
      );
      textarea.dispatchEvent(
        new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }),
      );
    },
    { base64: bytes.toString("base64"), name, type },
  );
}

const lastReplyRequest = () => mock.requests.findLast((request) => !isSummaryRequest(request));

test("a pasted picture is uploaded, sent to a model that sees, and shown on the message", async ({
  page,
}) => {
  const chat = await openChatAs(page, ADMIN, app.url);
  await paste(page, await makePng(200, 120), "screenshot.png", "image/png");
  const chips = page.getByRole("list", { name: "Attached files" });
  await expect(chips.getByRole("listitem")).toHaveCount(1);
  await expect(chips).toContainText("screenshot.png");
  await expect(chips.getByRole("progressbar")).toHaveCount(0);
  await expect(
    await new AxeBuilder({ page })
      .analyze()
      .then((r) =>
        r.violations.filter((v) => v.impact === "critical" || v.impact === "serious").map((v) => v.id),
      ),
  ).toEqual([]);
  await chat.input.fill("What is in this picture?");
  await chat.input.press("Enter");
  await expect(chat.assistantMessages().last()).toHaveAttribute("data-status", "sent");
  await expect(chips).toHaveCount(0);

  const shown = chat.userMessages().last().getByRole("img", { name: "screenshot.png" });
  await expect(shown).toBeVisible();
  expect(await shown.evaluate((image: HTMLImageElement) => image.naturalWidth)).toBeGreaterThan(0);
  await expect(chat.userMessages().last().getByRole("link", { name: "screenshot.png" })).toHaveAttribute(
    "href",
    /^\/api\/files\/[0-9a-f-]{36}$/,
  );
  const content = lastReplyRequest()?.messages?.at(-1)?.content as {
    type: string;
    image_url?: { url: string };
  }[];
  expect(content.find((part) => part.type === "image_url")?.image_url?.url).toMatch(
    /^data:image\/png;base64,/,
  );

  // It is still there when the conversation is opened again.
  await page.reload();
  await expect(chat.userMessages().last().getByRole("img", { name: "screenshot.png" })).toBeVisible();
});

test("a PDF chosen with the attach button reaches the model as text, and downloads from the message", async ({
  page,
}) => {
  const chat = await openChatAs(page, ADMIN, app.url);
  await attach(page, {
    name: "minutes.pdf",
    mimeType: "application/pdf",
    buffer: makePdf(["Minutes of the meeting", "We agreed to ship on Friday."]),
  });
  const chips = page.getByRole("list", { name: "Attached files" });
  await expect(chips).toContainText("minutes.pdf");
  await expect(chips.getByRole("progressbar")).toHaveCount(0);
  await chat.input.fill("When do we ship?");
  await page.getByRole("button", { name: "Send message" }).click();
  await expect(chat.assistantMessages().last()).toHaveAttribute("data-status", "sent");
  expect(textOf(lastReplyRequest()?.messages?.at(-1)?.content)).toContain("We agreed to ship on Friday.");
  const download = chat
    .userMessages()
    .last()
    .getByRole("link", { name: /minutes\.pdf/ });
  await expect(download).toHaveAttribute("download", "minutes.pdf");
});

test("a file the server refuses says why on its chip, and can be removed", async ({ page }) => {
  await openChatAs(page, ADMIN, app.url);
  await attach(page, {
    name: "page.html",
    mimeType: "text/html",
    buffer: Buffer.from("<!doctype html><html><script>alert(1)</script></html>"),
  });
  const chip = page.getByRole("list", { name: "Attached files" }).getByRole("listitem");
  await expect(chip.getByRole("alert")).toContainText("cannot be attached");
  await expect(page.getByRole("button", { name: "Send message" })).toBeDisabled();
  await chip.getByRole("button", { name: "Remove page.html" }).click();
  await expect(page.getByRole("list", { name: "Attached files" })).toHaveCount(0);
});

test("a model that cannot see images says so before the user sends", async ({ page }) => {
  const chat = await openChatAs(page, ADMIN, app.url);
  await page.getByRole("button", { name: /^Model:/ }).click();
  await page.getByRole("option", { name: /^mock-model/ }).click();
  await paste(page, await makePng(40, 40), "photo.png", "image/png");
  await expect(page.getByRole("alert").filter({ hasText: "cannot see images" })).toBeVisible();
  await chat.input.fill("Describe it");
  await expect(page.getByRole("button", { name: "Send message" })).toBeDisabled();
  await page.getByRole("button", { name: "Remove photo.png" }).click();
  await expect(page.getByRole("button", { name: "Send message" })).toBeEnabled();
});
