import { createHmac } from "node:crypto";
import type { APIRequestContext, Page } from "@playwright/test";
import { e2eAuthSecret } from "./support/e2e-env";
import { expect, test } from "./support/fixtures";

// Issue 13 part 3, «الأكثر قراءة»: views reach the origin as beacons, are counted once per reader
// (bots never), and after the flush the most read story leads the lists. Readers are told apart by
// address: the e2e server trusts loopback as a proxy (TRUSTED_PROXIES), as production trusts its
// Varnish, so each X-Forwarded-For below is another reader, and each is counted once.

const SECTION = "سياسة";
const READER_UA = (n: number) =>
  `Mozilla/5.0 (Linux; Android 14; Pixel ${n % 9}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/13${n % 10}.0.0.0 Mobile Safari/537.36`;
const BOT_UAS = [
  "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36",
  "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
  "curl/8.5.0",
  "python-requests/2.32.3",
];

// Arabic letters only, so a title is matched as written (Latin runs get <bdi>).
const stamp = () => `${Date.now()}${Math.floor(Math.random() * 1000)}`.replace(/\d/g, (digit) => "ابتثجحخدذر"[Number(digit)]!);

/** The scheduler's token (lib/articles/schedule.ts): the instance's own timers call the flush with it. */
const internalToken = () => createHmac("sha256", e2eAuthSecret()).update("scheduler").digest("base64url");

async function publish(api: APIRequestContext, key: string, title: string) {
  const response = await api.post("/api/v1/articles", {
    headers: { Authorization: `Bearer ${key}` },
    data: { title, dek: "خبر لاختبار الأكثر قراءة.", bodyText: "فقرة.", section: SECTION, authors: ["e2e-editor"], status: "published" },
  });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { id: number }).id;
}

async function beacon(api: APIRequestContext, id: number, userAgent: string, address: string) {
  const response = await api.post("/api/views", {
    data: JSON.stringify({ id }),
    headers: { "content-type": "text/plain;charset=UTF-8", "user-agent": userAgent, "x-forwarded-for": address },
  });
  expect(response.status()).toBe(204);
}

async function flush(api: APIRequestContext) {
  const response = await api.post("/api/internal/views?refresh=1", { headers: { "x-scheduler-token": internalToken() } });
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ locked: true, refreshed: true });
}

/** The headlines of a page's «الأكثر قراءة», in order. */
async function mostReadTitles(page: Page): Promise<string[]> {
  const list = page.getByRole("region", { name: "الأكثر قراءة" });
  await expect(list).toBeVisible();
  return list.getByRole("listitem").allInnerTexts();
}

test.describe("«الأكثر قراءة»", () => {
  test("100 views of one story make it first after the flush; bot views and repeat views are not counted", async ({ page, request, editorApiKey }) => {
    test.setTimeout(120_000);
    const leader = `الأكثر قراءة في الاختبار ${stamp()}`;
    const runnerUp = `قرّاء قليلون يعيدون القراءة ${stamp()}`;
    const crawled = `خبر تزوره الروبوتات فقط ${stamp()}`;
    const [leaderId, runnerUpId, crawledId] = [
      await publish(request, editorApiKey, leader),
      await publish(request, editorApiKey, runnerUp),
      await publish(request, editorApiKey, crawled),
    ];

    const sends: (() => Promise<void>)[] = [];
    for (let n = 0; n < 100; n++) sends.push(() => beacon(request, leaderId, READER_UA(n), `198.51.100.${n + 1}`));
    // 30 readers, each reading the runner-up eight times in a row: 240 requests, 30 views. Were
    // repeats counted it would lead with 240.
    for (let n = 0; n < 30; n++) for (let again = 0; again < 8; again++) sends.push(() => beacon(request, runnerUpId, READER_UA(n), `203.0.113.${n + 1}`));
    // 500 bot views from 100 addresses: none counts.
    for (let n = 0; n < 500; n++) sends.push(() => beacon(request, crawledId, BOT_UAS[n % BOT_UAS.length]!, `192.0.2.${(n % 100) + 1}`));
    // Ten at a time: a reader's burst, not a benchmark.
    for (let start = 0; start < sends.length; start += 10) await Promise.all(sends.slice(start, start + 10).map((send) => send()));
    await flush(request);

    await page.goto("/");
    const home = await mostReadTitles(page);
    expect(home[0]).toBe(leader);
    expect(home[1]).toBe(runnerUp);
    expect(home).not.toContain(crawled);

    await page.goto(`/section/${encodeURIComponent(SECTION)}`);
    const section = await mostReadTitles(page);
    expect(section.slice(0, 2)).toEqual([leader, runnerUp]);
    expect(section).not.toContain(crawled);
  });

  test("the article page sends one beacon with the story id, and nothing else", async ({ page }) => {
    await page.goto("/");
    const href = await page.locator('main a[href^="/news/"]').first().getAttribute("href");
    const id = Number(/^\/news\/(\d+)\//.exec(href!)![1]);
    const sent = page.waitForRequest((request) => request.url().endsWith("/api/views") && request.method() === "POST");
    await page.goto(href!);
    const beaconRequest = await sent;
    expect(JSON.parse(beaconRequest.postData() ?? "null")).toEqual({ id });
    expect((await beaconRequest.response())?.status()).toBe(204);
    // No cookie is set for it, by the page or the beacon.
    expect(await page.context().cookies()).toEqual([]);
  });

  test("the beacon refuses garbage with 400 and field errors, and too large a body with 413", async ({ request }) => {
    for (const body of ["", "not json", '{"id":"x"}', '{"id":-1}', '{"id":99999999999}', "[]"]) {
      const response = await request.post("/api/views", { data: body, headers: { "content-type": "text/plain" } });
      expect(response.status(), body).toBe(400);
      expect(((await response.json()) as { error: string }).error, body).toBeTruthy();
    }
    const invalid = await request.post("/api/views", { data: '{"id":0}', headers: { "content-type": "application/json" } });
    expect(((await invalid.json()) as { fieldErrors: Record<string, string[]> }).fieldErrors.id?.length).toBeGreaterThan(0);
    const large = await request.post("/api/views", { data: JSON.stringify({ id: 1, pad: "x".repeat(4096) }) });
    expect(large.status()).toBe(413);
    // An id no public story has is accepted like any other (checking it would cost a query per
    // view) and dropped by the flush.
    expect((await request.post("/api/views", { data: '{"id":2147483647}' })).status()).toBe(204);
    expect((await request.get("/api/views")).status()).toBe(405);
  });
});
