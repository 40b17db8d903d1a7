import { notFound, redirect } from "next/navigation";
import { UserAdmin } from "@/components/admin/user-admin";
import { toApiUser } from "@/lib/admin/api-user";
import { getCurrentUser } from "@/lib/auth/current-user";
import { listAuditEvents } from "@/lib/db/audit";
import { listUsers } from "@/lib/db/users";

export const metadata = { title: "Administration" };

export default async function AdminPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/");
  if (user.role !== "admin") notFound();
  const [users, events] = await Promise.all([listUsers(), listAuditEvents({ limit: 100 })]);

  return (
    <main className="min-h-0 flex-1 overflow-y-auto">
      <div className="mx-auto flex max-w-4xl flex-col gap-10 px-4 py-8">
        <h1 className="font-semibold text-2xl">Administration</h1>
        <UserAdmin initialUsers={users.map(toApiUser)} currentUserId={user.id} />
        <section aria-labelledby="audit-heading" className="flex flex-col gap-3">
          <h2 id="audit-heading" className="font-semibold text-lg">
            Audit log
          </h2>
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="text-neutral-500 text-xs">
                <tr>
                  <th className="py-1 pr-3">Time</th>
                  <th className="py-1 pr-3">Event</th>
                  <th className="py-1 pr-3">By</th>
                  <th className="py-1 pr-3">User</th>
                  <th className="py-1 pr-3">Address</th>
                  <th className="py-1">Detail</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-neutral-200 dark:divide-neutral-800">
                {events.map((event) => (
                  <tr key={event.id}>
                    <td className="whitespace-nowrap py-1 pr-3">
                      {event.at.toISOString().replace("T", " ").slice(0, 19)}
                    </td>
                    <td className="py-1 pr-3">{event.action}</td>
                    <td className="py-1 pr-3">{event.actor ?? ""}</td>
                    <td className="py-1 pr-3">{event.target ?? ""}</td>
                    <td className="py-1 pr-3">{event.address ?? ""}</td>
                    <td className="py-1">{event.detail ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      </div>
    </main>
  );
}
