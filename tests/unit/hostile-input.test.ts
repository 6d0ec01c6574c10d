import { describe, expect, it } from "vitest";
import { MAX_ROW_ID } from "@/db/ids";
import { decodeKeysetCursor as decodeCursor } from "@/lib/pagination/cursor";
import { articleDraftSchema } from "@/lib/articles/schemas";
import { readBodyWithin } from "@/lib/http/body-limit";
import { isUnreadablePath, parseArticleIdParam } from "@/lib/routing/params";
import { decidePublicRoute } from "@/lib/routing/public-redirects";
import { config as proxyConfig } from "@/proxy";

// Issue 9, item 8: garbage in public URLs and request bodies is a 4xx, never a 500 (an id past
// int4 reaching Postgres, a path Next cannot decode) and never a cache entry.

describe("article ids in URLs", () => {
  it("accepts 1 … 2^31−1 written plainly, and nothing else", () => {
    expect(parseArticleIdParam("1")).toBe(1);
    expect(parseArticleIdParam("2147483647")).toBe(MAX_ROW_ID);
    for (const raw of ["0", "2147483648", "99999999999", "0012", "-1", "1e3", "1.0", " 1", "", "١٢"]) {
      expect(parseArticleIdParam(raw), raw).toBeNull();
    }
  });

  it("lets the proxy answer /news/<not an id> without a query", async () => {
    for (const path of ["/news/99999999999/x", "/news/2147483648/x", "/news/99999999999", "/news/abc/x", "/news/1/x/y", "/news"]) {
      expect(await decidePublicRoute(path, null), path).toEqual({ kind: "malformed" });
    }
  });
});

describe("listing cursors", () => {
  it("refuse an id past int4 (it would be a Postgres range error)", () => {
    expect(decodeCursor(`${(1_700_000_000_000).toString(36)}.${MAX_ROW_ID.toString(36)}`)).not.toBeNull();
    expect(decodeCursor(`${(1_700_000_000_000).toString(36)}.${(MAX_ROW_ID + 1).toString(36)}`)).toBeNull();
    expect(decodeCursor("1.zzzzzzzzzz")).toBeNull();
  });

  it("make the proxy answer a malformed or huge ?after= itself", async () => {
    for (const after of ["x".repeat(10_000), "1.zzzzzzzzzz", "\u0000", "%E0%A4%A"]) {
      expect(await decidePublicRoute("/section/politics", after)).toEqual({ kind: "malformed" });
    }
    expect(await decidePublicRoute("/tag/%00", null)).toEqual({ kind: "malformed" });
  });
});

describe("unreadable paths", () => {
  it("are malformed escapes, bytes that are not UTF-8, and escaped control characters", () => {
    for (const path of ["/news/1/%E0%A4%A", "/tag/%E0%A4%A", "/section/%", "/section/%zz", "/tag/a%00b", "/media/a%7Fb", "/x/%FF", "/x/%ED%A0%80"]) {
      expect(isUnreadablePath(path), path).toBe(true);
    }
    for (const path of ["/", `/section/${encodeURIComponent("سياسة")}`, "/tag/a%20b", `/tag/${encodeURIComponent("😀")}`, "/news/1/x"]) {
      expect(isUnreadablePath(path), path).toBe(false);
    }
  });

  it("are exactly the paths the proxy's matcher sends to it", () => {
    const source = proxyConfig.matcher.at(-1);
    expect(typeof source).toBe("string");
    const matcher = new RegExp(`^${(source as string).replace(/^\//, "\\/")}$`);
    expect(matcher.test(`/section/${encodeURIComponent("سياسة")}`)).toBe(false);
    expect(matcher.test("/section/%")).toBe(true);
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 5_000; i++) {
      let path = "/";
      for (let j = 0; j < 6; j++) {
        const r = random();
        path += r < 0.3 ? "a" : r < 0.9 ? `%${Math.floor(random() * 256).toString(16).padStart(2, "0")}` : "%";
      }
      expect(matcher.test(path), path).toBe(isUnreadablePath(path));
    }
  });
});

describe("ids in request bodies", () => {
  it("past int4 are field errors, not database errors", () => {
    const base = { title: "عنوان", body: { type: "doc", content: [] }, sectionId: 1, authorIds: [1] };
    expect(articleDraftSchema.safeParse({ ...base, readAlsoIds: [99_999_999_999] }).success).toBe(false);
    expect(articleDraftSchema.safeParse({ ...base, heroMediaId: MAX_ROW_ID + 1 }).success).toBe(false);
    expect(articleDraftSchema.safeParse({ ...base, authorIds: [MAX_ROW_ID + 1] }).success).toBe(false);
  });
});

describe("readBodyWithin", () => {
  const streamOf = (bytes: number) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (let sent = 0; sent < bytes; sent += 1024) controller.enqueue(new Uint8Array(Math.min(1024, bytes - sent)));
        controller.close();
      },
    });
  const post = (bytes: number, headers: Record<string, string> = {}) =>
    new Request("http://x/api/auth/callback/credentials", { method: "POST", body: streamOf(bytes), headers, duplex: "half" } as RequestInit);

  it("returns a body within the limit", async () => {
    expect((await readBodyWithin(post(2_000), 16_384))?.byteLength).toBe(2_000);
  });

  it("refuses a longer body even without, or with a false, Content-Length", async () => {
    expect(await readBodyWithin(post(20_000), 16_384)).toBeNull();
    expect(await readBodyWithin(post(20_000, { "content-length": "10" }), 16_384)).toBeNull();
    expect(await readBodyWithin(new Request("http://x/", { method: "POST", body: "x", headers: { "content-length": "999999" } }), 16_384)).toBeNull();
  });
});
