import { requireUser } from "@/lib/auth/current-user";
import { usageReport } from "@/lib/db/usage";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/error-response";
import { usageQuerySchema } from "./schema";

/** What the caller's model calls used in the last `days` days: in all, by model and by day. */
export async function GET(request: Request) {
  try {
    const query = usageQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success)
      throw new AppError("bad_request:query", query.error.issues[0]?.message ?? "Bad query.");
    const user = await requireUser();
    return Response.json(
      await usageReport({ userId: user.id, since: Date.now() - query.data.days * 86_400_000 }),
    );
  } catch (error) {
    return errorResponse(error);
  }
}
