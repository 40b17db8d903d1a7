// Attachments through export and import: the JSON export carries each file's bytes, an import
// stores them as an upload is stored (checked by its bytes, cleaned, within the user's storage), a
// round trip comes back equal, and the Markdown export names the files.
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, startApp } from "../fixtures/app-server";
import { makeJpegWithGps, makePdf, makePng, type UploadedFile, uploaded } from "../fixtures/files";
import { type Client, loggedInClient } from "../fixtures/http-client";
import { type MockOpenAI, startMockOpenAI } from "../fixtures/mock-openai";
import { createTestDatabase, type TestDatabase } from "../fixtures/test-database";
import { ADA, BABBAGE, createUser } from "../fixtures/users";

const HOPPER = { username: "hopper", password: "cobol-compiler-1959" };

let database: TestDatabase;
let mock: MockOpenAI;
let app: AppServer;
let ada: Client;
let babbage: Client;
let hopper: Client;

type ExportedFile = UploadedFile & { data: string };
type ExportedMessage = { id: string; role: string; content: string; attachments: ExportedFile[] };
type ExportFile = {
  format: string;
  version: number;
  exported_at: string;
  conversations: { session_id: string; model: string | null; messages: ExportedMessage[] }[];
};

const STORAGE_MB = 2;

beforeAll(async () => {
  database = await createTestDatabase();
  mock = await startMockOpenAI({ models: ["mock-model", "mock-vision"] });
  for (const user of [ADA, BABBAGE, HOPPER]) await createUser(user, { DATABASE_URL: database.url });
  app = await startApp({
    DATABASE_URL: database.url,
    OPENAI_BASE_URL: mock.baseURL,
    OPENAI_MODEL: "mock-model",
    STORAGE_PER_USER_MB: String(STORAGE_MB),
  });
  ada = await loggedInClient(app.url, ADA.username, ADA.password);
  babbage = await loggedInClient(app.url, BABBAGE.username, BABBAGE.password);
  hopper = await loggedInClient(app.url, HOPPER.username, HOPPER.password);
  const marked = await ada.patchJson("/api/admin/models/mock-vision", { vision: true });
  expect(marked.status).toBe(200);
});

afterAll(async () => {
  await app?.stop();
  await mock?.close();
  await database?.drop();
});

/** A conversation whose first message carries a photo, a picture, a PDF and a Markdown note. */
async function conversationWithFiles(client: Client): Promise<{ sessionId: string; files: UploadedFile[] }> {
  const files = [
    await uploaded(client, await makeJpegWithGps(), "holiday.jpg"),
    await uploaded(client, await makePng(40, 30), "chart.png"),
    await uploaded(client, makePdf(["Quarterly figures: 42 widgets."]), "report.pdf"),
    await uploaded(client, "# Notes\nBring the cake.", "notes.md"),
  ];
  const sessionId = await client.newSession();
  const sent = await client.postJson("/api", {
    data: "What is in these?",
    session_id: sessionId,
    model: "mock-vision",
    attachments: files.map((file) => file.id),
  });
  expect(sent.status).toBe(200);
  expect(
    (await client.postJson("/api", { data: "And a turn without files", session_id: sessionId })).status,
  ).toBe(200);
  return { sessionId, files };
}

async function exportOf(client: Client): Promise<ExportFile> {
  const response = await client.fetch("/api/export");
  expect(response.status).toBe(200);
  return (await response.json()) as ExportFile;
}

