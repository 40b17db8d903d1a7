"use client";

import { type ComponentProps, memo, useEffect, useState } from "react";
import ReactMarkdown, { type Components, type Options } from "react-markdown";
import remarkGfm from "remark-gfm";

type PluggableList = NonNullable<Options["rehypePlugins"]>;

// Highlighting is a third of the page's JavaScript, and only code blocks with a language need it:
// it is loaded the first time one is shown (their text is there at once; the colours follow).
let highlighting: PluggableList | null = null;
let loadingHighlighting: Promise<PluggableList> | null = null;
const NAMED_CODE_BLOCK = /^ {0,3}(`{3,}|~{3,})[ \t]*[\w+#.-]/m;

function useHighlighting(text: string): PluggableList {
  const wanted = NAMED_CODE_BLOCK.test(text);
  const [plugins, setPlugins] = useState<PluggableList>(highlighting ?? []);
  useEffect(() => {
    if (!wanted || plugins.length > 0) return;
    let shown = true;
    loadingHighlighting ??= import("rehype-highlight").then((module) => {
      highlighting = [[module.default, { detect: false }]];
      return highlighting;
    });
    loadingHighlighting.then((loaded) => shown && setPlugins(loaded)).catch(() => {});
    return () => {
      shown = false;
    };
  }, [wanted, plugins]);
  return plugins;
}

type Node = { type: string; value?: string; children?: Node[] };

/** Raw HTML in a message is shown as the text it is, never as markup. */
function rawHtmlAsText() {
  const walk = (node: Node) => {
    if (node.type === "html") node.type = "text";
    node.children?.forEach(walk);
  };
  return walk;
}

function textOf(node: unknown): string {
  if (typeof node === "string" || typeof node === "number") return String(node);
  if (Array.isArray(node)) return node.map(textOf).join("");
  if (node && typeof node === "object" && "props" in node) {
    return textOf((node as { props: { children?: unknown } }).props.children);
  }
  return "";
}

function CodeBlock({ children, ...props }: ComponentProps<"pre">) {
  const [copied, setCopied] = useState(false);
  const language = /language-(\w+)/.exec(
    String((children as { props?: { className?: string } })?.props?.className ?? ""),
  )?.[1];

  async function copy() {
    await navigator.clipboard.writeText(textOf(children).replace(/\n$/, ""));
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  }

  return (
    <div className="group relative my-3 overflow-hidden rounded-xl border border-neutral-200 dark:border-neutral-800">
      <div className="flex items-center justify-between bg-neutral-100 px-3 py-1 text-neutral-600 text-xs dark:bg-neutral-900 dark:text-neutral-400">
        <span>{language ?? "code"}</span>
        <button
          type="button"
          onClick={copy}
          className="rounded px-2 py-0.5 hover:bg-neutral-200 focus-visible:outline-2 focus-visible:outline-blue-500 dark:hover:bg-neutral-800"
        >
          {copied ? "Copied" : "Copy code"}
        </button>
      </div>
      <pre
        {...props}
        className="overflow-x-auto bg-neutral-50 p-3 text-sm leading-relaxed dark:bg-neutral-950"
      >
        {children}
      </pre>
    </div>
  );
}

const components: Components = {
  pre: CodeBlock,
  a: ({ href, children }) =>
    href ? (
      <a
        href={href}
        target="_blank"
        rel="noopener noreferrer nofollow"
        className="text-blue-600 underline dark:text-blue-400"
      >
        {children}
      </a>
    ) : (
      <span>{children}</span>
    ),
  // A model-written image URL could carry the conversation to a third party: show it as text.
  img: ({ alt, src }) => <span className="text-neutral-500">[image: {alt || String(src ?? "")}]</span>,
  table: ({ children }) => (
    <div className="my-3 overflow-x-auto">
      <table className="border-collapse text-sm">{children}</table>
    </div>
  ),
  th: ({ children }) => (
    <th className="border border-neutral-300 bg-neutral-100 px-3 py-1 text-left dark:border-neutral-700 dark:bg-neutral-900">
      {children}
    </th>
  ),
  td: ({ children }) => (
    <td className="border border-neutral-300 px-3 py-1 dark:border-neutral-700">{children}</td>
  ),
};

/** A message's Markdown, rendered (loaded on its own: see markdown.tsx). */
export default memo(function MarkdownBody({ text }: { text: string }) {
  const rehypePlugins = useHighlighting(text);
  return (
    <div data-content className="markdown leading-relaxed">
      <ReactMarkdown
        remarkPlugins={[remarkGfm, rawHtmlAsText]}
        rehypePlugins={rehypePlugins}
        components={components}
      >
        {text}
      </ReactMarkdown>
    </div>
  );
});
