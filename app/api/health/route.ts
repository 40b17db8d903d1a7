import { isDatabaseReachable } from "@/lib/db/health";

export async function GET() {
  if (await isDatabaseReachable()) return Response.json({ status: "ok" });
  return Response.json({ status: "error", error: "The database is not reachable." }, { status: 503 });
}
