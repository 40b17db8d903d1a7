// Attachments: what is accepted (by the bytes), what is stored (images re-encoded, without their
// metadata), who may read a file (its owner only, by every route), what the model is sent, and
// when files go.
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, startApp } from "../fixtures/app-server";
import { query } from "../fixtures/db-query";
import {
  makeJpegWithGps,
  makePdf,
  makePng,
  type UploadedFile,
  upload,
  uploaded,
  withPngText,
} from "../fixtures/files";
import { type Client, createApiToken, loggedInClient, TokenClient } from "../fixtures/http-client";
import {
  type CompletionRequest,
  isSummaryRequest,
  type MockOpenAI,
  startMockOpenAI,
  textOf,
} from "../fixtures/mock-openai";
import { createTestDatabase, type TestDatabase } from "../fixtures/test-database";
import { ADA, BABBAGE, createUser } from "../fixtures/users";
import { zipOf } from "../fixtures/zip";

let database: TestDatabase;
let mock: MockOpenAI;
let app: AppServer;
let ada: Client;
let babbage: Client;

type Message = { id: string; role: string; content: string; attachments: UploadedFile[] };

beforeAll(async () => {
  database = await createTestDatabase();
  mock = await startMockOpenAI({ models: ["mock-model", "mock-vision"] });
  await createUser(ADA, { DATABASE_URL: database.url });
  await createUser(BABBAGE, { DATABASE_URL: database.url });
  app = await startApp({
    DATABASE_URL: database.url,
    OPENAI_BASE_URL: mock.baseURL,
    OPENAI_MODEL: "mock-model",
    MAX_FILE_BYTES: String(10 * 1024 * 1024),
  });
  ada = await loggedInClient(app.url, ADA.username, ADA.password);
  babbage = await loggedInClient(app.url, BABBAGE.username, BABBAGE.password);
  const marked = await ada.fetch("/api/admin/models/mock-vision", {
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ vision: true }),
  });
  expect(marked.status).toBe(200);
});

afterAll(async () => {
  await app?.stop();
  await mock?.close();
  await database?.drop();
});

/** The reply request (not a summary) whose last message mentions `marker`. */
function sentWith(marker: string): CompletionRequest | undefined {
  return mock.requests.findLast(
    (request) => !isSummaryRequest(request) && textOf(request.messages?.at(-1)?.content).includes(marker),
  );
}

async function errorOf(response: Response): Promise<{ error: string; code: string }> {
  return (await response.json()) as { error: string; code: string };
}

