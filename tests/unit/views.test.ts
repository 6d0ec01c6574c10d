import { describe, expect, it } from "vitest";
import { ValidationError } from "@/lib/errors";
import { RequestBodyError } from "@/lib/http/json";
import { isBotUserAgent } from "@/lib/views/bots";
import { HOUR_MS, hourNumber, parseCount, ViewBuffer } from "@/lib/views/buffer";
import { isCrossSiteBeacon, MAX_BEACON_BYTES, readViewBeacon, recordView, type ViewsState } from "@/lib/views/record";
import { REPEAT_WINDOW_MS, RepeatWindow, repeatViewKey } from "@/lib/views/repeat-window";

// «الأكثر قراءة» counting without a database: who counts (bots do not), how often (once per reader
// and story per window), and what the beacon accepts.

const CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
const ANDROID_CUBOT = "Mozilla/5.0 (Linux; Android 9; CUBOT X19) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36";
const FACEBOOK_APP =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/470.0.0.0]";
const SECRET = "unit-test-secret-unit-test-secret-0123";

describe("isBotUserAgent", () => {
  it("lets readers' browsers through, in-app browsers and awkward device names included", () => {
    for (const agent of [CHROME, IPHONE, ANDROID_CUBOT, FACEBOOK_APP, "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"]) {
      expect(isBotUserAgent(agent), agent).toBe(false);
    }
  });

  it("stops crawlers, headless browsers, previews, monitors and scripts", () => {
    const bots = [
      "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
      "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36",
      "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
      "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
      "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36",
      "Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Mobile Safari/537.36 Chrome-Lighthouse",
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Google Web Preview Chrome/120 Safari/537.36",
      "Mozilla/5.0 (compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)",
      "WhatsApp/2.23.20.0",
      "TelegramBot (like TwitterBot)",
      "curl/8.5.0",
      "python-requests/2.32.3",
      "node",
      "",
      "Mozilla/5.0",
      `Mozilla/5.0 ${"x".repeat(600)}`,
    ];
    for (const agent of bots) expect(isBotUserAgent(agent), agent).toBe(true);
    expect(isBotUserAgent(null)).toBe(true);
    expect(isBotUserAgent(undefined)).toBe(true);
  });
});

describe("the repeat window", () => {
  const facts = (over: Partial<{ clientAddress: string; userAgent: string; storyId: number; now: Date }> = {}) => ({
    clientAddress: "198.51.100.7",
    userAgent: CHROME,
    storyId: 1001,
    now: new Date("2026-03-01T10:15:00Z"),
    ...over,
  });

  it("keys a reader's view of a story by an HMAC that names nobody and changes with the day", () => {
    const key = repeatViewKey(SECRET, facts());
    expect(key).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(key).not.toContain("198");
    expect(repeatViewKey(SECRET, facts({ now: new Date("2026-03-01T23:59:00Z") }))).toBe(key);
    expect(repeatViewKey(SECRET, facts({ now: new Date("2026-03-02T00:01:00Z") }))).not.toBe(key);
    expect(repeatViewKey("another-secret-another-secret-0123456", facts())).not.toBe(key);
    for (const other of [facts({ clientAddress: "198.51.100.8" }), facts({ userAgent: IPHONE }), facts({ storyId: 1002 })]) {
      expect(repeatViewKey(SECRET, other)).not.toBe(key);
    }
  });

  it("admits the first view, refuses repeats until the window ends, then admits again", () => {
    const window = new RepeatWindow(1_000);
    expect(window.firstView("a", 0)).toBe(true);
    expect(window.firstView("a", 999)).toBe(false);
    expect(window.firstView("b", 999)).toBe(true);
    expect(window.firstView("a", 1_000)).toBe(true);
    expect(window.firstView("a", 1_500)).toBe(false);
    // Expired keys are forgotten as time moves on: memory follows the window, not the traffic.
    expect(window.firstView("c", 5_000)).toBe(true);
    expect(window.size).toBe(1);
  });

  it("stays bounded: past its size the oldest key is forgotten (one repeat may count)", () => {
    const window = new RepeatWindow(60_000, 3);
    for (const key of ["a", "b", "c", "d"]) expect(window.firstView(key, 10)).toBe(true);
    expect(window.size).toBe(3);
    expect(window.firstView("a", 20)).toBe(true);
    expect(window.firstView("d", 20)).toBe(false);
  });
});

