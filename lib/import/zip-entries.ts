import "server-only";
import { Transform } from "node:stream";
import yauzl, { type Entry } from "yauzl";
import { AppError } from "@/lib/errors";

const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;

/**
 * The contents of the entries of a ZIP file whose names `wanted` accepts, in name order, each a
 * stream read a piece at a time. What they would expand to is added up from the archive's own
 * directory before anything is expanded, and a ZIP past `maxExpandedBytes` is refused (413); the
 * bytes are counted again as they come, so an archive that lies about its sizes is stopped too.
 */
export async function* zipEntries(
  path: string,
  wanted: (name: string) => boolean,
  maxExpandedBytes: number,
): AsyncGenerator<{ name: string; content: AsyncIterable<Uint8Array> }> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true });
  } catch (error) {
    throw new AppError("bad_request:import", `The ZIP file cannot be read: ${(error as Error).message}`);
  }
  try {
    const entries: Entry[] = [];
    for await (const entry of zip.eachEntry()) {
      if (!entry.fileName.endsWith("/") && wanted(entry.fileName)) entries.push(entry);
    }
    const expanded = entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
    const tooLarge = () =>
      new AppError(
        "payload_too_large:import",
        `The ZIP file would expand to more than ${mib(maxExpandedBytes)}, which is more than an import may hold.`,
      );
    if (expanded > maxExpandedBytes) throw tooLarge();
    entries.sort((a, b) => (a.fileName < b.fileName ? -1 : 1));
    let seen = 0;
    for (const entry of entries) {
      const counted = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          seen += chunk.length;
          done(seen > maxExpandedBytes ? tooLarge() : null, chunk);
        },
      });
      const stream = await zip.openReadStreamPromise(entry);
      stream.on("error", (error) => counted.destroy(error));
      yield { name: entry.fileName, content: stream.pipe(counted) };
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("bad_request:import", `The ZIP file cannot be read: ${(error as Error).message}`);
  } finally {
    zip.close();
  }
}
