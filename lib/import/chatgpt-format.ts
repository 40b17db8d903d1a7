import "server-only";
import { setImmediate as nextTurn } from "node:timers/promises";
import { z } from "zod";
import type { ImportedConversationRow, ImportedMessage } from "@/lib/db/import";
import { env } from "@/lib/env";

// ChatGPT's data export: `conversations.json` (or, in newer exports, `conversations-000.json` and
// on), a list of conversations, each a tree of nodes in `mapping` (every node names its parent),
// with `current_node` the end of the branch the user last saw. Nodes without a message, system and
// tool messages, hidden ones (custom instructions) and the assistant's calls to tools are left
// out; the children of a node left out join its nearest kept ancestor.

const MAX_NODES = 100_000;

const nodeSchema = z.object({
  id: z.string().max(200).optional(),
  parent: z.string().max(200).nullable().optional(),
  message: z
    .object({
      author: z.object({ role: z.string().max(50) }),
      create_time: z.number().nullable().optional(),
      content: z.object({
        content_type: z.string().max(100),
        parts: z.array(z.unknown()).max(1000).optional(),
        text: z.string().optional(),
      }),
      recipient: z.string().max(200).optional(),
      metadata: z.record(z.string(), z.unknown()).optional(),
    })

    .nullable()
    .optional(),
});

const conversationSchema = z.object({
  id: z.string().max(200).optional(),
  conversation_id: z.string().max(200).optional(),
  title: z.string().nullable().optional(),
  create_time: z.number().nullable().optional(),
  update_time: z.number().nullable().optional(),
  current_node: z.string().max(200).nullable().optional(),
  // Checked node by node below, letting other requests through between slices.
  mapping: z.record(z.string().max(200), z.unknown()),
});

type Node = z.infer<typeof nodeSchema>;
export type ChatGptConversation = {
  id?: string;
  conversation_id?: string;
  title?: string | null;
  create_time?: number | null;
  update_time?: number | null;
  current_node?: string | null;
  mapping: Record<string, Node>;
};

/** Where a fault is, and what it is; the caller says which conversation of which file. */
export class ChatGptFault extends Error {}

function faultOf(error: z.ZodError, prefix: string): ChatGptFault {
  const issue = error.issues[0];
  const where = [prefix, ...(issue?.path ?? []).map(String)].filter(Boolean).join(".");
  return new ChatGptFault(`${where ? `${where}: ` : ""}${issue?.message ?? "is not a ChatGPT conversation"}`);
}

export async function parseChatGptConversation(value: unknown): Promise<ChatGptConversation> {
  const parsed = conversationSchema.safeParse(value);
  if (!parsed.success) throw faultOf(parsed.error, "");
  const entries = Object.entries(parsed.data.mapping);
  if (entries.length > MAX_NODES) {
    throw new ChatGptFault(`mapping: at most ${MAX_NODES.toLocaleString("en")} messages in a conversation`);
  }
  const mapping: Record<string, Node> = {};
  for (const [index, [id, raw]] of entries.entries()) {
    const node = nodeSchema.safeParse(raw);
    if (!node.success) throw faultOf(node.error, `mapping.${id}`);
    mapping[id] = node.data;
    if (index % 2000 === 1999) await nextTurn();
  }
  return { ...parsed.data, mapping };
}

/** The text of a message's content: its text parts, and a note for each picture it carried. */
function textOf(content: NonNullable<Node["message"]>["content"]): string | null {
  if (content.content_type === "text" || content.content_type === "multimodal_text") {
    const pieces = (content.parts ?? []).map((part) => {
      if (typeof part === "string") return part;
      const kind = (part as { content_type?: unknown })?.content_type;
      if (kind === "image_asset_pointer") return "[An image was attached here in ChatGPT.]";
      return "";
    });
    return pieces.filter(Boolean).join("\n\n");
  }
  if (content.content_type === "code" && typeof content.text === "string") return content.text;
  return null;
}

/** A kept message, or null for a node that is left out. */
function keptMessage(
  node: Node,
): { role: "user" | "assistant"; content: string; at: number | null; model: string | null } | null {
  const message = node.message;
  if (!message) return null;
  const role = message.author.role;
  if (role !== "user" && role !== "assistant") return null;
  if (message.metadata?.is_visually_hidden_from_conversation === true) return null;
  // An assistant's message to a tool (code, browsing) is not part of the conversation as read.
  if (role === "assistant" && message.recipient && message.recipient !== "all") return null;
  const content = textOf(message.content);
  if (content === null || content.trim() === "") return null;
  const slug = message.metadata?.model_slug;
  return {
    role,
    content,
    at: message.create_time ?? null,
    model: role === "assistant" && typeof slug === "string" ? slug.slice(0, 200) : null,
  };
}

