import { describe, expect, it } from "vitest";
import { readSearchRequest, SEARCH_MAX_PAGES, searchHref, searchWindow } from "@/lib/search/filters";
import { paths } from "@/lib/urls";

describe("readSearchRequest", () => {
  it("reads a plain query with every default", () => {
    expect(readSearchRequest({ q: "  بوتين   والكرملين " })).toEqual({
      query: "بوتين والكرملين",
      page: 1,
      section: null,
      period: null,
      from: null,
      to: null,
      sort: "relevance",
      errors: {},
      typed: { from: "", to: "" },
    });
  });

  it("keeps the page within 1..SEARCH_MAX_PAGES and ignores anything else", () => {
    expect(readSearchRequest({ q: "x", page: "3" }).page).toBe(3);
    expect(readSearchRequest({ q: "x", page: "999" }).page).toBe(SEARCH_MAX_PAGES);
    expect(readSearchRequest({ q: "x", page: "0" }).page).toBe(1);
    expect(readSearchRequest({ q: "x", page: "-2" }).page).toBe(1);
    expect(readSearchRequest({ q: "x", page: ["2", "3"] }).page).toBe(1);
    expect(readSearchRequest({ q: "x", page: "1e9" }).page).toBe(1);
  });

  it("accepts a slug-shaped section, a known period and the newest sort; drops the rest", () => {
    const request = readSearchRequest({ q: "x", section: "اقتصاد", period: "week", sort: "newest" });
    expect(request).toMatchObject({ section: "اقتصاد", period: "week", sort: "newest" });
    const hostile = readSearchRequest({ q: "x", section: "a'; drop table--", period: "year", sort: "oldest" });
    expect(hostile).toMatchObject({ section: null, period: null, sort: "relevance" });
    expect(readSearchRequest({ q: "x", period: "constructor" }).period).toBeNull();
  });

  it("explains a custom date it cannot use, beside its field, and drops it", () => {
    const bad = readSearchRequest({ q: "x", from: "2026-02-30", to: "yesterday" });
    expect(bad.from).toBeNull();
    expect(bad.to).toBeNull();
    expect(bad.errors.from).toMatch(/سنة-شهر-يوم/);
    expect(bad.errors.to).toMatch(/سنة-شهر-يوم/);

    const reversed = readSearchRequest({ q: "x", from: "2026-11-20", to: "2026-11-01" });
    expect(reversed).toMatchObject({ from: null, to: null });
    expect(reversed.errors).toEqual({ to: "تاريخ النهاية يسبق تاريخ البداية." });
    // What the reader typed is shown back, to be corrected rather than typed again.
    expect(reversed.typed).toEqual({ from: "2026-11-20", to: "2026-11-01" });
  });

  it("lets a custom range replace a preset period", () => {
    expect(readSearchRequest({ q: "x", period: "day", from: "2026-11-01" })).toMatchObject({ period: null, from: "2026-11-01", to: null });
  });
});

describe("searchWindow", () => {
  const now = new Date("2026-11-29T12:00:00Z");
  it("reaches back from now for a preset period", () => {
    expect(searchWindow(readSearchRequest({ q: "x", period: "day" }), now, "Asia/Riyadh")).toEqual({
      since: new Date("2026-11-28T12:00:00Z"),
      until: null,
    });
    expect(searchWindow(readSearchRequest({ q: "x", period: "month" }), now, "UTC").since).toEqual(new Date("2026-10-30T12:00:00Z"));
  });

  it("takes whole days of the site's time zone for a custom range, its last day included", () => {
    const window = searchWindow(readSearchRequest({ q: "x", from: "2026-11-01", to: "2026-11-30" }), now, "Asia/Riyadh");
    expect(window).toEqual({ since: new Date("2026-10-31T21:00:00Z"), until: new Date("2026-11-30T21:00:00Z") });
    // One open end: from a day on, or up to a day.
    expect(searchWindow(readSearchRequest({ q: "x", to: "2026-12-31" }), now, "UTC")).toEqual({ since: null, until: new Date("2027-01-01T00:00:00Z") });
  });

  it("is open at both ends with no filter", () => {
    expect(searchWindow(readSearchRequest({ q: "x" }), now, "UTC")).toEqual({ since: null, until: null });
  });
});

describe("searchHref", () => {
  const request = readSearchRequest({ q: "أسعار النفط", section: "اقتصاد", period: "week", sort: "newest", page: "4" });

  it("is the canonical search URL when nothing is chosen", () => {
    expect(searchHref(readSearchRequest({ q: "أسعار النفط" }))).toBe(paths.search("أسعار النفط"));
  });

  it("keeps every choice, and goes back to page 1 when one changes", () => {
    expect(searchHref(request, { page: 5 })).toBe(`${paths.search("أسعار النفط")}&section=${encodeURIComponent("اقتصاد")}&period=week&sort=newest&page=5`);
    expect(searchHref(request, { sort: "relevance" })).toBe(`${paths.search("أسعار النفط")}&section=${encodeURIComponent("اقتصاد")}&period=week`);
    expect(searchHref(request, { section: null, period: null })).toBe(`${paths.search("أسعار النفط")}&sort=newest`);
  });

  it("round-trips through readSearchRequest", () => {
    const custom = readSearchRequest({ q: "غزة & <b>", from: "2026-11-01", to: "2026-11-07", section: "عربي-ودولي" });
    const url = new URL(searchHref(custom, { page: 2 }), "https://example.test");
    const again = readSearchRequest(Object.fromEntries(url.searchParams));
    expect(again).toEqual({ ...custom, page: 2 });
  });
});
