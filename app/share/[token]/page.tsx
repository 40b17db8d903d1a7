import { notFound } from "next/navigation";
import { MessageAttachments } from "@/components/attachment-chips";
import { Markdown } from "@/components/markdown";
import { getPageUser } from "@/lib/auth/current-user";
import { requirePageUser } from "@/lib/auth/page-user";
import { mayOpen, sharedSnapshot } from "@/lib/chat/shares";
import { toApiFile } from "@/lib/files/api-file";

type Props = {
  params: Promise<{ token: string }>;
  searchParams: Promise<{ error?: string | string[] }>;
};

/** A share link's snapshot: read by the instance's users (or anyone, when public), never indexed. */
async function openShare(params: Props["params"]) {
  const { token } = await params;
  const snapshot = await sharedSnapshot(token);
  if (!snapshot) notFound();
  const viewer = await getPageUser();
  if (!mayOpen(snapshot.share, viewer)) await requirePageUser();
  return { token, snapshot, viewer };
}

export async function generateMetadata({ params }: Props) {
  const { snapshot } = await openShare(params);
  return { title: snapshot.share.title, robots: { index: false, follow: false } };
}

/** The conversation as it was shared: its messages, read only, and a way to go on with a copy. */
export default async function SharePage({ params, searchParams }: Props) {
  const { token, snapshot, viewer } = await openShare(params);
  const error = (await searchParams).error;
  const shared = snapshot.share.createdAt.toISOString().slice(0, 10);
  return (
    <main className="mx-auto flex min-h-dvh max-w-3xl flex-col gap-6 px-4 py-8">
      <header className="flex flex-col gap-1 border-neutral-200 border-b pb-4 dark:border-neutral-800">
        <h1 className="font-semibold text-2xl">{snapshot.share.title}</h1>
        <p className="text-neutral-500 text-sm dark:text-neutral-400">
          {snapshot.owner ? `Shared by ${snapshot.owner} on ${shared}` : `Shared on ${shared}`}: the
          conversation as it was then, read only.
        </p>
      </header>
      {typeof error === "string" && (
        <p
          role="alert"
          className="rounded-lg bg-red-50 px-4 py-2 text-red-800 text-sm dark:bg-red-950 dark:text-red-200"
        >
          {error}
        </p>
      )}
      <div className="flex flex-col gap-6">
        {snapshot.messages.map((message) => (
          <article
            key={message.id}
            data-role={message.role}
            aria-label={message.role === "user" ? "User" : "Assistant"}
          >
            {message.role === "user" ? (
              <div className="flex flex-col items-end gap-1">
                <MessageAttachments
                  files={(message.attachments ?? []).map(toApiFile)}
                  basePath={`/share/${encodeURIComponent(token)}/files`}
                />
                {message.content && (
                  <div
                    data-content
                    className="max-w-[85%] whitespace-pre-wrap break-words rounded-2xl bg-neutral-100 px-4 py-2 dark:bg-neutral-800"
                  >
                    {message.content}
                  </div>
                )}
              </div>
            ) : (
              <div data-content>
                <Markdown text={message.content} />
              </div>
            )}
          </article>
        ))}
      </div>
      <footer className="border-neutral-200 border-t pt-4 dark:border-neutral-800">
        {viewer ? (
          <form method="post" action={`/share/${encodeURIComponent(token)}/continue`}>
            <button
              type="submit"
              className="rounded-lg bg-neutral-900 px-4 py-2 font-medium text-sm text-white hover:bg-neutral-700 focus-visible:outline-2 focus-visible:outline-blue-500 dark:bg-neutral-100 dark:text-neutral-900"
            >
              Continue this conversation
            </button>
          </form>
        ) : (
          <a
            className="text-blue-700 text-sm underline dark:text-blue-400"
            href={`/?next=${encodeURIComponent(`/share/${token}`)}`}
          >
            Log in to continue this conversation
          </a>
        )}
      </footer>
    </main>
  );
}
