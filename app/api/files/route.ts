import { requireUser } from "@/lib/auth/current-user";
import { acceptFile } from "@/lib/files/accept-upload";
import { toApiFile } from "@/lib/files/api-file";
import { readUpload } from "@/lib/files/read-upload";
import { errorResponse } from "@/lib/http/error-response";
import { assertSameOrigin } from "@/lib/http/same-origin";

/**
 * Uploads a file to attach to a message: `multipart/form-data` with the file in `file`. 201 `{ id,
 * name, type, size, kind }`. Its type is decided by its bytes; images are re-encoded without metadata.
 */
export async function POST(request: Request) {
  try {
    assertSameOrigin(request);
    const user = await requireUser();
    const { name, bytes } = await readUpload(request);
    return Response.json(toApiFile(await acceptFile({ userId: user.id, name, bytes })), { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
