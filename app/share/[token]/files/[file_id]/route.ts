import { z } from "zod";
import { getPageUser } from "@/lib/auth/current-user";
import { mayOpen, sharedFile, sharedSnapshot } from "@/lib/chat/shares";
import { fileResponse } from "@/lib/files/file-response";

type Context = { params: Promise<{ token: string; file_id: string }> };

const notFound = () =>
  new Response("Not found.", {
    status: 404,
    headers: { "cache-control": "no-store", "content-security-policy": "sandbox; default-src 'none'" },
  });

/**
 * A file a shared message carries, through the link and for whoever may open it; no other file,
 * and nothing once the link expires or is revoked (never kept by a cache).
 */
export async function GET(request: Request, context: Context) {
  const { token, file_id: raw } = await context.params;
  const fileId = z.uuid().safeParse(raw);
  if (!fileId.success) return notFound();
  const snapshot = await sharedSnapshot(token);
  if (!snapshot || !mayOpen(snapshot.share, await getPageUser())) return notFound();
  const thumb = new URL(request.url).searchParams.get("thumb") === "1";
  const file = await sharedFile(snapshot, fileId.data.toLowerCase(), thumb);
  return file ? fileResponse(file, "no-store") : notFound();
}
