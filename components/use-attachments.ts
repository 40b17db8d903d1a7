"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { uploadFile } from "@/lib/client/upload-file";
import type { ApiFile } from "@/lib/files/api-file";
import { mib } from "@/lib/format-bytes";

/** A file on its way into a message: uploading (with its progress), ready, or refused. */
export type PendingFile = {
  key: string;
  name: string;
  /** An image's picture while it uploads: the browser's own copy. */
  preview: string | null;
  isImage: boolean;
  progress: number;
  uploaded?: ApiFile;
  error?: string;
  controller: AbortController;
};

export const MAX_ATTACHMENTS = 10;
let keys = 0;

/** The files the next message will carry: uploaded as soon as they are chosen, dropped or pasted. */
export function useAttachments({ maxFileBytes }: { maxFileBytes: number }) {
  const [files, setFiles] = useState<PendingFile[]>([]);
  const current = useRef(files);
  current.current = files;

  const update = useCallback((key: string, change: Partial<PendingFile>) => {
    setFiles((list) => list.map((file) => (file.key === key ? { ...file, ...change } : file)));
  }, []);

  const add = useCallback(
    (chosen: File[]) => {
      const room = MAX_ATTACHMENTS - current.current.length;
      const accepted = chosen.slice(0, Math.max(0, room));
      const pending = accepted.map((file): PendingFile => {
        const isImage = file.type.startsWith("image/") && file.type !== "image/svg+xml";
        return {
          key: `file-${++keys}`,
          name: file.name || "pasted image",
          preview: isImage ? URL.createObjectURL(file) : null,
          isImage,
          progress: 0,
          controller: new AbortController(),
          ...(file.size > maxFileBytes
            ? { error: `Too large: files are at most ${mib(maxFileBytes)}.` }
            : {}),
          ...(file.size === 0 ? { error: "The file is empty." } : {}),
        };
      });
      const skipped = chosen.length - accepted.length;
      setFiles((list) => [
        ...list,
        ...pending,
        ...(skipped > 0
          ? [
              {
                key: `file-${++keys}`,
                name: `${skipped} more`,
                preview: null,
                isImage: false,
                progress: 0,
                controller: new AbortController(),
                error: `A message carries at most ${MAX_ATTACHMENTS} files.`,
              },
            ]
          : []),
      ]);
      for (const [index, entry] of pending.entries()) {
        if (entry.error) continue;
        uploadFile(accepted[index] as File, {
          signal: entry.controller.signal,
          onProgress: (progress) => update(entry.key, { progress }),
        }).then(
          (uploaded) => update(entry.key, { uploaded, progress: 1, isImage: uploaded.kind === "image" }),
          (error: Error) => {
            if (error.name !== "AbortError") update(entry.key, { error: error.message });
          },
        );
      }
    },
    [maxFileBytes, update],
  );

  const remove = useCallback((key: string) => {
    const file = current.current.find((candidate) => candidate.key === key);
    if (!file) return;
    file.controller.abort();
    if (file.preview) URL.revokeObjectURL(file.preview);
    // An upload that will not be sent is deleted at once rather than left for the daily sweep.
    if (file.uploaded) void fetch(`/api/files/${file.uploaded.id}`, { method: "DELETE" }).catch(() => {});
    setFiles((list) => list.filter((candidate) => candidate.key !== key));
  }, []);

  /** Hands the ready files over to a message and empties the list. */
  const take = useCallback((): ApiFile[] => {
    const ready = current.current.flatMap((file) => (file.uploaded ? [file.uploaded] : []));
    for (const file of current.current) if (file.preview) URL.revokeObjectURL(file.preview);
    setFiles([]);
    return ready;
  }, []);

  useEffect(
    () => () => {
      for (const file of current.current) if (file.preview) URL.revokeObjectURL(file.preview);
    },
    [],
  );

  const uploading = files.some((file) => !file.uploaded && !file.error);
  const ready = files.filter((file) => file.uploaded);
  return { files, add, remove, take, uploading, ready };
}
