import { describe, expect, inject, it } from "vitest";
import { Client, loggedInClient } from "../../fixtures/http-client";
import { ADA } from "../../fixtures/users";

const appUrl = inject("appUrl");
const someUuid = "3f1c2a9e-8b7d-4c6e-9a5f-1e2d3c4b5a69";

describe("without a session", () => {
  const anonymous = new Client(appUrl);

  it.each([
    ["POST", "/api", { data: "hi", session_id: someUuid }],
    ["POST", "/api/new-session", undefined],
    ["GET", "/api/sessions", undefined],
  ])("%s %s answers 401 JSON, not a redirect", async (method, path, body) => {
    const response = await anonymous.fetch(path, {
      method,
      headers: body ? { "content-type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(await response.json()).toEqual({
      error: expect.any(String),
      code: expect.stringMatching(/^[a-z_]+:[a-z_]+$/),
    });
  });

  it.each(["/interact_history", `/interact_history/${someUuid}`])(
    "page %s redirects to the login page",
    async (path) => {
      const response = await anonymous.fetch(path);
      expect([303, 307, 308]).toContain(response.status);
      expect(new URL(response.headers.get("location") ?? "", appUrl).pathname).toBe("/");
    },
  );

  it("a conversation's link sends a logged-out visitor to log in, and brings them back to it", async () => {
    const response = await anonymous.fetch(`/interact_history/${someUuid}`);
    expect(new URL(response.headers.get("location") ?? "", appUrl).search).toBe(
      `?next=${encodeURIComponent(`/interact_history/${someUuid}`)}`,
    );
    const ada = await loggedInClient(appUrl, ADA.username, ADA.password);
    const back = await ada.fetch(`/?next=${encodeURIComponent(`/interact_history/${someUuid}`)}`);
    expect(back.headers.get("location")).toBe(`/interact_history/${someUuid}`);
  });

  it.each([
    "//evil.example/x",
    "https://evil.example",
    "/\\evil.example",
    "/%0d%0aevil",
    "javascript:alert(1)",
  ])("returns to no other site after logging in: %s", async (next) => {
    const ada = await loggedInClient(appUrl, ADA.username, ADA.password);
    const response = await ada.fetch(`/?next=${encodeURIComponent(next)}`);
    const location = new URL(response.headers.get("location") ?? "", appUrl);
    expect(location.origin).toBe(new URL(appUrl).origin);
  });

  it("serves the login page and the health check", async () => {
    expect((await anonymous.fetch("/")).status).toBe(200);
    expect((await anonymous.fetch("/api/health")).status).toBe(200);
  });
});

describe("logging in", () => {
  it("refuses a wrong password and an unknown user alike", async () => {
    for (const [username, password] of [
      [ADA.username, "wrong-password"],
      ["nobody", "wrong-password"],
    ] as const) {
      const client = new Client(appUrl);
      const response = await client.login(username, password);
      const body = (await response.json()) as { url: string };
      expect(body.url).toContain("error=CredentialsSignin");
      expect(client.loggedIn).toBe(false);
    }
  });

  it("refuses a login without the CSRF token", async () => {
    const client = new Client(appUrl);
    await client.fetch("/api/auth/csrf");
    await client.fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ username: ADA.username, password: ADA.password, json: "true" }),
    });
    expect(client.loggedIn).toBe(false);
  });

  it("sends a logged-in user from the login page to the chat", async () => {
    const ada = await loggedInClient(appUrl, ADA.username, ADA.password);
    const response = await ada.fetch("/");
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toContain("/interact_history");
  });
});

describe("logging out", () => {
  it.each(["GET", "POST"])(
    "%s /logout ends the session, and a kept copy of the cookie stops working",
    async (method) => {
      const ada = await loggedInClient(appUrl, ADA.username, ADA.password);
      const sessionId = await ada.newSession();
      const copy = new Client(appUrl);
      copy.setCookies(ada.cookieHeader());
      expect((await copy.fetch("/api/sessions")).status).toBe(200);

      const response = await ada.fetch("/logout", { method });
      expect(response.status).toBe(303);
      expect(new URL(response.headers.get("location") ?? "", appUrl).pathname).toBe("/");
      expect(ada.loggedIn).toBe(false);

      expect((await copy.fetch("/api/sessions")).status).toBe(401);
      expect((await copy.postJson("/api/new-session", {})).status).toBe(401);
      // The cookie still names its user, but its session is over: the user's own conversation is closed to it.
      const sent = await copy.postJson("/api", { data: "sent after logout", session_id: sessionId });
      expect(sent.status).toBe(401);
      expect(await sent.text()).not.toContain(sessionId);
      const again = await loggedInClient(appUrl, ADA.username, ADA.password);
      const conversation = await again.fetch(`/api/sessions/${sessionId}`);
      expect(conversation.status).toBe(200);
      expect(await conversation.text()).not.toContain("sent after logout");
      const page = await copy.fetch("/interact_history");
      expect(new URL(page.headers.get("location") ?? "", appUrl).pathname).toBe("/");
    },
  );

  it("does not log out on a link from another site, but offers a Log out button", async () => {
    const ada = await loggedInClient(appUrl, ADA.username, ADA.password);
    const page = await ada.fetch("/logout", { headers: { "sec-fetch-site": "cross-site" } });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    const html = await page.text();
    expect(html).toMatch(/<form method="post" action="\/logout"><button type="submit">Log out<\/button>/);
    expect(ada.loggedIn).toBe(true);
    await ada.fetch("/logout", { method: "POST", headers: { origin: "https://evil.example" } });
    expect((await ada.fetch("/api/sessions")).status).toBe(200);
  });

  it("next-auth's own sign-out ends the session on the server too", async () => {
    const ada = await loggedInClient(appUrl, ADA.username, ADA.password);
    const copy = new Client(appUrl);
    copy.setCookies(ada.cookieHeader());
    const { csrfToken } = (await (await ada.fetch("/api/auth/csrf")).json()) as { csrfToken: string };
    await ada.fetch("/api/auth/signout", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, json: "true" }),
    });
    expect((await copy.fetch("/api/sessions")).status).toBe(401);
    expect(await (await copy.fetch("/api/auth/session")).json()).toEqual({});
  });

  it("next-auth's session endpoint no longer names a user whose session was ended elsewhere", async () => {
    const ada = await loggedInClient(appUrl, ADA.username, ADA.password);
    expect(await (await ada.fetch("/api/auth/session")).json()).toMatchObject({
      user: { name: ADA.username },
    });
    const copy = new Client(appUrl);
    copy.setCookies(ada.cookieHeader());
    await ada.fetch("/logout", { method: "POST" });
    expect(await (await copy.fetch("/api/auth/session")).json()).toEqual({});
  });

  it("ends only that session: another login of the same user goes on", async () => {
    const laptop = await loggedInClient(appUrl, ADA.username, ADA.password);
    const phone = await loggedInClient(appUrl, ADA.username, ADA.password);
    await laptop.fetch("/logout", { method: "POST" });
    expect((await phone.fetch("/api/sessions")).status).toBe(200);
  });
});
