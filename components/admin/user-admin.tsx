"use client";

import { type FormEvent, useState } from "react";
import { ConfirmDialog } from "../confirm-dialog";
import { Button } from "../ui/button";
import { FormError } from "../ui/form-error";
import { TextField } from "../ui/text-field";

type AdminUser = {
  id: string;
  username: string;
  role: "admin" | "user";
  disabled: boolean;
  created_at: string;
};

async function call(url: string, method: string, body?: unknown): Promise<{ ok: boolean; data: unknown }> {
  const response = await fetch(url, {
    method,
    headers: body ? { "content-type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  return { ok: response.ok, data };
}

export function UserAdmin({
  initialUsers,
  currentUserId,
}: {
  initialUsers: AdminUser[];
  currentUserId: string;
}) {
  const [users, setUsers] = useState(initialUsers);
  const [error, setError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<AdminUser | null>(null);

  async function update(user: AdminUser, changes: Record<string, unknown>) {
    const { ok, data } = await call(`/api/admin/users/${user.id}`, "PATCH", changes);
    if (!ok) return setError((data as { error?: string })?.error ?? "That did not work.");
    setError(null);
    setUsers((current) => current.map((u) => (u.id === user.id ? (data as AdminUser) : u)));
  }

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const fields = new FormData(form);
    const { ok, data } = await call("/api/admin/users", "POST", {
      username: fields.get("username"),
      password: fields.get("password"),
      role: fields.get("role"),
    });
    if (!ok) return setError((data as { error?: string })?.error ?? "Could not create the user.");
    setError(null);
    setUsers((current) => [...current, data as AdminUser]);
    form.reset();
  }

  async function remove(user: AdminUser) {
    setDeleting(null);
    const { ok, data } = await call(`/api/admin/users/${user.id}`, "DELETE");
    if (!ok) return setError((data as { error?: string })?.error ?? "Could not delete the user.");
    setError(null);
    setUsers((current) => current.filter((u) => u.id !== user.id));
  }

  async function resetPassword(user: AdminUser) {
    const password = window.prompt(`New password for ${user.username} (at least 8 characters)`);
    if (password) await update(user, { password });
  }

  return (
    <section aria-labelledby="users-heading" className="flex flex-col gap-4">
      <h2 id="users-heading" className="font-semibold text-lg">
        Users
      </h2>
      <FormError message={error} />
      <ul aria-label="Users" className="divide-y divide-neutral-200 dark:divide-neutral-800">
        {users.map((user) => (
          <li key={user.id} className="flex flex-wrap items-center gap-2 py-2 text-sm">
            <span className="mr-auto font-medium">
              {user.username}
              {user.id === currentUserId && <span className="ml-1 text-neutral-500">(you)</span>}
              {user.disabled && (
                <span className="ml-2 rounded bg-neutral-200 px-1.5 text-xs dark:bg-neutral-800">
                  disabled
                </span>
              )}
            </span>
            <label className="flex items-center gap-1">
              <span className="sr-only">Role of {user.username}</span>
              <select
                value={user.role}
                onChange={(event) => update(user, { role: event.target.value })}
                className="rounded border border-neutral-300 bg-transparent px-2 py-1 dark:border-neutral-700"
              >
                <option value="user">user</option>
                <option value="admin">admin</option>
              </select>
            </label>
            <Button variant="ghost" onClick={() => update(user, { disabled: !user.disabled })}>
              {user.disabled ? `Enable ${user.username}` : `Disable ${user.username}`}
            </Button>
            <Button variant="ghost" onClick={() => resetPassword(user)}>
              Reset password
            </Button>
            <Button variant="ghost" onClick={() => setDeleting(user)} aria-label={`Delete ${user.username}`}>
              Delete
            </Button>
          </li>
        ))}
      </ul>
      <ConfirmDialog
        open={deleting !== null}
        title="Delete this user?"
        message={`${deleting?.username ?? ""} and all their conversations will be deleted for good.`}
        confirmLabel="Delete"
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && remove(deleting)}
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
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium">Role</span>
          <select
            name="role"
            className="rounded-lg border border-neutral-300 bg-transparent px-3 py-2 dark:border-neutral-700"
          >
            <option value="user">user</option>
            <option value="admin">admin</option>
          </select>
        </label>
        <Button type="submit">Create user</Button>
      </form>
    </section>
  );
}