describe("ViewBuffer", () => {
  it("counts per story and hour, hands everything over once, and takes a failed batch back", () => {
    const buffer = new ViewBuffer();
    const hour = hourNumber(Date.UTC(2026, 2, 1, 10, 59));
    expect(hourNumber(Date.UTC(2026, 2, 1, 10, 0))).toBe(hour);
    expect(hour * HOUR_MS).toBe(Date.UTC(2026, 2, 1, 10, 0));
    buffer.add(7, hour);
    buffer.add(7, hour);
    buffer.add(7, hour + 1);
    buffer.add(8, hour);
    const taken = buffer.take();
    expect(taken).toEqual(
      expect.arrayContaining([
        { storyId: 7, hour, views: 2 },
        { storyId: 7, hour: hour + 1, views: 1 },
        { storyId: 8, hour, views: 1 },
      ]),
    );
    expect(buffer.take()).toEqual([]);
    buffer.restore(taken);
    buffer.add(7, hour);
    expect(buffer.take().find((count) => count.storyId === 7 && count.hour === hour)?.views).toBe(3);
  });

  it("refuses new stories once full, while stories already in it keep counting", () => {
    const buffer = new ViewBuffer(2);
    expect(buffer.add(1, 100)).toBe(true);
    expect(buffer.add(2, 100)).toBe(true);
    expect(buffer.add(3, 100)).toBe(false);
    expect(buffer.add(1, 100)).toBe(true);
    expect(buffer.take()).toEqual(expect.arrayContaining([{ storyId: 1, hour: 100, views: 2 }]));
  });

  it("reads back only well-formed counts (a Redis field someone else wrote is ignored)", () => {
    expect(parseCount("12:493000", "4")).toEqual({ storyId: 12, hour: 493000, views: 4 });
    for (const [key, views] of [["batch", "x"], ["12:493000", "0"], ["12:493000", "-1"], ["12:4.5", "1"], ["a:b", "1"], ["12:493000", "1e3x"]]) {
      expect(parseCount(key!, views!), `${key} ${views}`).toBeNull();
    }
  });
});

describe("recordView (in memory)", () => {
  const memoryState = (): ViewsState => ({ memory: new ViewBuffer(), window: new RepeatWindow(), redis: null });
  const at = (minutes: number) => new Date(Date.UTC(2026, 2, 1, 10, 0) + minutes * 60_000);
  const view = (over: Partial<{ clientAddress: string; userAgent: string; storyId: number; now: Date }> = {}) => ({
    clientAddress: "198.51.100.7",
    userAgent: CHROME,
    storyId: 1001,
    now: at(0),
    ...over,
  });

  it("counts a reader once per story per window, each reader and each story separately, and no bot", async () => {
    const state = memoryState();
    expect(await recordView(view(), SECRET, state)).toBe("counted");
    expect(await recordView(view({ now: at(5) }), SECRET, state)).toBe("repeat");
    expect(await recordView(view({ now: at(REPEAT_WINDOW_MS / 60_000 - 1) }), SECRET, state)).toBe("repeat");
    expect(await recordView(view({ storyId: 1002 }), SECRET, state)).toBe("counted");
    expect(await recordView(view({ clientAddress: "198.51.100.8" }), SECRET, state)).toBe("counted");
    expect(await recordView(view({ userAgent: IPHONE }), SECRET, state)).toBe("counted");
    expect(await recordView(view({ userAgent: "curl/8.5.0", clientAddress: "203.0.113.1" }), SECRET, state)).toBe("bot");
    expect(await recordView(view({ now: at(REPEAT_WINDOW_MS / 60_000 + 1) }), SECRET, state)).toBe("counted");
    const counts = state.memory.take();
    const hour = hourNumber(at(0).getTime());
    // The first reader twice (a window apart), two other readers; all in the same hour.
    expect(counts.find((c) => c.storyId === 1001 && c.hour === hour)?.views).toBe(4);
    expect(counts.find((c) => c.storyId === 1002)?.views).toBe(1);
    expect(counts.reduce((sum, c) => sum + c.views, 0)).toBe(5);
  });
});

describe("the beacon's input", () => {
  const beacon = (body: string, headers: Record<string, string> = {}) =>
    new Request("http://localhost/api/views", { method: "POST", body, headers: { "content-type": "text/plain;charset=UTF-8", ...headers } });

  it("takes a story id and nothing else", async () => {
    expect(await readViewBeacon(beacon('{"id":1042}'))).toEqual({ storyId: 1042 });
  });

  it("answers garbage with field errors (400) or a size refusal (413), never an unexpected error", async () => {
    for (const body of ['{"id":0}', '{"id":-3}', '{"id":2147483648}', '{"id":1.5}', '{"id":"12"}', "{}", "[]", "null", '"x"']) {
      const error = await readViewBeacon(beacon(body)).catch((caught: unknown) => caught);
      expect(error, body).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).status).toBe(400);
      expect(Object.keys((error as ValidationError).fieldErrors).length, body).toBeGreaterThan(0);
    }
    for (const body of ["", "not json", "{", "\u0000"]) {
      const error = await readViewBeacon(beacon(body)).catch((caught: unknown) => caught);
      expect(error, JSON.stringify(body)).toBeInstanceOf(RequestBodyError);
      expect((error as RequestBodyError).status).toBe(400);
    }
    const large = await readViewBeacon(beacon(`{"id":1,"pad":"${"x".repeat(MAX_BEACON_BYTES)}"}`)).catch((caught: unknown) => caught);
    expect((large as RequestBodyError).status).toBe(413);
  });

  it("tells another site's beacon apart by the browser's Sec-Fetch-Site", () => {
    expect(isCrossSiteBeacon(new Headers())).toBe(false);
    expect(isCrossSiteBeacon(new Headers({ "sec-fetch-site": "same-origin" }))).toBe(false);
    expect(isCrossSiteBeacon(new Headers({ "sec-fetch-site": "same-site" }))).toBe(false);
    expect(isCrossSiteBeacon(new Headers({ "sec-fetch-site": "cross-site" }))).toBe(true);
  });
});
