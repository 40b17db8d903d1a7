// Logs in with the credentials form of next-auth's own API, as its client's signIn() does, without
// loading that client (and its session machinery) into the login page.

type CallbackAnswer = { url?: string };

/** Null once logged in; else what to tell the user. */
export async function logIn(username: string, password: string): Promise<string | null> {
  try {
    const { csrfToken } = (await (await fetch("/api/auth/csrf")).json()) as { csrfToken: string };
    const response = await fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        username,
        password,
        csrfToken,
        callbackUrl: window.location.href,
        json: "true",
      }),
    });
    const answer = (await response.json().catch(() => ({}))) as CallbackAnswer;
    const error = answer.url ? new URL(answer.url, window.location.href).searchParams.get("error") : null;
    if (response.ok && !error) return null;
    // A lockout explains itself; any other failure says nothing about whether the user exists.
    if (error?.startsWith("Too many failed attempts")) return error;
    return "Wrong username or password.";
  } catch {
    return "The server could not be reached. Check your connection and try again.";
  }
}
