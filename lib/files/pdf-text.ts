import "server-only";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { AppError } from "@/lib/errors";

// A PDF is read in a thread of its own (server/pdf-text-worker.mjs), bounded in time and memory.
const WORKER = path.join(process.cwd(), "server", "pdf-text-worker.mjs");
const TIMEOUT_MS = 20_000;
const MAX_PAGES = 2_000;

type WorkerResult =
  | { outcome: "ok"; text: string; pages: number; truncated: boolean }
  | { outcome: "password" | "unreadable" };

function runWorker(bytes: Uint8Array, maxChars: number): Promise<WorkerResult | "timeout"> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, {
      workerData: { bytes, maxChars, maxPages: MAX_PAGES },
      resourceLimits: { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32 },
    });
    const timer = setTimeout(() => {
      resolve("timeout");
      void worker.terminate();
    }, TIMEOUT_MS);
    worker.once("message", (result: WorkerResult) => {
      clearTimeout(timer);
      resolve(result);
      void worker.terminate();
    });
    worker.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    worker.once("exit", () => {
      clearTimeout(timer);
      resolve({ outcome: "unreadable" });
    });
  });
}

/** The text of a PDF (at most `maxChars`), or a 422 that says why it cannot be read. */
export async function pdfText(bytes: Uint8Array, maxChars: number): Promise<string> {
  let result: WorkerResult | "timeout";
  try {
    result = await runWorker(bytes, maxChars);
  } catch {
    // The thread ran out of memory or could not start: this PDF, or this server, cannot read it.
    result = { outcome: "unreadable" };
  }
  if (result === "timeout") {
    throw new AppError("unprocessable:pdf", "This PDF took too long to read. Try a smaller one.");
  }
  if (result.outcome === "password") {
    throw new AppError(
      "unprocessable:pdf",
      "This PDF is protected by a password: remove it and attach the file again.",
    );
  }
  if (result.outcome !== "ok") {
    throw new AppError("unprocessable:pdf", "This PDF could not be read: it may be damaged.");
  }
  if (!result.text.trim()) {
    throw new AppError(
      "unprocessable:pdf",
      "This PDF has no text layer (it may be a scan), so the model could not read it. Attach its pages as images instead.",
    );
  }
  return result.text;
}
