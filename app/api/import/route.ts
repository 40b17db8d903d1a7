import { requireUser } from "@/lib/auth/current-user";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/error-response";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { importFile } from "@/lib/import/import-file";
import { spoolRequestBody } from "@/lib/import/spool";

const FILE_TYPES = new Set(["application/json", "application/zip", "application/x-zip-compressed"]);

/**
 * Imports a file from GET /api/export (or a conversation's JSON export) into the caller's account:
 * `{ imported, skipped, session_ids }`. The file is the body, sent as application/json.
 */
export async function POST(request: Request) {
  try {
    assertSameOrigin(request);
    const type = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    if (!FILE_TYPES.has(type)) {
      throw new AppError(
        "unsupported_media_type:import",
        "Send the file as the body, with Content-Type: application/json (or application/zip).",
      );
    }
    const user = await requireUser();
    const file = await spoolRequestBody(request, env().MAX_IMPORT_BYTES);
    try {
      const result = await importFile({ userId: user.id, file });
      return Response.json({
        imported: result.imported,
        skipped: result.skipped,
        session_ids: result.sessionIds,
      });
    } finally {
      await file.remove();
    }
  } catch (error) {
    return errorResponse(error);
  }
}
