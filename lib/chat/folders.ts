import "server-only";
import { type FolderRecord, type FolderRefusal, MAX_FOLDER_DEPTH, MAX_FOLDERS } from "@/lib/db/folders";
import { AppError } from "@/lib/errors";

/** A folder as the API gives it. */
export function toApiFolder(folder: FolderRecord) {
  return {
    id: folder.id,
    name: folder.name,
    parent_id: folder.parentId,
    system_prompt: folder.systemPrompt,
    created_at: folder.createdAt.toISOString(),
  };
}

/** The folder, or the error a refusal of the database's is to the client. */
export function folderOrError(result: FolderRecord | FolderRefusal): FolderRecord {
  if (typeof result !== "string") return result;
  switch (result) {
    case "missing":
      throw new AppError("not_found:folder", "Folder not found.");
    case "parent_missing":
      throw new AppError("not_found:folder", "The folder to put it in was not found.");
    case "too_deep":
      throw new AppError("bad_request:folder", `Folders go at most ${MAX_FOLDER_DEPTH} deep.`);
    case "cycle":
      throw new AppError("bad_request:folder", "A folder cannot go into itself or into a folder of its own.");
    case "too_many":
      throw new AppError("conflict:folder", `You have ${MAX_FOLDERS} folders, the most one may keep.`);
  }
}
