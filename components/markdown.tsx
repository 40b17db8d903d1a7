"use client";

import { lazy, memo, Suspense } from "react";

// Rendering Markdown takes a sixth of the chat page's JavaScript: it is a chunk of its own, asked for
// as soon as the page runs. Messages the server rendered stay as they are until it is there (React
// keeps server HTML while a lazy part hydrates); a message written before it arrives shows as text.
const loadBody = () => import("./markdown-body");
const MarkdownBody = lazy(loadBody);
if (typeof window !== "undefined") void loadBody();

export const Markdown = memo(function Markdown({ text }: { text: string }) {
  return (
    <Suspense
      fallback={
        <div data-content className="markdown whitespace-pre-wrap leading-relaxed">
          {text}
        </div>
      }
    >
      <MarkdownBody text={text} />
    </Suspense>
  );
});
