import { beforeAll, describe, expect, inject, it } from "vitest";
import { messagesOf } from "../../fixtures/db-query";
import { type Client, loggedInClient } from "../../fixtures/http-client";
import { ADA, BABBAGE } from "../../fixtures/users";

const appUrl = inject("appUrl");
const databaseUrl = inject("databaseUrl");

let ada: Client;
let babbage: Client;
let adasSession: string;

beforeAll(async () => {
  ada = await loggedInClient(appUrl, ADA.username, ADA.password);
  babbage = await loggedInClient(appUrl, BABBAGE.username, BABBAGE.password);
  adasSession = await ada.newSession();
  const response = await ada.postJson("/api", {
    data: "Ada's private notes on Bernoulli numbers",
    session_id: adasSession,
  });
  expect(response.status).toBe(200);
});

describe("one user cannot reach another's conversations", () => {
  it("cannot post into them (404) and nothing is stored", async () => {
    const before = await messagesOf(databaseUrl, adasSession);
    const response = await babbage.postJson("/api", { data: "let me in", session_id: adasSession });
    expect(response.status).toBe(404);
    const body = (await response.json()) as Record<string, unknown>;
    expect(JSON.stringify(body)).not.toContain("Bernoulli");
    expect(await messagesOf(databaseUrl, adasSession)).toEqual(before);
  });

  it("cannot list them", async () => {
    const sessions = (await (await babbage.fetch("/api/sessions")).json()) as { session_id: string }[];
    expect(sessions.map((session) => session.session_id)).not.toContain(adasSession);
    const adas = (await (await ada.fetch("/api/sessions")).json()) as { session_id: string }[];
    expect(adas.map((session) => session.session_id)).toContain(adasSession);
  });

  it("cannot open their deep link (404 page without the content)", async () => {
    const response = await babbage.fetch(`/interact_history/${adasSession}`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain("Bernoulli");
    const own = await ada.fetch(`/interact_history/${adasSession}`);
    expect(own.status).toBe(200);
    expect(await own.text()).toContain("Ada&#x27;s private notes on Bernoulli numbers");
  });

  it("gets the same 404 for an unknown conversation, with any letter case of the id", async () => {
    const unknown = "0b7c5f3e-1d2a-4e6b-8c9d-aa11bb22cc33";
    expect((await babbage.postJson("/api", { data: "hi", session_id: unknown })).status).toBe(404);
    expect((await babbage.fetch(`/interact_history/${unknown}`)).status).toBe(404);
    expect(
      (await babbage.postJson("/api", { data: "hi", session_id: adasSession.toUpperCase() })).status,
    ).toBe(404);
    expect((await babbage.fetch(`/interact_history/${adasSession.toUpperCase()}`)).status).toBe(404);
  });

  it("a new session belongs to its creator only", async () => {
    const babbagesSession = await babbage.newSession();
    expect((await ada.postJson("/api", { data: "hi", session_id: babbagesSession })).status).toBe(404);
    expect(
      (await babbage.postJson("/api", { data: "hello engine", session_id: babbagesSession })).status,
    ).toBe(200);
  });
});
