import { isDraining } from "@/lib/chat/shutdown";
import { isDatabaseReachable } from "@/lib/db/health";

/** 200 `{ status: "ok" }`; 503 while the instance drains before it stops, or without its database. */
export async function GET() {
  if (isDraining()) return Response.json({ status: "draining" }, { status: 503 });
  if (await isDatabaseReachable()) return Response.json({ status: "ok" });
  return Response.json({ status: "error", error: "The database is not reachable." }, { status: 503 });
}
