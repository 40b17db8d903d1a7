export const dynamic = "force-dynamic";

// Sends the request's JSON body to the model server and pipes its stream back, untouched.
export async function POST(request) {
  const upstream = await fetch(`${process.env.MODEL_URL}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: await request.text(),
  });
  return new Response(upstream.body, {
    status: upstream.status,
    headers: { "content-type": "text/event-stream", "cache-control": "no-store" },
  });
}
