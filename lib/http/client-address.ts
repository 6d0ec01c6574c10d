import { BlockList, isIP } from "node:net";

// Who is on the other end of a request, for per-client limits (the login throttle).
//
// `next start` does not expose the socket to route handlers or server actions, and it fills in
// X-Forwarded-For from the socket only when the header is absent, so a client picks its own
// "address" by sending one. The socket's address is therefore stamped onto each request by
// lib/http/socket-stamp.ts (installed from instrumentation.ts), and forwarded headers are
// believed only from the proxies listed in TRUSTED_PROXIES.

export type HeaderSource = Headers | Record<string, string | string[] | undefined>;

/** Addresses and CIDR ranges of proxies whose X-Forwarded-For entries are believed. */
export type TrustedProxies = { contains(address: string): boolean };

export const UNKNOWN_CLIENT = "unknown";

export function readHeader(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(", ") : value;
}

/** `::ffff:10.0.0.1` (an IPv4 client on a dual-stack socket) → `10.0.0.1`; anything else unchanged. */
export function normalizeAddress(address: string): string {
  const trimmed = address.trim();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(trimmed);
  return (mapped ? mapped[1]! : trimmed).toLowerCase();
}

/** "127.0.0.1, 10.0.0.0/8, ::1" → a matcher; throws on anything that is not an IP or CIDR. */
export function parseTrustedProxies(value: string | string[]): TrustedProxies {
  const list = new BlockList();
  const entries = (Array.isArray(value) ? value : value.split(","))
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address = "", prefix, extra] = entry.split("/");
    const family = isIP(address);
    if (family === 0 || extra !== undefined) throw new Error(`not an IP address or CIDR range: ${entry}`);
    const type = family === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) {
      list.addAddress(normalizeAddress(address), type);
      continue;
    }
    const bits = Number(prefix);
    if (!/^\d{1,3}$/.test(prefix) || bits > (family === 4 ? 32 : 128)) throw new Error(`bad prefix length in ${entry}`);
    list.addSubnet(address, bits, type);
  }
  return {
    contains(address: string) {
      const normalized = normalizeAddress(address);
      const family = isIP(normalized);
      if (family === 0) return false;
      return list.check(normalized, family === 4 ? "ipv4" : "ipv6");
    },
  };
}

export const TRUST_NO_PROXY: TrustedProxies = { contains: () => false };

/**
 * The client's address. The chain is X-Forwarded-For's entries followed by the socket's peer, and
 * it is read from the right: each trusted proxy vouches for the entry before it, so we step left
 * past trusted hops and stop at the first address no trusted proxy would have written for us.
 * With no trusted proxies (the default) that is the socket address itself, and whatever the
 * client put in X-Forwarded-For is ignored. Without a socket address the answer is "unknown":
 * one shared bucket, never an address the client chose.
 */
export function clientAddress(headers: HeaderSource, socketAddress: string | undefined, trusted: TrustedProxies): string {
  if (!socketAddress || isIP(normalizeAddress(socketAddress)) === 0) return UNKNOWN_CLIENT;
  let client = normalizeAddress(socketAddress);
  if (!trusted.contains(client)) return client;
  const forwarded = (readHeader(headers, "x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (let index = forwarded.length - 1; index >= 0; index--) {
    const hop = normalizeAddress(forwarded[index]!);
    // A trusted proxy wrote something that is not an address: stop at the proxy itself.
    if (isIP(hop) === 0) return client;
    client = hop;
    if (!trusted.contains(hop)) return hop;
  }
  return client;
}
