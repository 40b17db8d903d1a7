// @ts-check
// Which client address a request comes from, and whether its X-Forwarded-* headers may be believed.
// Plain JavaScript: the HTTP server (server/main.mjs) runs it before Next.js sees the request, and
// lib/env.ts validates TRUST_PROXY with it.
import { BlockList, isIP } from "node:net";

/**
 * @typedef {{ kind: "none" } | { kind: "hops", hops: number } | { kind: "list", list: BlockList, text: string }} TrustPolicy
 */

/** `::ffff:192.0.2.1` is how Node reports an IPv4 client on a dual-stack socket: show it as IPv4. */
export function plainAddress(/** @type {string} */ address) {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? /** @type {string} */ (mapped[1]) : address;
}

/** A valid IP address as written in a header (brackets and an IPv4 port are tolerated), or null. */
export function validAddress(/** @type {string | undefined} */ raw) {
  if (!raw) return null;
  let value = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = /** @type {string} */ (bracketed[1]);
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(":"));
  if (value.length > 45 || isIP(value) === 0) return null;
  return plainAddress(value.toLowerCase());
}

const LOOPBACK = ["127.0.0.0/8", "::1/128"];

/**
 * Parses TRUST_PROXY: unset, empty, `false` or `0` trusts no proxy; a whole number trusts that many
 * hops in front of the app; otherwise a comma-separated list of proxy addresses or CIDR ranges
 * (`loopback` stands for 127.0.0.0/8 and ::1). Throws with a clear message on anything else.
 * @param {string | undefined} value
 * @returns {TrustPolicy}
 */
export function parseTrustProxy(value) {
  const text = (value ?? "").trim();
  if (text === "" || text === "false" || text === "0") return { kind: "none" };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > 20) throw new Error("TRUST_PROXY: at most 20 hops");
    return { kind: "hops", hops };
  }
  const list = new BlockList();
  for (const entry of text.split(",").flatMap((part) => (part.trim() === "loopback" ? LOOPBACK : [part]))) {
    const [address, prefix, ...rest] = entry.trim().split("/");
    const ip = validAddress(address);
    const family = ip === null ? 0 : isIP(ip);
    const bits = prefix === undefined ? (family === 6 ? 128 : 32) : Number(prefix);
    const maxBits = family === 6 ? 128 : 32;
    if (ip === null || rest.length > 0 || !Number.isInteger(bits) || bits < 0 || bits > maxBits) {
      throw new Error(
        `TRUST_PROXY: "${entry.trim()}" is not an address or a CIDR range (give a number of hops, or addresses such as 10.0.0.1, 10.0.0.0/8, loopback)`,
      );
    }
    list.addSubnet(ip, bits, family === 6 ? "ipv6" : "ipv4");
  }
  return { kind: "list", list, text };
}

/** @param {BlockList} list @param {string} address */
function listed(list, address) {
  return list.check(address, isIP(address) === 6 ? "ipv6" : "ipv4");
}

/**
 * The client's address, from the socket's peer and, as far as the policy trusts the proxies in
 * between, the X-Forwarded-For chain; and whether the peer is a trusted proxy (only then do its
 * X-Forwarded-Host and -Proto count). Entries that are not valid addresses end the walk.
 * @param {{ socketAddress: string | undefined, forwardedFor: string | string[] | undefined, policy: TrustPolicy }} request
 * @returns {{ address: string, peerTrusted: boolean }}
 */
export function resolveClientAddress({ socketAddress, forwardedFor, policy }) {
  const peer = validAddress(socketAddress) ?? "unknown";
  if (policy.kind === "none" || peer === "unknown") return { address: peer, peerTrusted: false };
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? "");
  // Nearest hop first: the peer, then each address the proxies appended, right to left.
  const hops = header.length > 4096 ? [] : header.split(",").reverse();
  let address = peer;
  if (policy.kind === "hops") {
    for (let index = 0; index < Math.min(policy.hops, hops.length); index++) {
      const next = validAddress(hops[index]);
      if (next === null) break;
      address = next;
    }
    return { address, peerTrusted: policy.hops > 0 };
  }
  const peerTrusted = listed(policy.list, peer);
  for (const hop of hops) {
    if (!listed(policy.list, address)) break;
    const next = validAddress(hop);
    if (next === null) break;
    address = next;
  }
  return { address, peerTrusted };
}
