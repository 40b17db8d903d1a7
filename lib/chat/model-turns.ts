import type { Turn } from "@/lib/db/messages";

/** A file on a turn, as far as choosing what the model is shown needs to know it. */
export type TurnFile = {
  id: string;
  name: string;
  kind: "image" | "document";
  type: string;
  textChars: number;
};

/** A turn of the conversation as the model is sent it, with the files it carries. */
export type ModelTurn = { role: "user" | "assistant"; content: string; files: TurnFile[] };

/** What a document adds around its text when it is written into a turn (its name and tags). */
export const documentOverhead = (file: Pick<TurnFile, "name">) => file.name.length + 40;

/** How many characters a turn stands for: its text and the text of its documents. */
function turnChars(content: string, files: TurnFile[]): number {
  return files.reduce(
    (sum, file) => sum + (file.kind === "document" ? file.textChars + documentOverhead(file) : 0),
    content.length,
  );
}

/**
 * A message too long for the budget on its own keeps its beginning and its end, where a pasted
 * text's question usually is, with a note of what was left out between them.
 */
export function shortenTo(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const note = `\n\n[… ${text.length - maxChars} characters left out …]\n\n`;
  const keep = Math.max(0, maxChars - note.length);
  const head = Math.ceil(keep / 2);
  return `${text.slice(0, head)}${note}${text.slice(text.length - (keep - head))}`;
}

/**
 * What the model is shown: what the user saw, leaving out replies that failed or are unfinished;
 * of a long conversation, its newest messages up to `maxChars` characters in all (documents' text
 * counted; the newest message always, shortened to fit when it alone is longer), starting with one
 * of the user's, as chat templates expect.
 */
export function toModelTurns(
  messages: Turn[],
  maxChars = Number.POSITIVE_INFINITY,
  filesByMessage: ReadonlyMap<string, TurnFile[]> = new Map(),
): ModelTurn[] {
  const shown = messages
    .map((message) => ({ message, files: (message.id && filesByMessage.get(message.id)) || [] }))
    .filter(
      ({ message, files }) =>
        message.status !== "error" &&
        message.status !== "streaming" &&
        (message.content.length > 0 || files.length > 0),
    );
  let first = shown.length;
  let chars = 0;
  while (first > 0) {
    const { message, files } = shown[first - 1] as (typeof shown)[number];
    const length = turnChars(message.content, files);
    if (first < shown.length && chars + length > maxChars) break;
    chars += length;
    first--;
  }
  while (first < shown.length - 1 && shown[first]?.message.role !== "user") first++;
  const turns: ModelTurn[] = shown
    .slice(first)
    .map(({ message, files }) => ({ role: message.role, content: message.content, files }));
  const newest = turns.at(-1);
  if (newest && newest.files.length === 0 && newest.content.length > maxChars) {
    newest.content = shortenTo(newest.content, maxChars);
  }
  return turns;
}
