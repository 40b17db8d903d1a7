import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { SessionUser } from "@/lib/db/auth-sessions";
import { safeReturnPath } from "@/lib/http/safe-path";
import { getPageUser } from "./current-user";

/**
 * The user a page is for; a logged-out visitor is sent to the login page, which brings them back
 * to the page they asked for (proxy.ts passes its path along) once they have logged in.
 */
export async function requirePageUser(): Promise<SessionUser> {
  const user = await getPageUser();
  if (user) return user;
  const back = safeReturnPath((await headers()).get("x-return-path"));
  redirect(back && back !== "/interact_history" ? `/?next=${encodeURIComponent(back)}` : "/");
}
