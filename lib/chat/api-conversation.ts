import type { ConversationRecord } from "@/lib/db/conversations";

/** A conversation as the API lists it; the client's types are derived from this mapper. */
export type ApiConversation = ReturnType<typeof toApiConversation>;

export function toApiConversation(conversation: ConversationRecord) {
  return {
    session_id: conversation.id,
    title: conversation.title,
    summary: conversation.summary,
    /** The first words of its first message, shown until it has a summary or a title. */
    preview: conversation.preview,
    /** Its own model, instructions and temperature; null for the default. */
    model: conversation.model,
    system_prompt: conversation.systemPrompt,
    temperature: conversation.temperature,
    /** Its folder (null: none); pinned ones are listed first; archived ones only when asked for. */
    folder_id: conversation.folderId,
    pinned: Boolean(conversation.pinned),
    archived: Boolean(conversation.archived),
    created_at: conversation.createdAt.toISOString(),
    updated_at: conversation.updatedAt.toISOString(),
  };
}

/** What a conversation is called: its title, else its summary, else its first words. */
export function conversationName(
  conversation: Pick<ApiConversation, "title" | "summary" | "preview">,
): string {
  return conversation.title ?? conversation.summary ?? conversation.preview ?? "New chat";
}
