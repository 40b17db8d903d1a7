import Link from "next/link";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/login-form";
import { NewAccountForm } from "@/components/new-account-form";
import { getPageUser } from "@/lib/auth/current-user";
import { countUsers } from "@/lib/db/users";
import { env } from "@/lib/env";
import { safeReturnPath } from "@/lib/http/safe-path";
import { createFirstAccount, signUp } from "./actions";

export const metadata = { title: "Log in" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ signup?: string; next?: string | string[] }> };

export default async function LoginPage({ searchParams }: Props) {
  const query = await searchParams;
  // Where a visitor sent here from a page goes back to once logged in: a path on this site only.
  const next = safeReturnPath(typeof query.next === "string" ? query.next : null) ?? "/interact_history";
  if (await getPageUser()) redirect(next);
  const firstRun = (await countUsers()) === 0;
  const signingUp = !firstRun && env().ALLOW_SIGNUP && query.signup !== undefined;
  const title = firstRun ? "Create the first account" : signingUp ? "Sign up" : "Log in";
  const intro = firstRun
    ? "No account exists yet. The account you create now is the administrator."
    : signingUp
      ? "Create your account."
      : "Log in to continue your conversations.";

  return (
    <main className="flex min-h-full items-center justify-center p-4">
      <div className="w-full max-w-sm rounded-2xl border border-neutral-200 p-6 shadow-sm dark:border-neutral-800">
        <h1 className="mb-1 font-semibold text-2xl">{title}</h1>
        <p className="mb-6 text-neutral-600 text-sm dark:text-neutral-400">{intro}</p>
        {firstRun ? (
          <NewAccountForm createAccount={createFirstAccount} submitLabel="Create account" />
        ) : signingUp ? (
          <NewAccountForm createAccount={signUp} submitLabel="Sign up" />
        ) : (
          <LoginForm next={next} />
        )}
        {!firstRun && env().ALLOW_SIGNUP && (
          <p className="mt-4 text-center text-sm">
            {signingUp ? (
              <Link href="/" className="text-blue-600 underline dark:text-blue-400">
                I have an account: log in
              </Link>
            ) : (
              <Link href="/?signup" className="text-blue-600 underline dark:text-blue-400">
                No account yet? Sign up
              </Link>
            )}
          </p>
        )}
      </div>
    </main>
  );
}
