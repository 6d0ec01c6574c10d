import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { flushEdgePurges, purgeEdge, sendEdgePurge } from "@/lib/cache/edge-purge";
import { revalidateCacheTags } from "@/lib/cache/revalidate";
import { resetEnvForTests } from "@/lib/env";
import { findVarnishd, startVarnish, type RunningVarnish } from "@/scripts/lib/varnish";
import { startOrigin, type TestOrigin } from "./origin";

// A real varnishd with deploy/varnish/default.vcl in front of a tiny origin. When Varnish is not
// installed the suite is skipped rather than faked: it proves what Varnish does, nothing else can.
// (.ci/run installs varnish and varnish-modules.)
const hasVarnishd = findVarnishd() !== undefined;

const ARABIC_TAG = "tag:بوتين";
const arabicTagPath = `/tag/${encodeURIComponent("بوتين")}`;

async function get(edge: RunningVarnish, path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${edge.url}${path}`, { headers, signal: AbortSignal.timeout(10_000) });
  return { status: response.status, cache: response.headers.get("x-cache"), headers: response.headers, body: await response.text() };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Skipped only where varnishd is not installed: these tests run the real Varnish. .ci/run installs
// varnish and varnish-modules, so CI always runs them.
describe.skipIf(!hasVarnishd)("the Varnish edge (default VCL)", () => {
  let origin: TestOrigin;
  let edge: RunningVarnish;

  beforeAll(async () => {
    origin = await startOrigin();
    edge = await startVarnish({ listen: "127.0.0.1:0", origin: origin.address });
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    resetEnvForTests();
    await edge?.stop();
    await origin?.close();
  });

  it("serves the second request from the cache, and hides the cache tags from readers", async () => {
    const first = await get(edge, "/news/1");
    const second = await get(edge, "/news/1");
    expect([first.status, first.cache, first.body]).toEqual([200, "MISS", "/news/1 render 1"]);
    expect([second.status, second.cache, second.body]).toEqual([200, "HIT", "/news/1 render 1"]);
    expect(second.headers.get("age")).toMatch(/^\d+$/);
    for (const response of [first, second]) {
      expect(response.headers.get("xkey")).toBeNull();
      expect(response.headers.get("x-next-cache-tags")).toBeNull();
    }
    expect(origin.renders.get("/news/1")).toBe(1);
  });

  it("ignores reader cookies on public pages and never forwards them", async () => {
    const withCookie = await get(edge, "/news/1", { Cookie: "theme=dark; next-auth.csrf-token=abc" });
    expect(withCookie.cache).toBe("HIT");
    await get(edge, "/news/3", { Cookie: "theme=dark" });
    expect(origin.cookies.get("/news/3")).toBeUndefined();
  });

  it("caches search results per full URL", async () => {
    expect((await get(edge, "/search?q=a")).cache).toBe("MISS");
    expect((await get(edge, "/search?q=b")).cache).toBe("MISS");
    expect((await get(edge, "/search?q=a")).cache).toBe("HIT");
  });

  it("passes /admin, /api and signed-in editors straight to the origin", async () => {
    for (const path of ["/admin/articles", "/api/v1/articles"]) {
      const first = await get(edge, path);
      const second = await get(edge, path);
      expect([first.cache, second.cache]).toEqual(["PASS", "PASS"]);
      expect(second.body).toBe(`${path} render 2`);
    }
    for (const cookie of [
      "next-auth.session-token=jwt",
      "theme=dark; __Secure-next-auth.session-token=jwt",
      "__Secure-next-auth.session-token.0=part; __Secure-next-auth.session-token.1=part",
    ]) {
      const before = origin.renders.get("/news/1") ?? 0;
      const response = await get(edge, "/news/1", { Cookie: cookie });
      expect(response.cache).toBe("PASS");
      expect(origin.renders.get("/news/1")).toBe(before + 1);
      expect(origin.cookies.get("/news/1")).toBe(cookie);
    }
  });

  it("passes every view beacon (POST /api/views) to the origin with its body and the reader's address", async () => {
    // The stand-in origin even answers it with a public s-maxage: the edge must still never keep it.
    for (let i = 1; i <= 3; i++) {
      const response = await fetch(`${edge.url}/api/views`, {
        method: "POST",
        body: JSON.stringify({ id: 1000 + i }),
        headers: { "content-type": "text/plain;charset=UTF-8", "x-forwarded-for": "192.0.2.77" },
        signal: AbortSignal.timeout(10_000),
      });
      expect(response.headers.get("x-cache")).toBe("PASS");
      await response.body?.cancel();
    }
    const beacons = origin.posts.filter((post) => post.url === "/api/views");
    expect(beacons.map((post) => post.body)).toEqual(['{"id":1001}', '{"id":1002}', '{"id":1003}']);
    // Varnish appends the address it saw: with TRUSTED_PROXIES naming the edge, the app reads the
    // reader's address from there (lib/http/client-address.ts), not the one the client claimed.
    for (const post of beacons) expect(post.forwardedFor).toBe("192.0.2.77, 127.0.0.1");
  });

  it("never stores a response that sets a cookie", async () => {
    await get(edge, "/cookie-page");
    const second = await get(edge, "/cookie-page");
    expect(second.cache).toBe("MISS");
    expect(second.body).toBe("/cookie-page render 2");
  });

  it("purges by cache tag: pages with the key render again, the others stay cached", async () => {
    await get(edge, "/news/2");
    expect((await get(edge, "/news/2")).cache).toBe("HIT");
    const rendersBefore = origin.renders.get("/news/1");

    const results = await sendEdgePurge([edge.url], ["article:1"]);
    expect(results).toEqual([{ url: edge.url, ok: true, status: 200, purged: 1 }]);

    const purged = await get(edge, "/news/1");
    expect([purged.cache, purged.body]).toEqual(["MISS", `/news/1 render ${rendersBefore! + 1}`]);
    expect((await get(edge, "/news/2")).cache).toBe("HIT");
  });

  it("purges an Arabic tag through its percent-encoded key", async () => {
    await get(edge, arabicTagPath);
    expect((await get(edge, arabicTagPath)).cache).toBe("HIT");
    await sendEdgePurge([edge.url], [ARABIC_TAG]);
    expect((await get(edge, arabicTagPath)).cache).toBe("MISS");
  });

  it("receives the purges of purgeEdge and revalidateCacheTags (outside a request) from EDGE_PURGE_URLS", async () => {
    vi.stubEnv("DATABASE_URL", "");
    vi.stubEnv("AUTH_SECRET", "");
    vi.stubEnv("EDGE_PURGE_URLS", edge.url);
    resetEnvForTests();

    await get(edge, "/news/4");
    expect(purgeEdge(["article:4"])).toBeUndefined(); // returns at once
    await flushEdgePurges();
    expect((await get(edge, "/news/4")).cache).toBe("MISS");

    revalidateCacheTags(["article:4"]);
    await flushEdgePurges();
    expect((await get(edge, "/news/4")).cache).toBe("MISS");
  });

  it("serves a stale copy while the origin renders a new one, and keeps it when that render fails", async () => {
    expect((await get(edge, "/short/grace")).body).toBe("/short/grace render 1");
    await sleep(1_500); // past its s-maxage=1, within the 10 s healthy grace
    origin.failing.add("/short/grace");
    const stale = await get(edge, "/short/grace");
    expect([stale.status, stale.cache, stale.body]).toEqual([200, "HIT", "/short/grace render 1"]);
    await sleep(300); // the background fetch got a 500 and was abandoned
    expect((await get(edge, "/short/grace")).body).toBe("/short/grace render 1");

    origin.failing.delete("/short/grace");
    await get(edge, "/short/grace"); // stale again, and a background fetch that succeeds
    await vi.waitFor(async () => expect((await get(edge, "/short/grace")).body).toMatch(/render [3-9]$/), {
      timeout: 3_000,
      interval: 200,
    });
  });

  it("keeps serving cached pages, fresh or expired, when the origin is gone", async () => {
    await get(edge, "/short/down");
    await sleep(1_500);
    await origin.close();
    for (const path of ["/news/2", "/short/down"]) {
      const response = await get(edge, path);
      expect([response.status, response.body]).toEqual([200, `${path} render 1`]);
    }
  });
});

// Skipped only where varnishd is not installed (see above).
describe.skipIf(!hasVarnishd)("the Varnish edge without healthy grace, and a purge ACL without loopback", () => {
  let origin: TestOrigin;
  let edge: RunningVarnish;

  beforeAll(async () => {
    origin = await startOrigin();
    // healthyGrace 0s: every expired copy makes the reader wait for the origin, so a failure
    // there exercises the foreground stale-if-error path (restart, then the stale copy).
    edge = await startVarnish({ listen: "127.0.0.1:0", origin: origin.address, healthyGrace: "0s", purgeAcl: ["192.0.2.1"] });
  });
  afterAll(async () => {
    await edge?.stop();
    await origin?.close();
  });

  it("refuses a PURGE from outside the ACL and keeps the cache", async () => {
    await get(edge, "/news/1");
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const results = await sendEdgePurge([edge.url], ["article:1"]);
    expect(results).toEqual([{ url: edge.url, ok: false, status: 403 }]);
    expect(warn).toHaveBeenCalledWith(`edge purge: ${edge.url} answered 403`);
    warn.mockRestore();
    expect((await get(edge, "/news/1")).cache).toBe("HIT");
  });

  it("answers an origin 500 with the stale copy", async () => {
    await get(edge, "/short/error");
    await sleep(1_500);
    origin.failing.add("/short/error");
    const response = await get(edge, "/short/error");
    expect([response.status, response.cache, response.body]).toEqual([200, "HIT", "/short/error render 1"]);
    // It did ask and got the 500; serving the stale copy then starts a background refresh too.
    expect(origin.renders.get("/short/error")).toBeGreaterThanOrEqual(2);
    await sleep(300);
    expect((await get(edge, "/short/error")).body).toBe("/short/error render 1");
    // A failing page is not a failing origin: the probe reads /robots.txt, which still answers.
    expect(origin.probes()).toBeGreaterThan(0);
    expect(await edge.admin("backend.list")).toMatch(/origin_1\s+probe\s+\S+\s+healthy/);
  });

  it("answers 503 when the origin fails and there is no copy, asking the origin once", async () => {
    origin.failing.add("/news/500");
    const response = await get(edge, "/news/500");
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("30");
    expect(origin.renders.get("/news/500")).toBe(1);
  });

  it("answers a refused connection with the stale copy", async () => {
    await get(edge, "/short/refused");
    await sleep(1_500);
    await origin.close();
    const response = await get(edge, "/short/refused");
    expect([response.status, response.body]).toEqual([200, "/short/refused render 1"]);
    expect((await get(edge, "/news/never-cached")).status).toBe(503);
  });

  it("notices the dead origin through its /robots.txt probe, and serves the whole grace meanwhile", async () => {
    expect(await edge.admin("backend.list")).toMatch(/origin_1\s+probe\s+\S+\s+(healthy|sick)/);
    await vi.waitFor(async () => expect(await edge.admin("backend.list")).toMatch(/origin_1\s+probe\s+\S+\s+sick/), {
      timeout: 15_000,
      interval: 500,
    });
    const response = await get(edge, "/short/refused");
    expect([response.status, response.cache, response.body]).toEqual([200, "HIT", "/short/refused render 1"]);
  });
});
