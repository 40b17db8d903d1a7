"use client";

import { type FormEvent, useState } from "react";
import useSWR from "swr";
import type { ApiUser } from "@/lib/admin/api-user";
import { fetchJson } from "@/lib/client/fetch-json";
import { ConfirmDialog } from "../confirm-dialog";
import { Button } from "../ui/button";
import { FormError } from "../ui/form-error";
import { SelectField } from "../ui/select-field";
import { TextField } from "../ui/text-field";

const selectClass =
  "rounded-lg border border-neutral-300 bg-transparent px-3 py-2 dark:border-neutral-700 dark:bg-neutral-950";

/** The users of the instance: create, change role, disable, reset the password, delete. */
export function UserAdmin({
  initialUsers,
  currentUserId,
}: {
  initialUsers: ApiUser[];
  currentUserId: string;
}) {
  const { data: users = initialUsers, mutate } = useSWR(
    "/api/admin/users",
    (url: string) => fetchJson<ApiUser[]>(url),
    {
      fallbackData: initialUsers,
    },
  );
  const [error, setError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<ApiUser | null>(null);

  async function act(work: () => Promise<void>) {
    try {
      await work();
      setError(null);
    } catch (caught) {
      setError((caught as Error).message);
    }
  }

  const update = (user: ApiUser, changes: Record<string, unknown>) =>
    act(async () => {
      const updated = await fetchJson<ApiUser>(`/api/admin/users/${user.id}`, {
        method: "PATCH",
        json: changes,
      });
      await mutate((current) => current?.map((u) => (u.id === user.id ? updated : u)), { revalidate: false });
    });

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const fields = new FormData(form);
    await act(async () => {
      const created = await fetchJson<ApiUser>("/api/admin/users", {
        method: "POST",
        json: {
          username: fields.get("username"),
          password: fields.get("password"),
          role: fields.get("role"),
        },
      });
      await mutate((current) => [...(current ?? []), created], { revalidate: false });
      form.reset();
    });
  }

  const remove = (user: ApiUser) =>
    act(async () => {
      setDeleting(null);
      await fetchJson(`/api/admin/users/${user.id}`, { method: "DELETE" });
      await mutate((current) => current?.filter((u) => u.id !== user.id), { revalidate: false });
    });

  function resetPassword(user: ApiUser) {
    const password = window.prompt(`New password for ${user.username} (at least 8 characters)`);
    if (password) void update(user, { password });
  }

  return (
    <section aria-labelledby="users-heading" className="flex flex-col gap-4">
      <h2 id="users-heading" className="font-semibold text-lg">
        Users
      </h2>
      <FormError message={error} />
      <ul aria-label="Users" className="divide-y divide-neutral-200 dark:divide-neutral-800">
        {users.map((user) => {
          const self = user.id === currentUserId;
          return (
            <li key={user.id} className="flex flex-wrap items-center gap-2 py-2 text-sm">
              <span className="mr-auto font-medium">
                {user.username}
                {self && <span className="ml-1 font-normal text-neutral-500">(you)</span>}
                {user.disabled && (
                  <span className="ml-2 rounded bg-neutral-200 px-1.5 font-normal text-xs dark:bg-neutral-800">
                    disabled
                  </span>
                )}
              </span>
              <label className="flex items-center gap-2">
                <span className="text-neutral-600 dark:text-neutral-400">
                  Role<span className="sr-only"> of {user.username}</span>
                </span>
                <select
                  value={user.role}
                  disabled={self}
                  title={self ? "Another administrator can change your role." : undefined}
                  onChange={(event) => void update(user, { role: event.target.value })}
                  className={`${selectClass} py-1 text-sm`}
                >
                  <option value="user">user</option>
                  <option value="admin">admin</option>
                </select>
              </label>
              {/* Administrators do not disable or delete themselves here: another one can. */}
              {!self && (
                <Button variant="ghost" onClick={() => void update(user, { disabled: !user.disabled })}>
                  {user.disabled ? `Enable ${user.username}` : `Disable ${user.username}`}
                </Button>
              )}
              <Button variant="ghost" onClick={() => resetPassword(user)}>
                Reset password
              </Button>
              {!self && (
                <Button
                  variant="ghost"
                  onClick={() => setDeleting(user)}
                  aria-label={`Delete ${user.username}`}
                >
                  Delete
                </Button>
              )}
            </li>
          );
        })}
      </ul>
      <ConfirmDialog
        open={deleting !== null}
        title="Delete this user?"
        message={`${deleting?.username ?? ""} and all their conversations will be deleted for good.`}
        confirmLabel="Delete"
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && void remove(deleting)}
      />
      <form onSubmit={create} className="flex flex-wrap items-end gap-2">
        <TextField id="new-username" name="username" label="New user" required />
        <TextField
          id="new-password"
          name="password"
          label="Password"
          type="password"
          minLength={8}
          required
        />
        <SelectField id="new-role" name="role" label="Role">
          <option value="user">user</option>
          <option value="admin">admin</option>
        </SelectField>
        <Button type="submit" className="h-10">
          Create user
        </Button>
      </form>
    </section>
  );
}
