"use client";

/**
 * What a page shows when the server could not make it (its database unreachable for a moment,
 * say): a plain explanation and a way to try again, never the error itself.
 */
export default function PageError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="flex min-h-full flex-col items-center justify-center gap-4 p-6 text-center">
      <h1 className="font-semibold text-2xl">This page could not be loaded</h1>
      <p className="max-w-md text-neutral-600 dark:text-neutral-400">
        The server could not reach what it needs for this page right now (its database, most likely). Try
        again in a moment.
      </p>
      <button
        type="button"
        onClick={() => reset()}
        className="rounded-lg bg-neutral-900 px-4 py-2 text-white hover:bg-neutral-700 dark:bg-neutral-100 dark:text-neutral-900 dark:hover:bg-neutral-300"
      >
        Try again
      </button>
    </main>
  );
}
