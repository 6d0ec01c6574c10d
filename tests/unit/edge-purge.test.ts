import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { flushEdgePurges, purgeEdge, sendEdgePurge } from "@/lib/cache/edge-purge";
import { EnvError, getEnv, resetEnvForTests } from "@/lib/env";

// The purge client against a fake edge on loopback: what it sends, and that nothing it meets
// (refusal, silence, a bad status, a bad configuration) ever reaches the caller as an error.
// The real Varnish answers are proven in tests/edge.

type Received = { method?: string; headers: IncomingHttpHeaders };
const received: Received[] = [];
let answer: { status: number; hang?: boolean } = { status: 200 };
let edgeUrl = "";
const server = createServer((request, response) => {
  received.push({ method: request.method, headers: request.headers });
  if (answer.hang) return;
  const keys = String(request.headers["xkey-purge"] ?? "").split(" ").filter(Boolean);
  response.writeHead(answer.status, { "xkey-purged": String(keys.length) }).end();
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  edgeUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
afterEach(() => {
  received.length = 0;
  answer = { status: 200 };
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  resetEnvForTests();
});

/** A port nothing listens on: bound, then released. */
async function closedPortUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return `http://127.0.0.1:${port}`;
}

describe("sendEdgePurge", () => {
  it("sends one PURGE per edge with the encoded keys, and reports what each purged", async () => {
    const results = await sendEdgePurge([edgeUrl, `${edgeUrl}/second`], ["article:7", "tag:بوتين", "article:7"]);
    expect(received.map((r) => [r.method, r.headers["xkey-purge"]])).toEqual([
      ["PURGE", "article:7 tag:%D8%A8%D9%88%D8%AA%D9%8A%D9%86"],
      ["PURGE", "article:7 tag:%D8%A8%D9%88%D8%AA%D9%8A%D9%86"],
    ]);
    expect(results).toEqual([
      { url: edgeUrl, ok: true, status: 200, purged: 2 },
      { url: `${edgeUrl}/second`, ok: true, status: 200, purged: 2 },
    ]);
  });

  it("splits a long list of keys over several requests", async () => {
    const tags = Array.from({ length: 800 }, (_, i) => `tag:وسم-${i}`);
    await sendEdgePurge([edgeUrl], tags);
    expect(received.length).toBeGreaterThan(1);
    expect(received.flatMap((r) => String(r.headers["xkey-purge"]).split(" "))).toHaveLength(800);
  });

  it("sends nothing without tags or without edges", async () => {
    expect(await sendEdgePurge([edgeUrl], [])).toEqual([]);
    expect(await sendEdgePurge([], ["home"])).toEqual([]);
    expect(received).toEqual([]);
  });

  it("logs a refusal, a bad status and a timeout in one line each, and never rejects", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const closed = await closedPortUrl();
    expect(await sendEdgePurge([closed], ["home"])).toEqual([{ url: closed, ok: false, error: "ECONNREFUSED" }]);

    answer = { status: 403 };
    expect(await sendEdgePurge([edgeUrl], ["home"])).toEqual([{ url: edgeUrl, ok: false, status: 403 }]);

    answer = { status: 200, hang: true };
    const started = Date.now();
    expect(await sendEdgePurge([edgeUrl], ["home"], { timeoutMs: 200 })).toEqual([
      { url: edgeUrl, ok: false, error: "TimeoutError" },
    ]);
    expect(Date.now() - started).toBeLessThan(2_000);

    // The second failure of the same edge within a minute is counted, not logged.
    expect(warn.mock.calls).toEqual([
      [`edge purge: ${closed} failed (ECONNREFUSED)`],
      [`edge purge: ${edgeUrl} answered 403`],
    ]);
  });

  it("reports a down edge once a minute, with the count of failures it did not log", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const closed = await closedPortUrl();
      for (let i = 0; i < 5; i++) await sendEdgePurge([closed], ["home"]);
      expect(warn).toHaveBeenCalledTimes(1);
      vi.setSystemTime(Date.now() + 61_000);
      await sendEdgePurge([closed], ["home"]);
      expect(warn).toHaveBeenCalledTimes(2);
      expect(warn.mock.calls[1]![0]).toBe(`edge purge: ${closed} failed (ECONNREFUSED) (and 4 more failures since the last report)`);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("purgeEdge", () => {
  function useEnv(edgePurgeUrls: string | undefined) {
    vi.stubEnv("DATABASE_URL", "");
    vi.stubEnv("AUTH_SECRET", "");
    vi.stubEnv("EDGE_PURGE_URLS", edgePurgeUrls);
    resetEnvForTests();
  }

  it("returns at once and purges every edge in EDGE_PURGE_URLS", async () => {
    useEnv(`${edgeUrl}/a, ${edgeUrl}/b`);
    expect(purgeEdge(["home"])).toBeUndefined();
    expect(received).toEqual([]); // nothing was awaited in the caller's path
    await flushEdgePurges();
    expect(received.map((r) => r.headers["xkey-purge"])).toEqual(["home", "home"]);
  });

  it("does nothing when EDGE_PURGE_URLS is unset", async () => {
    useEnv(undefined);
    purgeEdge(["home"]);
    await flushEdgePurges();
    expect(received).toEqual([]);
  });

  it("survives an unreachable edge and a broken configuration with a warning", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    useEnv(await closedPortUrl());
    expect(() => purgeEdge(["home"])).not.toThrow();
    await flushEdgePurges();
    useEnv("ftp://edge.example");
    expect(() => purgeEdge(["home"])).not.toThrow();
    expect(warn).toHaveBeenCalledTimes(2);
    expect(String(warn.mock.calls[1]?.[0])).toContain("EDGE_PURGE_URLS");
  });
});

describe("EDGE_PURGE_URLS", () => {
  it("is a comma-separated list of absolute http(s) URLs", () => {
    vi.stubEnv("DATABASE_URL", "");
    vi.stubEnv("AUTH_SECRET", "");
    vi.stubEnv("EDGE_PURGE_URLS", " http://10.0.0.5:6081 ,https://purge.example/relay,");
    resetEnvForTests();
    expect(getEnv().edgePurgeUrls).toEqual(["http://10.0.0.5:6081", "https://purge.example/relay"]);

    vi.stubEnv("EDGE_PURGE_URLS", "");
    resetEnvForTests();
    expect(getEnv().edgePurgeUrls).toEqual([]);

    vi.stubEnv("EDGE_PURGE_URLS", "http://ok:6081,/relative");
    resetEnvForTests();
    expect(() => getEnv()).toThrow(EnvError);
    expect(() => getEnv()).toThrow(/EDGE_PURGE_URLS must be comma-separated absolute http\(s\) URLs/);
  });
});
