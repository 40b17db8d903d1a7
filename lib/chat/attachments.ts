import "server-only";
import type { CatalogueModel } from "@/lib/ai/model-catalogue";
import { type FileWithTextLength, getAttachmentsForModel, getOwnFiles } from "@/lib/db/files";
import { AppError } from "@/lib/errors";
import type { TurnFile } from "./model-turns";

/** The most files one message carries. */
export const MAX_ATTACHMENTS = 10;

/**
 * The files a message is to carry: the caller's own, each once, in order. Any other id (another
 * user's file, a deleted one) is a 404, the same whoever owns it.
 */
export async function requireOwnAttachments(
  userId: string,
  ids: string[] | undefined,
): Promise<FileWithTextLength[]> {
  const wanted = [...new Set((ids ?? []).map((id) => id.toLowerCase()))];
  if (wanted.length === 0) return [];
  const found = await getOwnFiles({ ids: wanted, userId });
  if (found.length !== wanted.length)
    throw new AppError("not_found:file", "An attached file was not found: upload it again.");
  return found;
}

/** Images go only to a model an administrator marked as seeing them. */
export function assertModelSeesImages(
  model: CatalogueModel,
  files: Pick<FileWithTextLength, "kind">[],
): void {
  if (!model.vision && files.some((file) => file.kind === "image")) {
    throw new AppError(
      "bad_request:vision",
      `The model "${model.name}" cannot see images: pick a model that can, or remove the image.`,
    );
  }
}

export function toTurnFile(file: FileWithTextLength): TurnFile {
  return { id: file.id, name: file.name, kind: file.kind, type: file.type, textChars: file.textChars };
}

/** The files of each of these messages, as the model's turns are chosen with them. */
export async function conversationFiles(messageIds: string[]): Promise<Map<string, TurnFile[]>> {
  const byMessage = new Map<string, TurnFile[]>();
  for (const file of await getAttachmentsForModel(messageIds)) {
    byMessage.set(file.messageId, [...(byMessage.get(file.messageId) ?? []), toTurnFile(file)]);
  }
  return byMessage;
}
