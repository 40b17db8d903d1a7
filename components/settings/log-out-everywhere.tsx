"use client";

import { Button } from "../ui/button";

export function LogOutEverywhere() {
  async function logOut() {
    await fetch("/api/account/logout-everywhere", { method: "POST" });
    window.location.assign("/logout");
  }

  return (
    <section aria-labelledby="sessions-heading" className="flex flex-col gap-3">
      <h2 id="sessions-heading" className="font-semibold text-lg">
        Sessions
      </h2>
      <p className="text-neutral-600 text-sm dark:text-neutral-400">
        Log out on every device and browser where you are logged in, this one included. API tokens keep
        working.
      </p>
      <div>
        <Button
          variant="ghost"
          className="border border-neutral-300 dark:border-neutral-700"
          onClick={logOut}
        >
          Log out everywhere
        </Button>
      </div>
    </section>
  );
}
