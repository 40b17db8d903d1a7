import Link from "next/link";

/** A full page saying why the user cannot go on here, with the way back to their chats. */
export function StatusPage({ title, message }: { title: string; message: string }) {
  return (
    <main className="flex min-h-full flex-col items-center justify-center gap-4 p-6 text-center">
      <h1 className="font-semibold text-2xl">{title}</h1>
      <p className="text-neutral-600 dark:text-neutral-400">{message}</p>
      <Link
        href="/interact_history"
        className="rounded-lg bg-neutral-900 px-4 py-2 text-white hover:bg-neutral-700 dark:bg-neutral-100 dark:text-neutral-900 dark:hover:bg-neutral-300"
      >
        Back to your chats
      </Link>
    </main>
  );
}
