"use client";

import type { ApiFile } from "@/lib/files/api-file";
import { formatBytes } from "@/lib/format-bytes";
import { StrokeIcon } from "./ui/stroke-icon";
import type { PendingFile } from "./use-attachments";

const DOCUMENT_ICON = "M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8zM14 3v5h5M9 13h6M9 17h6";

/** The files the next message will carry, above the message box: preview, progress, remove. */
export function PendingAttachments({
  files,
  onRemove,
}: {
  files: PendingFile[];
  onRemove: (key: string) => void;
}) {
  if (files.length === 0) return null;
  return (
    <ul aria-label="Attached files" className="flex flex-wrap gap-2 px-1 pb-2">
      {files.map((file) => {
        const picture =
          file.uploaded && file.isImage ? `/api/files/${file.uploaded.id}?thumb=1` : file.preview;
        return (
          <li
            key={file.key}
            className={`relative flex max-w-56 items-center gap-2 rounded-xl border p-1.5 pr-8 text-sm ${
              file.error
                ? "border-red-300 bg-red-50 dark:border-red-800 dark:bg-red-950/40"
                : "border-neutral-200 bg-neutral-50 dark:border-neutral-700 dark:bg-neutral-800"
            }`}
          >
            {picture ? (
              // biome-ignore lint/performance/noImgElement: a preview of the user's own upload, not a page asset
              <img src={picture} alt="" className="size-10 shrink-0 rounded-lg object-cover" />
            ) : (
              <span className="flex size-10 shrink-0 items-center justify-center rounded-lg bg-white text-neutral-500 dark:bg-neutral-900">
                <StrokeIcon path={DOCUMENT_ICON} className="size-5" />
              </span>
            )}
            <span className="min-w-0">
              <span className="block truncate font-medium">{file.name}</span>
              {file.error ? (
                <span role="alert" className="block text-red-700 text-xs dark:text-red-300">
                  {file.error}
                </span>
              ) : file.uploaded ? (
                <span className="block text-neutral-500 text-xs">{formatBytes(file.uploaded.size)}</span>
              ) : (
                <span className="mt-1 block h-1 w-24 overflow-hidden rounded bg-neutral-200 dark:bg-neutral-700">
                  <span
                    role="progressbar"
                    aria-label={`Uploading ${file.name}`}
                    aria-valuemin={0}
                    aria-valuemax={100}
                    aria-valuenow={Math.round(file.progress * 100)}
                    className="block h-full bg-blue-500 transition-[width]"
                    style={{ width: `${Math.round(file.progress * 100)}%` }}
                  />
                </span>
              )}
            </span>
            <button
              type="button"
              onClick={() => onRemove(file.key)}
              aria-label={`Remove ${file.name}`}
              className="absolute top-1 right-1 rounded-md p-1 text-neutral-500 hover:bg-neutral-200 hover:text-neutral-900 dark:hover:bg-neutral-700 dark:hover:text-neutral-100"
            >
              <StrokeIcon path="M6 6l12 12M18 6L6 18" className="size-3.5" />
            </button>
          </li>
        );
      })}
    </ul>
  );
}

/** The files a sent message carries: images as thumbnails that open the picture, documents to download. */
export function MessageAttachments({
  files,
  basePath = "/api/files",
}: {
  files: ApiFile[];
  /** Where the files are served from: their own route, or a share link's. */
  basePath?: string;
}) {
  if (files.length === 0) return null;
  return (
    <ul aria-label="Files" className="flex max-w-[85%] flex-wrap justify-end gap-2">
      {files.map((file) =>
        file.kind === "image" ? (
          <li key={file.id}>
            <a
              href={`${basePath}/${file.id}`}
              target="_blank"
              rel="noopener"
              title={`Open ${file.name}`}
              className="block overflow-hidden rounded-xl border border-neutral-200 focus-visible:outline-2 focus-visible:outline-blue-500 dark:border-neutral-700"
            >
              {/* biome-ignore lint/performance/noImgElement: the user's own picture, served by the API */}
              <img
                src={`${basePath}/${file.id}?thumb=1`}
                alt={file.name}
                loading="lazy"
                className="max-h-48 max-w-60 object-cover"
              />
            </a>
          </li>
        ) : (
          <li key={file.id}>
            <a
              href={`${basePath}/${file.id}`}
              download={file.name}
              className="flex items-center gap-2 rounded-xl border border-neutral-200 bg-white px-3 py-2 text-sm hover:bg-neutral-50 focus-visible:outline-2 focus-visible:outline-blue-500 dark:border-neutral-700 dark:bg-neutral-900 dark:hover:bg-neutral-800"
            >
              <StrokeIcon path={DOCUMENT_ICON} className="size-4 shrink-0 text-neutral-500" />
              <span className="max-w-48 truncate">{file.name}</span>
              <span className="shrink-0 text-neutral-500 text-xs">{formatBytes(file.size)}</span>
            </a>
          </li>
        ),
      )}
    </ul>
  );
}
