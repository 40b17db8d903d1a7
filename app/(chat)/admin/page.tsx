import { forbidden } from "next/navigation";
import { AuditLog } from "@/components/admin/audit-log";
import { ConnectionAdmin } from "@/components/admin/connection-admin";
import { ModelAdmin } from "@/components/admin/model-admin";
import { UserAdmin } from "@/components/admin/user-admin";
import { UsagePanel } from "@/components/usage-panel";
import { toApiAuditEvent } from "@/lib/admin/api-audit-event";
import { toApiUser } from "@/lib/admin/api-user";
import { requirePageUser } from "@/lib/auth/page-user";
import { listAuditEvents } from "@/lib/db/audit";
import { listUsers } from "@/lib/db/users";

export const metadata = { title: "Administration" };

const AUDIT_PAGE = 100;

export default async function AdminPage() {
  const user = await requirePageUser();
  if (user.role !== "admin") forbidden();
  const [users, audit] = await Promise.all([listUsers(), listAuditEvents({ limit: AUDIT_PAGE })]);

  return (
    <main className="min-h-0 flex-1 overflow-y-auto">
      <div className="mx-auto flex max-w-4xl flex-col gap-10 px-4 py-8">
        <h1 className="font-semibold text-2xl">Administration</h1>
        <UserAdmin initialUsers={users.map(toApiUser)} currentUserId={user.id} />
        <ConnectionAdmin />
        <ModelAdmin />
        <UsagePanel scope="everyone" />
        <AuditLog initialEvents={audit.events.map(toApiAuditEvent)} initialCursor={audit.next} />
      </div>
    </main>
  );
}
