import http from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { isNonPublicAddress, resolvePermittedAddresses, type Resolver } from "@/lib/wire/address-guard";
import { fetchFeed, type FeedFetchOptions } from "@/lib/wire/fetch-feed";
import { decodeFeed, parseFeedEntries } from "@/lib/wire/parse-feed";
import { startFeedServer, type FeedServer } from "../support/wire-feeds";

// The wire fetcher's guard and its download rules. No test sends a packet to a private or
// metadata address: names resolve through a stub, literals are refused before any request is
// made (http.request is watched), and the fixture server is on 127.0.0.1, allowed explicitly.

const options = (extra: Partial<FeedFetchOptions> = {}): FeedFetchOptions => ({ allowPrivateHost: false, timeoutMs: 1_500, maxBytes: 100_000, userAgent: "test", ...extra });

let feeds: FeedServer;
beforeAll(async () => {
  feeds = await startFeedServer();
});
afterAll(() => feeds.close());
afterEach(() => vi.restoreAllMocks());

describe("which addresses are not public", () => {
  it.each([
    ["169.254.169.254", true],
    ["10.0.0.1", true],
    ["127.0.0.1", true],
    ["172.16.5.4", true],
    ["192.168.1.1", true],
    ["100.64.0.1", true],
    ["0.0.0.0", true],
    ["224.0.0.1", true],
    ["::1", true],
    ["fe80::1", true],
    ["fd00::1", true],
    ["::ffff:127.0.0.1", true],
    ["::ffff:a9fe:a9fe", true], // 169.254.169.254, mapped
    ["64:ff9b::10.0.0.1", true],
    ["2002:0a00:0001::", true], // 6to4 of 10.0.0.1
    ["8.8.8.8", false],
    ["93.184.216.34", false],
    ["2606:4700::1111", false],
    ["::ffff:8.8.8.8", false],
    ["not-an-address", true],
  ])("%s → %s", (address, expected) => {
    expect(isNonPublicAddress(address)).toBe(expected);
  });
});

describe("the SSRF guard", () => {
  const resolvingTo = (...addresses: string[]): Resolver => vi.fn(async () => addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 })));

  it("refuses http://169.254.169.254/ and http://10.0.0.1/ before any request is made", async () => {
    const request = vi.spyOn(http, "request");
    await expect(fetchFeed("http://169.254.169.254/latest/meta-data/", options())).rejects.toThrow(/169\.254\.169\.254/);
    await expect(fetchFeed("http://10.0.0.1/feed.xml", options())).rejects.toThrow(/10\.0\.0\.1/);
    await expect(fetchFeed("http://[::1]:80/feed.xml", options())).rejects.toThrow(/::1/);
    expect(request).not.toHaveBeenCalled();
  });

  it("refuses a name that resolves to a private address, any one of several", async () => {
    const request = vi.spyOn(http, "request");
    await expect(fetchFeed("http://metadata.example/", options({ resolver: resolvingTo("169.254.169.254") }))).rejects.toThrow(/داخلي أو محجوز/);
    await expect(resolvePermittedAddresses("mixed.example", false, resolvingTo("93.184.216.34", "10.0.0.1"))).rejects.toThrow(/10\.0\.0\.1/);
    expect(request).not.toHaveBeenCalled();
  });

  it("checks the address the socket connects to, so a name that rebinds between lookups is refused", async () => {
    let calls = 0;
    // Public for the first look, private for the connection: the connect-time lookup refuses it.
    const rebinding: Resolver = async () => [{ address: calls++ === 0 ? "93.184.216.34" : "10.0.0.1", family: 4 }];
    await expect(fetchFeed("http://rebind.example/feed.xml", options({ resolver: rebinding }))).rejects.toThrow(/10\.0\.0\.1/);
    expect(calls).toBe(2);
  });

  it("allows a private host only when told to, and never a redirect to another private host", async () => {
    await expect(fetchFeed(feeds.url("/atom.xml"), options())).rejects.toThrow(/127\.0\.0\.1/);
    const allowed = await fetchFeed(feeds.url("/atom.xml"), options({ allowPrivateHost: true }));
    expect(allowed.kind).toBe("body");
    const request = vi.spyOn(http, "request");
    await expect(fetchFeed(feeds.url("/to-metadata"), options({ allowPrivateHost: true }))).rejects.toThrow(/169\.254\.169\.254/);
    // One request: to the allowed fixture host; the hop to the metadata address was never sent.
    expect(request).toHaveBeenCalledTimes(1);
  });
});

