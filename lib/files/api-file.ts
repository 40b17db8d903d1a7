import type { FileMeta } from "@/lib/db/files";

/** A file as the API describes it, on its own and on the messages that carry it. */
export type ApiFile = ReturnType<typeof toApiFile>;

export function toApiFile(file: FileMeta) {
  return { id: file.id, name: file.name, type: file.type, size: file.size, kind: file.kind };
}
