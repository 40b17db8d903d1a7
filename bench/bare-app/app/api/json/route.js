export const dynamic = "force-dynamic";

// About what a page of GET /api/sessions holds: 50 conversations with their summaries.
const CONVERSATIONS = Array.from({ length: 50 }, (_, index) => ({
  session_id: `0190f3a2-0000-7000-8000-${String(index).padStart(12, "0")}`,
  summary: `Conversation number ${index} about the analytical engine`,
  title: null,
  updated_at: new Date(1_767_225_600_000 + index * 60_000).toISOString(),
  pinned: false,
  folder_id: null,
}));

export function GET() {
  return Response.json(CONVERSATIONS);
}
