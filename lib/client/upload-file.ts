// Uploads a file with progress (fetch cannot report an upload's progress; XMLHttpRequest can).
import type { ApiFile } from "@/lib/files/api-file";
import { ApiRequestError, NETWORK_ERROR_MESSAGE } from "./fetch-json";

export function uploadFile(
  file: File,
  { onProgress, signal }: { onProgress?: (fraction: number) => void; signal?: AbortSignal } = {},
): Promise<ApiFile> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    const form = new FormData();
    form.set("file", file, file.name);
    request.open("POST", "/api/files");
    request.responseType = "json";
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress?.(event.loaded / event.total);
    };
    request.onload = () => {
      const body = request.response as (ApiFile & { error?: string; code?: string }) | null;
      if (request.status === 201 && body) return resolve(body);
      reject(
        new ApiRequestError(
          request.status,
          body?.code ?? `http:${request.status}`,
          request.status === 401
            ? "Your session has ended. Reload the page and log in again."
            : (body?.error ?? `The server answered ${request.status}.`),
        ),
      );
    };
    request.onerror = () => reject(new ApiRequestError(0, "network", NETWORK_ERROR_MESSAGE));
    request.onabort = () => reject(new DOMException("The upload was cancelled.", "AbortError"));
    signal?.addEventListener("abort", () => request.abort(), { once: true });
    request.send(form);
  });
}
