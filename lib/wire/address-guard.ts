import { BlockList, isIP } from "node:net";
import { lookup as dnsLookup } from "node:dns";

// The wire fetcher's SSRF guard. An admin types a feed URL, the feed's redirects choose further
// URLs: none of them may make the server fetch from inside its own network (the cloud metadata
// service at 169.254.169.254, an admin port on 10.x, Redis on localhost) unless an admin allowed
// that one host on purpose. The check runs on the address the socket actually connects to, from
// the lookup the HTTP client itself calls, so a name that resolves differently the second time
// (DNS rebinding) gains nothing.

const blocked = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, cloud metadata
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // 6to4 relay
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const) {
  blocked.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["100::", 64], // discard
  ["2001:db8::", 32], // documentation
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated, still routed by some stacks)
  ["ff00::", 8], // multicast
] as const) {
  blocked.addSubnet(network, prefix, "ipv6");
}

// IPv6 forms that carry an IPv4 address: mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::a.b.c.d),
// 6to4 (2002:AABB:CCDD::) and the deprecated compatible form (::a.b.c.d).
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = lower.match(/^(?:::ffff:|64:ff9b::|::)(\d{1,3}(?:\.\d{1,3}){3})$/);
  if (dotted) return dotted[1]!;
  const words = expandIpv6(lower);
  if (!words) return null;
  const fromWords = (high: number, low: number) => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  const zeros = (from: number, to: number) => words.slice(from, to).every((w) => w === 0);
  if (zeros(0, 5) && words[5] === 0xffff) return fromWords(words[6]!, words[7]!);
  if (words[0] === 0x64 && words[1] === 0xff9b && zeros(2, 6)) return fromWords(words[6]!, words[7]!);
  if (words[0] === 0x2002) return fromWords(words[1]!, words[2]!);
  if (zeros(0, 6) && (words[6] !== 0 || words[7]! > 1)) return fromWords(words[6]!, words[7]!);
  return null;
}

/** The eight 16-bit words of an IPv6 address, or null if it is not one. */
function expandIpv6(address: string): number[] | null {
  if (isIP(address) !== 6) return null;
  let text = address.split("%")[0]!;
  const dotted = text.match(/(\d{1,3}(?:\.\d{1,3}){3})$/);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split(".").map(Number) as [number, number, number, number];
    text = text.slice(0, -dotted[1]!.length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const headWords = head ? head.split(":") : [];
  const tailWords = tail ? tail.split(":") : [];
  const fill = tail === undefined ? [] : Array(8 - headWords.length - tailWords.length).fill("0");
  const words = [...headWords, ...fill, ...tailWords].map((w) => parseInt(w, 16));
  return words.length === 8 && words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffff) ? words : null;
}

/** Whether an IP address is private, loopback, link-local or otherwise not on the public internet. */
export function isNonPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, "ipv4");
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    if (v4) return isNonPublicAddress(v4);
    return blocked.check(address.split("%")[0]!, "ipv6");
  }
  return true; // not an address at all: refuse rather than guess
}

export class BlockedAddressError extends Error {
  readonly code = "EWIREBLOCKED";
  constructor(
    readonly hostname: string,
    readonly address: string,
  ) {
    super(`العنوان ${address} (${hostname}) داخلي أو محجوز: لا يُجلب منه إلا بإذن صريح من المدير`);
  }
}

export type LookupAddress = { address: string; family: number };
/** Resolves a host name to every address it has (node:dns lookup with `all: true`). Tests pass a stub. */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))),
  );

/**
 * The addresses a fetch to `hostname` may connect to: all of them public, or the host allowed to be
 * private. An IP literal is checked as it is; a name is resolved first and refused if any address
 * it resolves to is not public (a name with one private address is a rebinding risk).
 */
export async function resolvePermittedAddresses(hostname: string, allowPrivate: boolean, resolver: Resolver = systemResolver): Promise<LookupAddress[]> {
  const bare = hostname.replace(/^\[|\]$/g, "");
  const family = isIP(bare);
  const addresses = family ? [{ address: bare, family }] : await resolver(bare);
  if (!addresses.length) throw new Error(`لا عنوان للمضيف ${hostname}`);
  if (!allowPrivate) {
    const refused = addresses.find((entry) => isNonPublicAddress(entry.address));
    if (refused) throw new BlockedAddressError(hostname, refused.address);
  }
  return addresses;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request/https.request that only ever hands the socket a permitted address.
 * `allowPrivateHost` is the one host name an admin allowed to be private; every other name must
 * resolve to public addresses only.
 */
export function guardedLookup(allowPrivateHost: string | null, resolver: Resolver = systemResolver) {
  return (hostname: string, options: { all?: boolean } | number | undefined, callback: LookupCallback) => {
    const allowPrivate = allowPrivateHost !== null && hostname.toLowerCase() === allowPrivateHost.toLowerCase();
    resolvePermittedAddresses(hostname, allowPrivate, resolver).then(
      (addresses) => {
        if (typeof options === "object" && options?.all) callback(null, addresses);
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, "", 0),
    );
  };
}
