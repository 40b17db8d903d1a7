import { describe, expect, it } from "vitest";
import { parseTrustProxy, plainAddress, resolveClientAddress } from "@/lib/http/trust-proxy.mjs";

const resolve = (socketAddress: string, forwardedFor: string | undefined, trust?: string) =>
  resolveClientAddress({ socketAddress, forwardedFor, policy: parseTrustProxy(trust) });

describe("the client's address", () => {
  it("is the socket's peer when no proxy is trusted, whatever the client claims", () => {
    expect(resolve("198.51.100.7", "203.0.113.1")).toEqual({ address: "198.51.100.7", peerTrusted: false });
    expect(resolve("198.51.100.7", "x".repeat(8000)).address).toBe("198.51.100.7");
  });

  it("shows an IPv4 client of a dual-stack socket as plain IPv4", () => {
    expect(resolve("::ffff:127.0.0.1", undefined).address).toBe("127.0.0.1");
    expect(plainAddress("::ffff:10.1.2.3")).toBe("10.1.2.3");
    expect(plainAddress("2001:db8::1")).toBe("2001:db8::1");
  });

  it("with a hop count, is that many entries from the right of X-Forwarded-For", () => {
    expect(resolve("10.0.0.2", "203.0.113.9", "1")).toEqual({ address: "203.0.113.9", peerTrusted: true });
    expect(resolve("10.0.0.2", "6.6.6.6, 203.0.113.9", "1").address).toBe("203.0.113.9");
    expect(resolve("10.0.0.2", "6.6.6.6, 203.0.113.9, 10.0.0.1", "2").address).toBe("203.0.113.9");
    // Fewer entries than hops: the leftmost there is.
    expect(resolve("10.0.0.2", "203.0.113.9", "3").address).toBe("203.0.113.9");
  });

  it("with a list, skips the trusted proxies from the right and stops at the first other address", () => {
    const trust = "10.0.0.0/8, loopback";
    expect(resolve("127.0.0.1", "6.6.6.6, 203.0.113.9, 10.0.0.1", trust).address).toBe("203.0.113.9");
    expect(resolve("127.0.0.1", undefined, trust)).toEqual({ address: "127.0.0.1", peerTrusted: true });
    // A peer that is not one of the proxies is the client, whatever it forwards.
    expect(resolve("198.51.100.7", "203.0.113.9", trust)).toEqual({
      address: "198.51.100.7",
      peerTrusted: false,
    });
    expect(resolve("::1", "2001:db8::5", "loopback").address).toBe("2001:db8::5");
  });

  it("takes only valid addresses: a forged or broken entry ends the walk at the last good hop", () => {
    expect(resolve("127.0.0.1", "not-an-address", "loopback").address).toBe("127.0.0.1");
    expect(resolve("127.0.0.1", "203.0.113.9, <script>", "loopback").address).toBe("127.0.0.1");
    expect(resolve("10.0.0.2", "[2001:db8::7]:443", "1").address).toBe("2001:db8::7");
    expect(resolve("10.0.0.2", "203.0.113.9:5555", "1").address).toBe("203.0.113.9");
    expect(resolve("10.0.0.2", "x".repeat(8000), "1").address).toBe("10.0.0.2");
  });
});

describe("TRUST_PROXY", () => {
  it("accepts nothing, a hop count, or addresses and ranges", () => {
    expect(parseTrustProxy(undefined).kind).toBe("none");
    expect(parseTrustProxy("false").kind).toBe("none");
    expect(parseTrustProxy("2")).toEqual({ kind: "hops", hops: 2 });
    expect(parseTrustProxy("10.0.0.1, 192.168.0.0/16, fd00::/8").kind).toBe("list");
  });

  it("refuses anything else, saying what it takes", () => {
    for (const value of ["true", "10.0.0.0/33", "proxy.example", "10.0.0.1/8/9", "999"]) {
      expect(() => parseTrustProxy(value)).toThrow(/TRUST_PROXY/);
    }
  });
});
