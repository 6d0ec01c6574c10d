import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "@/lib/auth/callback-path";

describe("safeCallbackPath", () => {
  it("keeps paths under /admin, with their query and hash", () => {
    expect(safeCallbackPath("/admin")).toBe("/admin");
    expect(safeCallbackPath("/admin/articles/12?tab=body#top")).toBe("/admin/articles/12?tab=body#top");
    expect(safeCallbackPath("/admin/./users")).toBe("/admin/users");
  });

  it.each([
    "/.//evil.example",
    "/..//x",
    "/%2e//x",
    "/%2E%2E//x",
    "/admin/..//evil",
    "/admin/%2e%2e//evil.example/x",
    "/admin/../..//evil.example",
    "//evil.example/steal",
    "/\\evil.example",
    "/admin\\..\\..\\evil",
    "https://evil.example/admin",
    "http://site.invalid/admin",
    "javascript:alert(1)",
    "admin",
    "/administrator",
    "/news/1/x",
    "/",
    "/admin\u0000/x",
    "/admin\t/x",
    "/admin\n//evil.example",
    "/admin\u007f/x",
    "",
    null,
    undefined,
  ])("falls back to /admin for %j", (value) => {
    expect(safeCallbackPath(value)).toBe("/admin");
  });

  it("never returns something a browser would resolve off the site", () => {
    for (const value of ["/admin//evil.example", "/admin/.//x", "/admin/%2F%2Fevil"]) {
      const result = safeCallbackPath(value);
      expect(new URL(result, "https://news.example").origin).toBe("https://news.example");
      expect(result.startsWith("//")).toBe(false);
    }
  });
});

describe("safeCallbackPath's fallback and what it keeps", () => {
  it("returns the caller's fallback for anything refused", () => {
    expect(safeCallbackPath("//evil.example", "/admin/articles")).toBe("/admin/articles");
    expect(safeCallbackPath(undefined, "/admin/articles")).toBe("/admin/articles");
  });

  it("keeps an encoded Arabic path and a query that merely mentions another host", () => {
    const tags = `/admin/tags?q=${encodeURIComponent("بوتين")}`;
    expect(safeCallbackPath(tags)).toBe(tags);
    expect(safeCallbackPath("/admin/articles?next=//evil.example")).toBe("/admin/articles?next=//evil.example");
  });
});
