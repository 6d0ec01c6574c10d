import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signTrustedDevice, readCookie, verifyTrustedDevice } from "@/lib/auth/trusted-device";
import { VerificationSlots } from "@/lib/auth/verification-slots";
import { EnvError, getEnv, resetEnvForTests } from "@/lib/env";
import { clientAddress, normalizeAddress, parseTrustedProxies, TRUST_NO_PROXY, UNKNOWN_CLIENT } from "@/lib/http/client-address";
import { installSocketStamp, SOCKET_ADDRESS_HEADER, stampedSocketAddress } from "@/lib/http/socket-stamp";

const xff = (value: string) => new Headers({ "x-forwarded-for": value });

describe("clientAddress", () => {
  it("with no trusted proxies uses the socket address and ignores a client-sent X-Forwarded-For", () => {
    const none = parseTrustedProxies("");
    expect(clientAddress(xff("1.2.3.4"), "203.0.113.9", none)).toBe("203.0.113.9");
    expect(clientAddress(xff("10.0.0.1, 127.0.0.1"), "203.0.113.9", TRUST_NO_PROXY)).toBe("203.0.113.9");
    expect(clientAddress({}, "::ffff:198.51.100.4", none)).toBe("198.51.100.4");
  });

  it("reads X-Forwarded-For from the right, stepping past trusted hops only", () => {
    const trusted = parseTrustedProxies("127.0.0.1, 10.0.0.0/8");
    // Varnish on loopback appended the client; the leftmost entry is the client's own claim.
    expect(clientAddress(xff("6.6.6.6, 198.51.100.7"), "127.0.0.1", trusted)).toBe("198.51.100.7");
    // nginx (10.0.0.2) behind Varnish: both trusted, so the hop before them is the client.
    expect(clientAddress(xff("6.6.6.6, 198.51.100.7, 10.0.0.2"), "127.0.0.1", trusted)).toBe("198.51.100.7");
    // An untrusted peer is the client, whatever it forwards.
    expect(clientAddress(xff("198.51.100.7"), "203.0.113.5", trusted)).toBe("203.0.113.5");
    // Only trusted hops: the leftmost one is as far as we can see.
    expect(clientAddress(xff("10.1.1.1"), "127.0.0.1", trusted)).toBe("10.1.1.1");
    expect(clientAddress({}, "127.0.0.1", trusted)).toBe("127.0.0.1");
    // Garbage written before a trusted hop stops the walk at that hop.
    expect(clientAddress(xff("not-an-ip, 10.0.0.3"), "127.0.0.1", trusted)).toBe("10.0.0.3");
    expect(clientAddress({ "x-forwarded-for": ["6.6.6.6", "198.51.100.8"] }, "127.0.0.1", trusted)).toBe("198.51.100.8");
  });

  it("answers unknown without a socket address, never an address the client chose", () => {
    expect(clientAddress(xff("1.2.3.4"), undefined, parseTrustedProxies("127.0.0.1"))).toBe(UNKNOWN_CLIENT);
    expect(clientAddress(xff("1.2.3.4"), "garbage", TRUST_NO_PROXY)).toBe(UNKNOWN_CLIENT);
  });

  it("parses IPs and CIDR ranges (IPv4 and IPv6) and refuses anything else", () => {
    const trusted = parseTrustedProxies("192.168.0.0/16,::1,2001:db8::/32");
    expect(trusted.contains("192.168.4.5")).toBe(true);
    expect(trusted.contains("::ffff:192.168.4.5")).toBe(true);
    expect(trusted.contains("192.169.0.1")).toBe(false);
    expect(trusted.contains("::1")).toBe(true);
    expect(trusted.contains("2001:db8:1::9")).toBe(true);
    expect(trusted.contains("unknown")).toBe(false);
    for (const bad of ["localhost", "10.0.0.0/33", "10.0.0.1/8/2", "1.2.3", "::1/129", "10.0.0.0/x"]) {
      expect(() => parseTrustedProxies(bad), bad).toThrow();
    }
    expect(normalizeAddress(" ::FFFF:10.0.0.1 ")).toBe("10.0.0.1");
  });
});

