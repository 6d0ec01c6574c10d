import { describe, expect, it } from "vitest";
import { edgeKey, edgeKeys, edgeKeysHeader, edgePurgeHeaders, MAX_PURGE_HEADER_LENGTH } from "@/lib/cache/edge-keys";
import { cacheTags } from "@/lib/cache/tags";

describe("edgeKey", () => {
  it("leaves ASCII tags as they are, colon included", () => {
    expect(edgeKey(cacheTags.home)).toBe("home");
    expect(edgeKey(cacheTags.article(1234))).toBe("article:1234");
    expect(edgeKey(cacheTags.section("world-news"))).toBe("section:world-news");
  });

  it("percent-encodes an Arabic slug into header-safe ASCII", () => {
    expect(edgeKey(cacheTags.tag("بوتين"))).toBe("tag:%D8%A8%D9%88%D8%AA%D9%8A%D9%86");
    expect(edgeKey(cacheTags.tag("الكرملين-موسكو"))).toMatch(/^tag:[A-Za-z0-9%-]+$/);
  });

  it("never emits xkey's separators (space, comma)", () => {
    expect(edgeKey("tag:a b,c")).toBe("tag:a%20b%2Cc");
  });

  it("is injective: a literal % or an already-encoded slug gets its own key", () => {
    const tags = ["tag:بوتين", "tag:%D8%A8%D9%88%D8%AA%D9%8A%D9%86", "tag:%", "tag:%25", "tag:%3A", "tag::"];
    const keys = tags.map(edgeKey);
    expect(new Set(keys).size).toBe(tags.length);
    expect(keys.map(decodeURIComponent)).toEqual(tags);
  });

  it("does not throw on a slug cut inside a surrogate pair", () => {
    expect(() => edgeKey(`tag:${"😀".slice(0, 1)}`)).not.toThrow();
  });
});

describe("edgeKeysHeader", () => {
  it("lists each key once, space-separated, in first-seen order", () => {
    expect(edgeKeysHeader(["home", "tag:بوتين", "home", "article:7"])).toBe(
      "home tag:%D8%A8%D9%88%D8%AA%D9%8A%D9%86 article:7",
    );
    expect(edgeKeysHeader([])).toBe("");
  });
});

describe("edgePurgeHeaders", () => {
  it("sends a small purge as one header", () => {
    expect(edgePurgeHeaders(["home", "feeds", "article:7"])).toEqual(["home feeds article:7"]);
    expect(edgePurgeHeaders([])).toEqual([]);
  });

  it("splits keys over several headers, none longer than the limit, every key exactly once", () => {
    const tags = Array.from({ length: 2000 }, (_, i) => cacheTags.tag(`وسم-${i}`));
    const headers = edgePurgeHeaders(tags);
    expect(headers.length).toBeGreaterThan(1);
    for (const header of headers) expect(header.length).toBeLessThanOrEqual(MAX_PURGE_HEADER_LENGTH);
    expect(headers.flatMap((header) => header.split(" "))).toEqual(edgeKeys(tags));
  });

  it("still sends a single key longer than the limit, on its own", () => {
    expect(edgePurgeHeaders(["home", "x".repeat(50), "feeds"], 20)).toEqual(["home", "x".repeat(50), "feeds"]);
  });
});
