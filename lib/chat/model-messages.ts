import "server-only";
import type { ChatPart, ChatTurn } from "@/lib/ai/stream-completion";
import { getFileBodies } from "@/lib/db/files";
import { type ModelTurn, shortenTo, type TurnFile } from "./model-turns";

/** The newest images a model is sent; older ones are named in the text instead. */
export const MAX_IMAGES_SENT = 8;

const escapeName = (name: string) =>
  name.replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;");

function documentBlock(file: TurnFile, text: string): string {
  return `<document name="${escapeName(file.name)}">\n${text}\n</document>`;
}

function imageNote(file: TurnFile, canSeeImages: boolean): string {
  return canSeeImages
    ? `[An image, ${file.name}, was attached here.]`
    : `[An image, ${file.name}, was attached here; this model cannot see images.]`;
}

/**
 * The messages a model is sent for the turns chosen: each document written into its turn's text
 * (before the user's words, its name given), each image as an `image_url` part built now from the
 * stored bytes (never kept in a message), the newest ones only, and only to a model that sees
 * images. The newest turn is shortened to `maxChars`, documents included, with a note of what was
 * left out.
 */
export async function toModelMessages(
  turns: ModelTurn[],
  { canSeeImages, maxChars }: { canSeeImages: boolean; maxChars: number },
): Promise<ChatTurn[]> {
  const files = turns.flatMap((turn) => turn.files);
  if (files.length === 0) return turns.map(({ role, content }) => ({ role, content }));
  const images = canSeeImages ? files.filter((file) => file.kind === "image").slice(-MAX_IMAGES_SENT) : [];
  const { texts, images: bytes } = await getFileBodies({
    textIds: [...new Set(files.filter((file) => file.kind === "document").map((file) => file.id))],
    imageIds: [...new Set(images.map((file) => file.id))],
  });
  const sentImages = new Set(images.map((file) => file.id));
  return turns.map((turn, index) => {
    if (turn.files.length === 0) return { role: turn.role, content: turn.content };
    const blocks = turn.files.map((file) =>
      file.kind === "document"
        ? documentBlock(file, texts.get(file.id) ?? "")
        : sentImages.has(file.id)
          ? null
          : imageNote(file, canSeeImages),
    );
    let text = [...blocks.filter((block): block is string => block !== null), turn.content]
      .filter(Boolean)
      .join("\n\n");
    if (index === turns.length - 1) text = shortenTo(text, maxChars);
    const parts: ChatPart[] = turn.files.flatMap((file) => {
      const image = sentImages.has(file.id) ? bytes.get(file.id) : undefined;
      return image
        ? [
            {
              type: "image_url" as const,
              image_url: { url: `data:${file.type};base64,${Buffer.from(image).toString("base64")}` },
            },
          ]
        : [];
    });
    return parts.length === 0
      ? { role: turn.role, content: text }
      : { role: turn.role, content: [{ type: "text", text }, ...parts] };
  });
}
