// Reads the text of a PDF in a thread of its own, so that a large or hostile PDF never holds up the
// server's event loop; the app ends the thread if it takes too long (lib/files/pdf-text.ts).
import { parentPort, workerData } from "node:worker_threads";
import { getDocumentProxy } from "unpdf";

const { bytes, maxChars, maxPages } = workerData;

async function read() {
  let pdf;
  try {
    pdf = await getDocumentProxy(new Uint8Array(bytes), { isEvalSupported: false, stopAtErrors: false });
  } catch (error) {
    if (error?.name === "PasswordException") return { outcome: "password" };
    return { outcome: "unreadable" };
  }
  const pages = Math.min(pdf.numPages, maxPages);
  const parts = [];
  let chars = 0;
  for (let number = 1; number <= pages && chars < maxChars; number++) {
    const page = await pdf.getPage(number);
    const content = await page.getTextContent();
    const text = content.items
      .map((item) => ("str" in item ? item.str + (item.hasEOL ? "\n" : "") : ""))
      .join("");
    parts.push(text.trim());
    chars += text.length;
    page.cleanup();
  }
  await pdf.destroy();
  const text = parts.filter(Boolean).join("\n\n").slice(0, maxChars);
  return { outcome: "ok", text, pages: pdf.numPages, truncated: pages < pdf.numPages || chars > maxChars };
}

read().then(
  (result) => parentPort.postMessage(result),
  () => parentPort.postMessage({ outcome: "unreadable" }),
);