async function bytesOf(client: Client, id: string): Promise<Buffer> {
  const response = await client.fetch(`/api/files/${id}`);
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

describe("export", () => {
  it("carries each attachment with its bytes, as the file reads back", async () => {
    const { sessionId, files } = await conversationWithFiles(ada);
    const exported = await exportOf(ada);
    const conversation = exported.conversations.find((c) => c.session_id === sessionId);
    const [first, reply, second] = conversation?.messages ?? [];
    expect(first?.attachments.map(({ data, ...file }) => file)).toEqual(files);
    for (const file of first?.attachments ?? []) {
      expect(Buffer.from(file.data, "base64").equals(await bytesOf(ada, file.id))).toBe(true);
    }
    expect(reply?.attachments).toEqual([]);
    expect(second?.attachments).toEqual([]);

    // One conversation's export carries them too.
    const single = (await (
      await ada.fetch(`/api/sessions/${sessionId}/export?format=json`)
    ).json()) as ExportFile;
    expect(single.conversations).toEqual([conversation]);
  });

  it("names the files in the Markdown export", async () => {
    const { sessionId } = await conversationWithFiles(ada);
    const markdown = await (await ada.fetch(`/api/sessions/${sessionId}/export?format=md`)).text();
    expect(markdown).toMatch(/- Attached: holiday\.jpg \(image\/jpeg, [\d.]+ KiB\)/);
    expect(markdown).toMatch(/- Attached: report\.pdf \(application\/pdf, \d+ bytes\)/);
    expect(markdown).toContain("- Attached: notes.md (text/markdown, 23 bytes)");
    expect(markdown).not.toContain("base64");
  });
});

describe("import", () => {
  it("round-trips a conversation with files into an emptied account: the export comes back equal", async () => {
    const { sessionId } = await conversationWithFiles(hopper);
    const settings = await hopper.patchJson(`/api/sessions/${sessionId}`, {
      system_prompt: "Answer briefly.",
      temperature: 0.4,
    });
    expect(settings.status).toBe(200);
    const before = await exportOf(hopper);
    const images = before.conversations[0]?.messages[0]?.attachments.filter((file) => file.kind === "image");
    expect(images).toHaveLength(2);

    expect((await hopper.fetch(`/api/sessions/${sessionId}`, { method: "DELETE" })).status).toBe(204);
    for (const file of before.conversations[0]?.messages[0]?.attachments ?? []) {
      expect((await hopper.fetch(`/api/files/${file.id}`)).status).toBe(404);
    }
    const imported = await hopper.postJson("/api/import", before);
    expect(imported.status).toBe(200);
    const after = await exportOf(hopper);
    expect(after.conversations).toEqual(before.conversations);

    // The files are real files again: they are read, they reach the model, and their text is found.
    const [photo] = images ?? [];
    expect((await bytesOf(hopper, photo?.id ?? "")).toString("base64")).toBe(photo?.data);
    const found = (await (await hopper.fetch("/api/search?q=widgets")).json()) as { session_id: string }[];
    expect(found.map((hit) => hit.session_id)).toEqual([sessionId]);
  });

  it("into another account the files are that account's own, and the original stays its owner's", async () => {
    const { sessionId, files } = await conversationWithFiles(ada);
    const exported = await (await ada.fetch(`/api/sessions/${sessionId}/export?format=json`)).json();
    const imported = await babbage.postJson("/api/import", exported);
    expect(imported.status).toBe(200);
    const [copyId] = ((await imported.json()) as { session_ids: string[] }).session_ids;
    const messages = (await (await babbage.fetch(`/api/sessions/${copyId}`)).json()) as {
      messages: ExportedMessage[];
    };
    const copied = messages.messages[0]?.attachments ?? [];
    expect(copied.map((file) => file.name)).toEqual(files.map((file) => file.name));
    for (const [index, file] of copied.entries()) {
      expect(file.id).not.toBe(files[index]?.id);
      expect((await bytesOf(babbage, file.id)).equals(await bytesOf(ada, files[index]?.id ?? ""))).toBe(true);
      expect((await ada.fetch(`/api/files/${file.id}`)).status).toBe(404);
    }
    expect((await babbage.fetch(`/api/files/${files[0]?.id}`)).status).toBe(404);
  });

  it("cleans an imported photo as an upload is cleaned: no EXIF, no GPS position", async () => {
    const photo = await makeJpegWithGps();
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    const response = await babbage.postJson("/api/import", exportWith([{ name: "photo.jpg", data: photo }]));
    expect(response.status).toBe(200);
    const [file] = await filesOfImported(babbage, response);
    const stored = await bytesOf(babbage, file?.id ?? "");
    const meta = await sharp(stored).metadata();
    expect(meta.exif).toBeUndefined();
    expect(stored.includes(Buffer.from("PhoneMaker"))).toBe(false);
  });

  it("refuses, importing nothing, a file whose bytes are not accepted, too large, or not base64", async () => {
    const count = async () => ((await (await babbage.fetch("/api/sessions")).json()) as unknown[]).length;
    const before = await count();
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
    const cases: [Parameters<typeof exportWith>[0], number, RegExp][] = [
      [[{ name: "logo.png", data: Buffer.from(svg) }], 415, /attachments\[0\]: .*cannot be attached/],
      [[{ name: "empty.txt", data: Buffer.alloc(0) }], 400, /attachments\[0\]: The file is empty/],
      [
        [
          { name: "fine.txt", data: Buffer.from("fine") },
          { name: "x", data: "not base64!" },
        ],
        400,
        /base64/,
      ],
    ];
    for (const [files, status, message] of cases) {
      const response = await babbage.postJson("/api/import", exportWith(files));
      expect(response.status).toBe(status);
      expect(((await response.json()) as { error: string }).error).toMatch(message);
    }
    expect(await count()).toBe(before);
  });

  it("counts imported files against the user's storage: over it, a 413 and nothing kept", async () => {
    const fresh = await createFreshUser();
    const noise = (bytes: number) =>
      Buffer.from(Array.from({ length: bytes }, (_, i) => 97 + ((i * 7919) % 26)));
    const big = [0, 1, 2].map((index) => ({ name: `part-${index}.txt`, data: noise(900 * 1024 + index) }));
    const response = await fresh.postJson("/api/import", exportWith(big));
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: string }).error).toMatch(
      new RegExp(`of the ${STORAGE_MB} MiB you may store`),
    );
    expect((await (await fresh.fetch("/api/sessions")).json()) as unknown[]).toEqual([]);
    // Nothing the import stored is left taking room: a file as large as the whole quota allows fits.
    const fits = await uploaded(fresh, noise(STORAGE_MB * 1024 * 1024 - 1024), "fits.txt");
    expect(fits.size).toBe(STORAGE_MB * 1024 * 1024 - 1024);
  });
});

/** An export file of one conversation whose one message carries these files. */
function exportWith(files: { name: string; data: Buffer | string }[]) {
  const at = new Date().toISOString();
  return {
    format: "chat-history-export",
    version: 1,
    conversations: [
      {
        created_at: at,
        updated_at: at,
        messages: [
          {
            role: "user",
            content: "Imported with files",
            timestamp: at,
            attachments: files.map(({ name, data }) => ({
              name,
              data: typeof data === "string" ? data : data.toString("base64"),
            })),
          },
        ],
      },
    ],
  };
}

async function filesOfImported(client: Client, response: Response): Promise<UploadedFile[]> {
  const [sessionId] = ((await response.json()) as { session_ids: string[] }).session_ids;
  const listed = (await (await client.fetch(`/api/sessions/${sessionId}`)).json()) as {
    messages: ExportedMessage[];
  };
  return listed.messages[0]?.attachments ?? [];
}

let freshUsers = 0;
async function createFreshUser(): Promise<Client> {
  const user = { username: `importer${++freshUsers}`, password: "a long enough password 1" };
  await createUser(user, { DATABASE_URL: database.url });
  return loggedInClient(app.url, user.username, user.password);
}
