import "server-only";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { readBodyWithin } from "@/lib/http/read-json-body";
import { assertFileSize } from "./accept-upload";

// What a multipart body may hold around its one file: the boundaries and the part's headers.
const MULTIPART_OVERHEAD = 64 * 1024;

/**
 * The file of a `multipart/form-data` upload (its field `file`): the body is read within the file
 * limit before it is parsed, so a body that is too large is refused (413) without being kept.
 */
export async function readUpload(request: Request): Promise<{ name: string; bytes: Uint8Array }> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(type)) {
    throw new AppError(
      "unsupported_media_type:body",
      "Send the file as multipart/form-data, in a field named file.",
    );
  }
  const limit = env().MAX_FILE_BYTES;
  let body: Buffer;
  try {
    body = await readBodyWithin(request, limit + MULTIPART_OVERHEAD);
  } catch (error) {
    if (error instanceof AppError && error.status === 413) assertFileSize(limit + 1);
    throw error;
  }
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body), { headers: { "content-type": type } }).formData();
  } catch {
    throw new AppError("bad_request:body", "The upload could not be read as multipart/form-data.");
  }
  const file = form.get("file");
  if (!(file instanceof File)) throw new AppError("bad_request:file", "Send the file in a field named file.");
  assertFileSize(file.size);
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}
