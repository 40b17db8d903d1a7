import "server-only";

type Fetch = typeof fetch;

// Model servers whose address answered with a redirect: they are asked with redirects followed.
const redirectingOrigins = new Set<string>();

/**
 * Node.js's own fetch. Next.js wraps the global one for its data cache and its traces, neither of
 * which a call to a model server has any use for (0.14 ms of a reply's CPU in its profile).
 */
function nodeFetch(): Fetch {
  const global = globalThis.fetch as Fetch & { _nextOriginalFetch?: Fetch };
  return global._nextOriginalFetch ?? global;
}

function originOf(input: Parameters<Fetch>[0]): string {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  return new URL(url).origin;
}

/** undici's answer to a redirect when told to refuse them: nothing else fails this way. */
function isRefusedRedirect(error: unknown): boolean {
  return error instanceof TypeError && (error.cause as Error | undefined)?.message === "unexpected redirect";
}

/**
 * The fetch the model servers' clients use. A request that may follow a redirect is copied by
 * undici before it is sent, its body split in two streams, on every call (0.24 ms of a reply's CPU);
 * so a call is first sent refusing redirects, and only a server found to redirect (an address
 * behind a proxy that moved it, say) is asked again, and from then on, with redirects followed,
 * as fetch follows them. Its body is text, which can be sent twice.
 */
export const modelFetch: Fetch = async (input, init) => {
  const send = nodeFetch();
  const origin = originOf(input);
  const resendable = init?.body === undefined || init.body === null || typeof init.body === "string";
  if (!resendable || init?.redirect !== undefined || redirectingOrigins.has(origin)) return send(input, init);
  try {
    return await send(input, { ...init, redirect: "error" });
  } catch (error) {
    if (!isRefusedRedirect(error)) throw error;
    redirectingOrigins.add(origin);
    return send(input, init);
  }
};