describe("socket address stamp", () => {
  let server: Server;
  let seen: string | undefined;
  let rawHeader: string | undefined;
  beforeAll(async () => {
    installSocketStamp();
    server = createServer((request, response) => {
      seen = stampedSocketAddress(request.headers);
      rawHeader = request.headers[SOCKET_ADDRESS_HEADER] as string | undefined;
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("writes the real peer over any header of the same name the client sent", async () => {
    const { port } = server.address() as AddressInfo;
    await fetch(`http://127.0.0.1:${port}/`, { headers: { [SOCKET_ADDRESS_HEADER]: "forged 6.6.6.6", "x-forwarded-for": "6.6.6.6" } });
    expect(seen).toBe("127.0.0.1");
    expect(rawHeader).not.toContain("6.6.6.6");
  });

  it("does not believe a header without this process's token", () => {
    expect(stampedSocketAddress({ [SOCKET_ADDRESS_HEADER]: "0123 6.6.6.6" })).toBeUndefined();
    expect(stampedSocketAddress({})).toBeUndefined();
  });
});

describe("trusted-device cookie", () => {
  const secret = "k".repeat(40);
  const now = new Date("2026-05-01T00:00:00Z");
  it("verifies its own signature, refuses forgeries, other secrets and expired cookies", () => {
    const cookie = signTrustedDevice(42, secret, now);
    expect(verifyTrustedDevice(cookie, secret, now)).toBe(42);
    expect(verifyTrustedDevice(cookie.replace(/^42\./, "43."), secret, now)).toBeNull();
    expect(verifyTrustedDevice(cookie, "x".repeat(40), now)).toBeNull();
    expect(verifyTrustedDevice(cookie, secret, new Date(now.getTime() + 91 * 24 * 3600 * 1000))).toBeNull();
    expect(verifyTrustedDevice(undefined, secret, now)).toBeNull();
    expect(verifyTrustedDevice("42.1.abc", secret, now)).toBeNull();
    expect(readCookie(`a=1; nr_trusted_device=${cookie}; b=2`, "nr_trusted_device")).toBe(cookie);
  });
});

describe("password verification slots", () => {
  it("runs at most N at once, lets a waiter through when a slot frees, and refuses after the wait", async () => {
    const slots = new VerificationSlots(2, 10, 50);
    let running = 0;
    let peak = 0;
    const task = (ms: number) => async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running--;
      return ms;
    };
    const results = await Promise.all([slots.run(task(20)), slots.run(task(20)), slots.run(task(5))]);
    expect(peak).toBe(2);
    expect(results.every((result) => !result.busy)).toBe(true);

    const long = [slots.run(task(200)), slots.run(task(200))];
    const refused = await slots.run(task(1));
    expect(refused).toEqual({ busy: true });
    await Promise.all(long);
    expect(await slots.run(task(1))).toEqual({ busy: false, value: 1 });
  });

  it("refuses at once when too many are already waiting", async () => {
    const slots = new VerificationSlots(1, 1, 1000);
    const first = slots.run(() => new Promise((resolve) => setTimeout(resolve, 50)));
    const second = slots.run(async () => "waited");
    expect(await slots.run(async () => "third")).toEqual({ busy: true });
    await first;
    expect(await second).toEqual({ busy: false, value: "waited" });
  });
});

describe("TRUSTED_PROXIES", () => {
  const withEnv = (value: string | undefined) => {
    const saved = process.env.TRUSTED_PROXIES;
    if (value === undefined) delete process.env.TRUSTED_PROXIES;
    else process.env.TRUSTED_PROXIES = value;
    resetEnvForTests();
    try {
      return getEnv();
    } finally {
      if (saved === undefined) delete process.env.TRUSTED_PROXIES;
      else process.env.TRUSTED_PROXIES = saved;
      resetEnvForTests();
    }
  };

  it("trusts nobody by default, parses a list, and stops the start on a malformed entry", () => {
    expect(withEnv(undefined).trustedProxies.contains("127.0.0.1")).toBe(false);
    expect(withEnv("").trustedProxies.contains("127.0.0.1")).toBe(false);
    expect(withEnv("127.0.0.1, 10.0.0.0/8").trustedProxies.contains("10.2.3.4")).toBe(true);
    expect(() => withEnv("127.0.0.1,varnish")).toThrow(EnvError);
    expect(() => withEnv("10.0.0.0/40")).toThrow(/TRUSTED_PROXIES/);
  });
});
