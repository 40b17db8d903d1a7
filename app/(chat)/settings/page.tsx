import { LogOutEverywhere } from "@/components/settings/log-out-everywhere";
import { PasswordForm } from "@/components/settings/password-form";
import { PresetManager } from "@/components/settings/preset-manager";
import { TokenManager } from "@/components/settings/token-manager";
import { UsagePanel } from "@/components/usage-panel";
import { toApiToken } from "@/lib/auth/api-token";
import { requirePageUser } from "@/lib/auth/page-user";
import { listApiTokens } from "@/lib/db/api-tokens";

export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requirePageUser();
  const tokens = await listApiTokens({ userId: user.id });

  return (
    <main className="min-h-0 flex-1 overflow-y-auto">
      <div className="mx-auto flex max-w-2xl flex-col gap-10 px-4 py-8">
        <h1 className="font-semibold text-2xl">Settings</h1>
        <PresetManager isAdmin={user.role === "admin"} />
        <UsagePanel scope="mine" />
        <TokenManager initialTokens={tokens.map(toApiToken)} />
        <PasswordForm />
        <LogOutEverywhere />
      </div>
    </main>
  );
}