describe("uploading", () => {
  it("takes an image and a text file, telling their kind and type by their bytes", async () => {
    const image = await uploaded(ada, await makePng(), "chart.png", "image/png");
    expect(image).toMatchObject({ name: "chart.png", type: "image/png", kind: "image" });
    expect(image.size).toBeGreaterThan(0);
    // A picture named and declared as text is a picture.
    expect(await uploaded(ada, await makePng(20, 20), "notes.txt", "text/plain")).toMatchObject({
      type: "image/png",
      kind: "image",
    });
    expect(await uploaded(ada, "# Plan\n\nStep one.", "plan.md", "text/markdown")).toMatchObject({
      type: "text/markdown",
      kind: "document",
    });
    expect(await uploaded(ada, "a,b\n1,2\n", "table.csv")).toMatchObject({
      type: "text/csv",
      kind: "document",
    });
    expect(await uploaded(ada, 'print("hi")\n', "hello.py")).toMatchObject({
      type: "text/plain",
      kind: "document",
    });
  });

  it.each([
    [
      "an HTML page declared as a PNG",
      "<!DOCTYPE html><html><script>alert(1)</script></html>",
      "photo.png",
      "image/png",
    ],
    [
      "an SVG",
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      "logo.svg",
      "image/svg+xml",
    ],
    ["XML", '<?xml version="1.0"?><note/>', "note.xml", "application/xml"],
    ["HTML named as text", "  <html><body>hi</body></html>", "readme.txt", "text/plain"],
    [
      "binary that is not text",
      Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0xff, 0xfe]),
      "blob.bin",
      "application/octet-stream",
    ],
  ])("refuses %s with 415", async (_what, bytes, name, type) => {
    const response = await upload(ada, bytes as string | Buffer, name, type);
    expect(response.status).toBe(415);
    const body = await errorOf(response);
    expect(body.code).toBe("unsupported_media_type:file");
    expect(body.error).toMatch(/Accepted: PNG, JPEG, WebP and GIF images, PDF/);
  });

  it("refuses a ZIP (415), an empty file (400) and one byte over MAX_FILE_BYTES (413)", async () => {
    const zip = await upload(
      ada,
      zipOf([{ name: "inner.txt", data: "hello" }]),
      "archive.zip",
      "application/zip",
    );
    expect(zip.status).toBe(415);
    expect((await errorOf(zip)).error).toMatch(/application\/zip cannot be attached/);
    const empty = await upload(ada, "", "empty.txt", "text/plain");
    expect(empty.status).toBe(400);
    expect(await errorOf(empty)).toMatchObject({ code: "bad_request:file", error: "The file is empty." });
    const tooLarge = await upload(ada, "x".repeat(10 * 1024 * 1024 + 1), "big.txt", "text/plain");
    expect(tooLarge.status).toBe(413);
    expect(await errorOf(tooLarge)).toMatchObject({
      code: "payload_too_large:file",
      error: "Files are at most 10 MiB.",
    });
    // Not multipart at all.
    const json = await ada.postJson("/api/files", { file: "x" });
    expect(json.status).toBe(415);
  });

  it("keeps a name with path parts, quotes and line breaks for display only, and sends it back safely", async () => {
    const file = await uploaded(ada, "harmless", '../../etc/passwd"\r\nX-Evil: 1', "text/plain");
    expect(file.name).toBe('passwd" X-Evil: 1');
    const response = await ada.fetch(`/api/files/${file.id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-evil")).toBeNull();
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="passwd_ X-Evil: 1"; filename*=UTF-8''passwd%22%20X-Evil%3A%201`,
    );
    const unicode = await uploaded(ada, "bonjour", "résumé été.txt");
    expect((await ada.fetch(`/api/files/${unicode.id}`)).headers.get("content-disposition")).toBe(
      `attachment; filename="r_sum_ _t_.txt"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%C3%A9t%C3%A9.txt`,
    );
  });

  it("re-encodes a photo without its EXIF, GPS position included, and scales it down to IMAGE_MAX_PIXELS", async () => {
    const original = await makeJpegWithGps();
    const before = await sharp(original).metadata();
    expect(before.exif).toBeDefined();
    expect(original.includes(Buffer.from("PhoneMaker"))).toBe(true);
    const file = await uploaded(ada, original, "holiday.jpg", "image/jpeg");
    const stored = Buffer.from(await (await ada.fetch(`/api/files/${file.id}`)).arrayBuffer());
    const after = await sharp(stored).metadata();
    expect(after.format).toBe("jpeg");
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(stored.includes(Buffer.from("PhoneMaker"))).toBe(false);
    expect(stored.includes(Buffer.from("GPS"))).toBe(false);

    const huge = await uploaded(ada, await makePng(3000, 1000), "panorama.png");
    const scaled = await sharp(
      Buffer.from(await (await ada.fetch(`/api/files/${huge.id}`)).arrayBuffer()),
    ).metadata();
    expect([scaled.width, scaled.height]).toEqual([2048, 683]);
    const thumb = await ada.fetch(`/api/files/${huge.id}?thumb=1`);
    expect(thumb.headers.get("content-type")).toBe("image/webp");
    expect((await sharp(Buffer.from(await thumb.arrayBuffer())).metadata()).width).toBeLessThanOrEqual(320);
  });

  it("keeps a clean picture byte for byte, and takes the text out of one that carries some", async () => {
    const clean = await makePng(50, 40);
    const kept = await uploaded(ada, clean, "clean.png");
    expect(Buffer.from(await (await ada.fetch(`/api/files/${kept.id}`)).arrayBuffer()).equals(clean)).toBe(
      true,
    );

    const signed = withPngText(await makePng(50, 41), "Author", "Ada at 12 Home Street");
    expect((await sharp(signed).metadata()).comments).toHaveLength(1);
    const cleaned = await uploaded(ada, signed, "signed.png");
    const stored = Buffer.from(await (await ada.fetch(`/api/files/${cleaned.id}`)).arrayBuffer());
    expect(stored.includes(Buffer.from("Home Street"))).toBe(false);
    expect((await sharp(stored).metadata()).comments).toBeUndefined();
  });

  it("reads a PDF's text, and says so when a PDF has none", async () => {
    const pdf = await uploaded(
      ada,
      makePdf(["Quarterly figures", "Revenue rose by 12 percent"]),
      "report.pdf",
    );
    expect(pdf).toMatchObject({ type: "application/pdf", kind: "document" });
    const scan = await upload(ada, makePdf([]), "scan.pdf", "application/pdf");
    expect(scan.status).toBe(422);
    expect((await errorOf(scan)).error).toMatch(/no text layer/);
    const broken = await upload(
      ada,
      Buffer.concat([makePdf(["x"]).subarray(0, 40), Buffer.from("garbage")]),
      "broken.pdf",
    );
    expect(broken.status).toBe(422);
  });

  it("the same bytes uploaded twice are one file", async () => {
    const first = await uploaded(ada, "same content", "one.txt");
    const second = await uploaded(ada, "same content", "two.txt");
    expect(second.id).toBe(first.id);
    const stored = await query(database.url, `SELECT count(*) AS "n" FROM "files" WHERE "id" = $1`, [
      first.id,
    ]);
    expect(Number((stored[0] as { n: number }).n)).toBe(1);
  });
});

