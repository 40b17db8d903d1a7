import "server-only";
import { createWriteStream } from "node:fs";
import { mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { AppError } from "@/lib/errors";

/** An uploaded body kept in a temporary file, so that it can be read more than once. */
export type SpooledFile = { path: string; size: number; head: Buffer; remove: () => Promise<void> };

/**
 * Writes the request's body to a temporary file, refusing (413) one over `maxBytes` as soon as it
 * gets there, whatever its declared length says. Nothing of it is held in memory.
 */
export async function spoolRequestBody(request: Request, maxBytes: number): Promise<SpooledFile> {
  const tooLarge = () =>
    new AppError(
      "payload_too_large:import",
      `The file is larger than ${maxBytes.toLocaleString("en")} bytes.`,
    );
  if (Number(request.headers.get("content-length") ?? "0") > maxBytes) throw tooLarge();
  const dir = await mkdtemp(path.join(tmpdir(), "chat-import-"));
  const remove = () => rm(dir, { recursive: true, force: true });
  const file = path.join(dir, "upload");
  try {
    const out = createWriteStream(file);
    const closed = new Promise<void>((resolve, reject) => {
      out.on("close", resolve);
      out.on("error", reject);
    });
    let size = 0;
    if (request.body) {
      const reader = request.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > maxBytes) {
          await reader.cancel();
          out.destroy();
          throw tooLarge();
        }
        if (!out.write(value)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
      }
    }
    out.end();
    await closed;
    const handle = await open(file);
    const head = Buffer.alloc(Math.min(size, 64));
    await handle.read(head, 0, head.length, 0);
    await handle.close();
    return { path: file, size, head, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}
