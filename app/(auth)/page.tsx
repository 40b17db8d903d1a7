import { redirect } from "next/navigation";
import { FirstAccountForm } from "@/components/first-account-form";
import { LoginForm } from "@/components/login-form";
import { getCurrentUser } from "@/lib/auth/current-user";
import { countUsers } from "@/lib/db/users";

export const metadata = { title: "Log in" };
export const dynamic = "force-dynamic";

export default async function LoginPage() {
  if (await getCurrentUser()) redirect("/interact_history");
  const firstRun = (await countUsers()) === 0;

  return (
    <main className="flex min-h-full items-center justify-center p-4">
      <div className="w-full max-w-sm rounded-2xl border border-neutral-200 p-6 shadow-sm dark:border-neutral-800">
        <h1 className="mb-1 font-semibold text-2xl">{firstRun ? "Create the first account" : "Log in"}</h1>
        <p className="mb-6 text-neutral-600 text-sm dark:text-neutral-400">
          {firstRun
            ? "No account exists yet. The account you create now is the administrator."
            : "Log in to continue your conversations."}
        </p>
        {firstRun ? <FirstAccountForm /> : <LoginForm />}
      </div>
    </main>
  );
}