/** A message cut to the chat's limit, saying so, rather than refused: one long paste should not stop an import. */
function withinLimit(role: "user" | "assistant", content: string): string {
  const limit = role === "user" ? env().MAX_MESSAGE_CHARS : env().MAX_REPLY_CHARS;
  if (content.length <= limit) return content;
  const note = `\n\n[Cut at import: it had ${content.length.toLocaleString("en")} characters.]`;
  return content.slice(0, Math.max(0, limit - note.length)) + note;
}

/**
 * The conversation as it is imported: its kept messages in an order where each comes after its
 * parent, the branch of `current_node` active. A mapping that is not a tree (a parent that is not
 * there, a cycle) is a fault.
 */
export function toImportedRow(
  conversation: ChatGptConversation,
): ImportedConversationRow & { sourceId: string | null } {
  const { mapping } = conversation;
  const parentOf = (id: string): string | null => mapping[id]?.parent ?? null;
  for (const [id, node] of Object.entries(mapping)) {
    if (node.parent && !(node.parent in mapping)) {
      throw new ChatGptFault(`mapping.${id}.parent: ${node.parent} is not a node of this conversation`);
    }
  }
  // Every node must reach a root: walking up from each, with what is known to reach one remembered.
  const reachesRoot = new Set<string>();
  for (const start of Object.keys(mapping)) {
    const path: string[] = [];
    const onPath = new Set<string>();
    let at: string | null = start;
    while (at !== null && !reachesRoot.has(at)) {
      if (onPath.has(at)) throw new ChatGptFault(`mapping.${start}: its parents go round in a cycle`);
      onPath.add(at);
      path.push(at);
      at = parentOf(at);
    }
    for (const id of path) reachesRoot.add(id);
  }

  const conversationTime = (conversation.create_time ?? 0) * 1000;
  const children = new Map<string | null, string[]>();
  for (const [id, node] of Object.entries(mapping)) {
    const parent = node.parent ?? null;
    children.set(parent, [...(children.get(parent) ?? []), id]);
  }
  const kept = new Map<string, ReturnType<typeof keptMessage>>();
  for (const [id, node] of Object.entries(mapping)) kept.set(id, keptMessage(node));
  const time = (id: string) => kept.get(id)?.at ?? mapping[id]?.message?.create_time ?? 0;

  // Depth first from the roots, siblings oldest first: each message comes after its parent.
  const messages: ImportedMessage[] = [];
  const indexOf = new Map<string, number>();
  const stack: { id: string; keptParent: number | null }[] = (children.get(null) ?? [])
    .sort((a, b) => time(b) - time(a))
    .map((id) => ({ id, keptParent: null }));
  while (stack.length > 0) {
    const { id, keptParent } = stack.pop() as { id: string; keptParent: number | null };
    const message = kept.get(id);
    let parentForChildren = keptParent;
    if (message) {
      indexOf.set(id, messages.length);
      parentForChildren = messages.length;
      messages.push({
        role: message.role,
        content: withinLimit(message.role, message.content),
        status: "complete",
        createdAt: new Date(message.at !== null ? message.at * 1000 : conversationTime),
        model: message.model,
        parentIndex: keptParent,
      });
    }
    const next = [...(children.get(id) ?? [])].sort((a, b) => time(b) - time(a));
    for (const child of next) stack.push({ id: child, keptParent: parentForChildren });
  }

  // The branch last seen ends at `current_node`, or at its nearest kept ancestor.
  let current = conversation.current_node ?? null;
  while (current !== null && !indexOf.has(current)) current = current in mapping ? parentOf(current) : null;
  const created = new Date(conversationTime);
  const sourceId = conversation.conversation_id ?? conversation.id ?? null;
  return {
    title: conversation.title?.trim().slice(0, 200) || null,
    summary: null,
    createdAt: created,
    updatedAt: new Date((conversation.update_time ?? conversation.create_time ?? 0) * 1000),
    messages,
    activeIndex: current === null ? undefined : indexOf.get(current),
    importedFrom: sourceId ? `chatgpt:${sourceId}` : undefined,
    sourceId,
  };
}