describe("reading a file", () => {
  it("is for its owner only: 404 for anyone else, by cookie or token, on every route", async () => {
    const file = await uploaded(ada, await makePng(), "private.png");
    const token = await createApiToken(babbage, "files");
    for (const client of [babbage, new TokenClient(app.url, token.token)]) {
      for (const path of [`/api/files/${file.id}`, `/api/files/${file.id}?thumb=1`]) {
        const response = await client.fetch(path);
        expect(response.status, path).toBe(404);
        expect(await errorOf(response)).toMatchObject({ code: "not_found:file" });
      }
      expect((await client.fetch(`/api/files/${file.id}`, { method: "DELETE" })).status).toBe(404);
      // Nor may it be attached to their own message.
      const theirs = await client.newSession();
      const attached = await client.postJson("/api", {
        data: "look",
        session_id: theirs,
        attachments: [file.id],
      });
      expect(attached.status).toBe(404);
      expect(await errorOf(attached)).toMatchObject({ code: "not_found:file" });
    }
    expect((await fetch(`${app.url}/api/files/${file.id}`)).status).toBe(401);
    // The owner's token reads it.
    const own = await createApiToken(ada, "files");
    expect((await new TokenClient(app.url, own.token).fetch(`/api/files/${file.id}`)).status).toBe(200);
  });

  it("is sent so that it can never run as a page: nosniff, a sandboxing CSP, a download unless an image", async () => {
    const image = await uploaded(ada, await makePng(), "pic.png");
    const text = await uploaded(ada, "<b>not html</b> just text", "page.txt");
    const shown = await ada.fetch(`/api/files/${image.id}`);
    expect(shown.headers.get("content-type")).toBe("image/png");
    expect(shown.headers.get("x-content-type-options")).toBe("nosniff");
    expect(shown.headers.get("content-security-policy")).toBe("sandbox; default-src 'none'");
    expect(shown.headers.get("content-disposition")).toMatch(/^inline;/);
    const downloaded = await ada.fetch(`/api/files/${text.id}`);
    expect(downloaded.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(downloaded.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(downloaded.headers.get("content-security-policy")).toBe("sandbox; default-src 'none'");
    expect(await downloaded.text()).toBe("<b>not html</b> just text");
  });
});

describe("sending", () => {
  it("an image goes to a model that sees as an image_url part; a document as text with its name", async () => {
    const image = await uploaded(ada, await makePng(), "diagram.png");
    const doc = await uploaded(ada, "The launch is on Tuesday.", "schedule.md");
    const sessionId = await ada.newSession();
    const response = await ada.postJson("/api", {
      data: "What do these say? marker-parts",
      session_id: sessionId,
      model: "mock-vision",
      attachments: [image.id, doc.id],
    });
    expect(response.status).toBe(200);
    const sent = mock.requests.findLast(
      (request) => !isSummaryRequest(request) && JSON.stringify(request.messages).includes("marker-parts"),
    );
    const content = sent?.messages?.at(-1)?.content as {
      type: string;
      text?: string;
      image_url?: { url: string };
    }[];
    expect(Array.isArray(content)).toBe(true);
    expect(content[0]?.type).toBe("text");
    expect(content[0]?.text).toBe(
      '<document name="schedule.md">\nThe launch is on Tuesday.\n</document>\n\nWhat do these say? marker-parts',
    );
    const stored = Buffer.from(await (await ada.fetch(`/api/files/${image.id}`)).arrayBuffer());
    expect(content[1]).toEqual({
      type: "image_url",
      image_url: { url: `data:image/png;base64,${stored.toString("base64")}` },
    });

    // The message carries its files; the stored message text has no image data in it.
    const page = (await (await ada.fetch(`/api/sessions/${sessionId}`)).json()) as { messages: Message[] };
    const user = page.messages.find((message) => message.role === "user") as Message;
    expect(user.attachments.map((file) => file.id)).toEqual([image.id, doc.id]);
    expect(user.content).toBe("What do these say? marker-parts");
    expect(page.messages.find((message) => message.role === "assistant")?.attachments).toEqual([]);
    const rows = await query<{ content: string }>(
      database.url,
      `SELECT "content" FROM "messages" WHERE "conversation_id" = $1`,
      [sessionId],
    );
    expect(rows.every((row) => !row.content.includes("base64"))).toBe(true);

    // Later turns send them again.
    await ada.postJson("/api", { data: "And again? marker-later", session_id: sessionId });
    const later = sentWith("marker-later");
    expect(JSON.stringify(later?.messages)).toContain("The launch is on Tuesday.");
    expect(JSON.stringify(later?.messages)).toContain("data:image/png;base64,");
  });

  it("a model that cannot see images: 400 before anything is saved; a document still goes", async () => {
    const image = await uploaded(ada, await makePng(30, 30), "cat.png");
    const sessionId = await ada.newSession();
    const refused = await ada.postJson("/api", {
      data: "What is this?",
      session_id: sessionId,
      attachments: [image.id],
    });
    expect(refused.status).toBe(400);
    expect(await errorOf(refused)).toMatchObject({ code: "bad_request:vision" });
    expect(
      (
        await errorOf(
          await ada.postJson("/api", { data: "x", session_id: sessionId, attachments: [image.id] }),
        )
      ).error,
    ).toMatch(/cannot see images/);
    const stored = await query(database.url, `SELECT "id" FROM "messages" WHERE "conversation_id" = $1`, [
      sessionId,
    ]);
    expect(stored).toHaveLength(0);
    const doc = await uploaded(ada, "Plain words for a plain model.", "words.txt");
    expect(
      (await ada.postJson("/api", { data: "marker-doc-only", session_id: sessionId, attachments: [doc.id] }))
        .status,
    ).toBe(200);
    expect(textOf(sentWith("marker-doc-only")?.messages?.at(-1)?.content)).toContain(
      "Plain words for a plain model.",
    );
  });

  it("a PDF's text reaches the model; a message may be only its files", async () => {
    const pdf = await uploaded(ada, makePdf(["The secret ingredient is cardamom."]), "recipe.pdf");
    const sessionId = await ada.newSession();
    const response = await ada.postJson("/api", { data: "", session_id: sessionId, attachments: [pdf.id] });
    expect(response.status).toBe(200);
    const sent = mock.requests.findLast(
      (request) => !isSummaryRequest(request) && JSON.stringify(request.messages).includes("cardamom"),
    );
    expect(textOf(sent?.messages?.at(-1)?.content)).toContain(
      '<document name="recipe.pdf">\nThe secret ingredient is cardamom.',
    );
    // Without text or files, a message is still refused.
    expect((await ada.postJson("/api", { data: " ", session_id: sessionId })).status).toBe(400);
    expect(
      (await ada.postJson("/api", { data: "x", session_id: sessionId, attachments: Array(11).fill(pdf.id) }))
        .status,
    ).toBe(400);
  });

  it("a document longer than MODEL_CONTEXT_CHARS is sent shortened, with a note", async () => {
    const long = `${"beginning ".repeat(20_000)}${"end ".repeat(10_000)}`;
    const doc = await uploaded(ada, long, "long.txt");
    const sessionId = await ada.newSession();
    await ada.postJson("/api", {
      data: "marker-long summarise it",
      session_id: sessionId,
      attachments: [doc.id],
    });
    const text = textOf(sentWith("marker-long")?.messages?.at(-1)?.content);
    expect(text.length).toBeLessThanOrEqual(100_000);
    expect(text).toMatch(/characters left out/);
    expect(text.startsWith('<document name="long.txt">')).toBe(true);
    expect(text.endsWith("marker-long summarise it")).toBe(true);
  });

  it("edit gives the last message a version with other files; regenerate sends its files again", async () => {
    const first = await uploaded(ada, "First version of the notes.", "v1.txt");
    const second = await uploaded(ada, "Second version of the notes.", "v2.txt");
    const sessionId = await ada.newSession();
    await ada.postJson("/api", { data: "marker-edit-1", session_id: sessionId, attachments: [first.id] });
    expect((await ada.postJson(`/api/sessions/${sessionId}/regenerate`, {})).status).toBe(200);
    expect(textOf(sentWith("marker-edit-1")?.messages?.at(-1)?.content)).toContain("First version");
    const edited = await ada.postJson(`/api/sessions/${sessionId}/edit`, {
      data: "marker-edit-2",
      attachments: [second.id],
    });
    expect(edited.status).toBe(200);
    const text = textOf(sentWith("marker-edit-2")?.messages?.at(-1)?.content);
    expect(text).toContain("Second version");
    expect(text).not.toContain("First version");
    // The first version of the message keeps its file, on its own branch.
    expect((await ada.fetch(`/api/files/${first.id}`)).status).toBe(200);
    const other = await uploaded(babbage, "Babbage's own notes.", "mine.txt");
    expect(
      (await ada.postJson(`/api/sessions/${sessionId}/edit`, { data: "steal", attachments: [other.id] }))
        .status,
    ).toBe(404);
  });
});

describe("summaries and search", () => {
  it("a conversation is summarised and found by its documents' text, by its owner only", async () => {
    // The summary is made of the first words; the search word comes later in the document.
    const doc = await uploaded(
      ada,
      "Quibbling merchants traded cloves along coasts beside zanzibarian markets.",
      "trade.txt",
    );
    const sessionId = await ada.newSession();
    // The reply (20 x's) does not repeat the document, so that only the document can match.
    const response = await ada.postJson("/api", {
      data: "[[long:20]]",
      session_id: sessionId,
      attachments: [doc.id],
    });
    expect(response.status).toBe(200);
    const listed = (await (await ada.fetch("/api/sessions")).json()) as {
      session_id: string;
      summary: string | null;
    }[];
    const summary = listed.find((entry) => entry.session_id === sessionId)?.summary;
    expect(summary).toMatch(/Quibbling merchants/);
    expect(summary).not.toMatch(/zanzibarian/);

    const found = (await (await ada.fetch("/api/search?q=zanzibar")).json()) as {
      session_id: string;
      message_id: string | null;
      snippet: string;
    }[];
    const hit = found.find((entry) => entry.session_id === sessionId);
    expect(hit?.snippet).toMatch(/^trade\.txt: .*zanzibarian/);
    const page = (await (await ada.fetch(`/api/sessions/${sessionId}`)).json()) as { messages: Message[] };
    expect(hit?.message_id).toBe(page.messages.find((message) => message.role === "user")?.id);
    // Another user with the same word in a document of their own finds only theirs.
    const theirs = await uploaded(babbage, "Zanzibarian notes of my own.", "own.txt");
    const theirSession = await babbage.newSession();
    await babbage.postJson("/api", { data: "mine", session_id: theirSession, attachments: [theirs.id] });
    const theirHits = (await (await babbage.fetch("/api/search?q=zanzibar")).json()) as {
      session_id: string;
    }[];
    expect(theirHits.map((entry) => entry.session_id)).toEqual([theirSession]);
    // A deleted conversation's document is no longer found.
    expect((await ada.fetch(`/api/sessions/${sessionId}`, { method: "DELETE" })).status).toBe(204);
    const after = (await (await ada.fetch("/api/search?q=zanzibar")).json()) as { session_id: string }[];
    expect(after.map((entry) => entry.session_id)).not.toContain(sessionId);
  });
});

describe("deleting", () => {
  it("an upload no message carries: 204; one a message carries: 409, until its conversation goes", async () => {
    const loose = await uploaded(ada, "never sent", "loose.txt");
    expect((await ada.fetch(`/api/files/${loose.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await ada.fetch(`/api/files/${loose.id}`)).status).toBe(404);

    const shared = await uploaded(ada, "sent twice", "shared.txt");
    const one = await ada.newSession();
    const two = await ada.newSession();
    await ada.postJson("/api", { data: "one", session_id: one, attachments: [shared.id] });
    await ada.postJson("/api", { data: "two", session_id: two, attachments: [shared.id] });
    const busy = await ada.fetch(`/api/files/${shared.id}`, { method: "DELETE" });
    expect(busy.status).toBe(409);
    expect(await errorOf(busy)).toMatchObject({ code: "conflict:file" });
    // Deleting one conversation leaves the file for the other; deleting both deletes it.
    expect((await ada.fetch(`/api/sessions/${one}`, { method: "DELETE" })).status).toBe(204);
    expect((await ada.fetch(`/api/files/${shared.id}`)).status).toBe(200);
    expect((await ada.fetch(`/api/sessions/${two}`, { method: "DELETE" })).status).toBe(204);
    expect((await ada.fetch(`/api/files/${shared.id}`)).status).toBe(404);
  });

  it("deleting a user deletes their files, sent and unsent, and no one else's", async () => {
    const leaving = { username: "leaving", password: "about-to-go-1" };
    await createUser(leaving, { DATABASE_URL: database.url });
    const client = await loggedInClient(app.url, leaving.username, leaving.password);
    const sent = await uploaded(client, "sent before leaving", "sent.txt");
    const unsent = await uploaded(client, "never sent", "unsent.txt");
    const sessionId = await client.newSession();
    expect(
      (await client.postJson("/api", { data: "keep", session_id: sessionId, attachments: [sent.id] })).status,
    ).toBe(200);
    const kept = await uploaded(ada, "sent before leaving", "same-bytes.txt");

    const users = (await (await ada.fetch("/api/admin/users")).json()) as { id: string; username: string }[];
    const id = users.find((user) => user.username === leaving.username)?.id;
    expect((await ada.fetch(`/api/admin/users/${id}`, { method: "DELETE" })).status).toBe(204);
    const left = await query(database.url, `SELECT "id" FROM "files" WHERE "id" IN ($1, $2)`, [
      sent.id,
      unsent.id,
    ]);
    expect(left).toEqual([]);
    expect((await ada.fetch(`/api/files/${kept.id}`)).status).toBe(200);
  });

  it("uploads never sent are removed after a day (at the next start, and hourly)", async () => {
    const old = await uploaded(ada, "uploaded long ago", "old.txt");
    const recent = await uploaded(ada, "uploaded just now", "recent.txt");
    await query(database.url, `UPDATE "files" SET "created_at" = $2 WHERE "id" = $1`, [
      old.id,
      database.url.startsWith("file:")
        ? new Date(Date.now() - 2 * 86_400_000).toISOString().replace("Z", "+00:00")
        : new Date(Date.now() - 2 * 86_400_000),
    ]);
    const restarted = await startApp(app.env);
    try {
      const client = await loggedInClient(restarted.url, ADA.username, ADA.password);
      await expect
        .poll(async () => (await client.fetch(`/api/files/${old.id}`)).status, { timeout: 10_000 })
        .toBe(404);
      expect((await client.fetch(`/api/files/${recent.id}`)).status).toBe(200);
    } finally {
      await restarted.stop();
    }
  });
});

describe("STORAGE_PER_USER_MB", () => {
  it("holds against parallel uploads, and says so", async () => {
    const small = await startApp({ ...app.env, STORAGE_PER_USER_MB: "1" });
    try {
      const hoarder = { username: "hoarder", password: "hoarder-password-1" };
      await createUser(hoarder, { DATABASE_URL: database.url });
      const client = await loggedInClient(small.url, hoarder.username, hoarder.password);
      const responses = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          upload(client, `${i}`.repeat(300 * 1024), `part-${i}.txt`, "text/plain"),
        ),
      );
      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([201, 201, 201, 413, 413, 413]);
      const refused = responses.find((response) => response.status === 413) as Response;
      expect((await errorOf(refused)).error).toMatch(/^Your files take 0.9 MiB of the 1 MiB you may store/);
      const used = await query<{ total: number }>(
        database.url,
        `SELECT sum(f."size") AS "total" FROM "files" f JOIN "users" u ON u."id" = f."user_id" WHERE u."username" = $1`,
        [hoarder.username],
      );
      expect(Number(used[0]?.total)).toBeLessThanOrEqual(1024 * 1024);
    } finally {
      await small.stop();
    }
  });
});