describe("downloading a feed", () => {
  const allowed = (extra: Partial<FeedFetchOptions> = {}) => options({ allowPrivateHost: true, ...extra });

  it("follows a redirect, but not more than five", async () => {
    const followed = await fetchFeed(feeds.url("/redirect"), allowed());
    expect(followed).toMatchObject({ kind: "body", finalUrl: feeds.url("/atom.xml") });
    await expect(fetchFeed(feeds.url("/loop"), allowed())).rejects.toThrow("تحويلات أكثر من 5");
  });

  it("gives up on a server that never answers, within the timeout", async () => {
    const started = Date.now();
    await expect(fetchFeed(feeds.url("/hang"), allowed({ timeoutMs: 500 }))).rejects.toThrow(/مهلة/);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("stops reading an endless body at the size cap", async () => {
    await expect(fetchFeed(feeds.url("/endless"), allowed({ maxBytes: 50_000 }))).rejects.toThrow(/أكبر من الحد/);
  });

  it("sends its validators, and a 304 carries no body", async () => {
    const first = await fetchFeed(feeds.url("/partner.rss"), allowed());
    expect(first.kind).toBe("body");
    const etag = first.kind === "body" ? first.etag : null;
    expect(etag).toBe('"p1"');
    expect(await fetchFeed(feeds.url("/partner.rss"), allowed({ etag }))).toMatchObject({ kind: "not-modified" });
  });
});

describe("decoding and parsing", () => {
  it("reads windows-1256 from the XML declaration, the HTTP charset, or UTF-8 behind a byte-order mark", async () => {
    const agency = await fetchFeed(feeds.url("/agency.rss"), options({ allowPrivateHost: true }));
    if (agency.kind !== "body") throw new Error("expected a body");
    expect(agency.body.includes(Buffer.from("وزير"))).toBe(false); // not UTF-8 on the wire
    const text = decodeFeed(agency.body, agency.contentType);
    expect(text).toContain("وزير الطاقة");
    expect(decodeFeed(agency.body, "application/rss+xml; charset=windows-1256")).toBe(text);
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("<rss><channel><title>عنوان</title></channel></rss>")]);
    expect(decodeFeed(bom, null).startsWith("<rss>")).toBe(true);
    expect(() => decodeFeed(Buffer.from('<?xml version="1.0" encoding="x-klingon"?><rss/>'), null)).toThrow("ترميز غير مدعوم");
  });

  it("keys an entry by its GUID, else its link, else a hash of its title and date", () => {
    const xml = `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
      <item><title>بمعرّف</title><guid>g-1</guid><link>https://a.example/1</link></item>
      <item><title>برابط</title><link>/news/2</link></item>
      <item><title>بلا معرّف ولا رابط</title><pubDate>Mon, 07 Dec 2026 08:00:00 GMT</pubDate></item>
      <item><description>بلا عنوان: يؤخذ العنوان من الموجز</description></item>
    </channel></rss>`;
    const { entries } = parseFeedEntries(xml, "https://a.example/feed.xml");
    expect(entries.map((entry) => entry.key.split(":")[0])).toEqual(["guid", "link", "hash", "hash"]);
    expect(entries[1]!.url).toBe("https://a.example/news/2");
    expect(entries[2]!.key).toMatch(/^hash:[0-9a-f]{64}$/);
    expect(entries[3]!.title).toBe("بلا عنوان: يؤخذ العنوان من الموجز");
    // The same document twice gives the same keys.
    expect(parseFeedEntries(xml, "https://a.example/feed.xml").entries.map((e) => e.key)).toEqual(entries.map((e) => e.key));
  });

  it("refuses an HTML page and broken XML with a message for the desk", () => {
    expect(() => parseFeedEntries("<!DOCTYPE html><html><body>خطأ</body></html>", "https://a.example/")).toThrow("صفحة HTML");
    expect(() => parseFeedEntries("<rss><channel><item><title>x<", "https://a.example/")).toThrow("ليست خلاصة");
  });
});
