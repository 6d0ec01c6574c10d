import { request as httpRequest } from "node:http";

// The running portal as `npm run bench:http` sees it: which pages to measure, warming them, and
// the JSON API (docs/api-v1.md) to publish and edit stories while timing when readers see them.

export type BenchPage = { name: "article" | "home" | "tag"; path: string; tagName?: string };
export type PublishedStory = { id: number; version: number; path: string; postMs: number; respondedAt: number };

type ApiStory = { id: number; url: string; version: number; tags: string[] };
type ApiTag = { name: string; url: string };

const POLL_INTERVAL_MS = 20;
const VISIBLE_TIMEOUT_MS = 30_000;

export function fetchPage(url: string): Promise<Response> {
  return fetch(url, { signal: AbortSignal.timeout(30_000) });
}

/**
 * Milliseconds from `since` (a performance.now() reading) until every URL's HTML contains `text`,
 * polling every 20 ms; null when that takes over 30 s.
 */
export async function visibleAfterMs(urls: string[], text: string, since: number): Promise<number | null> {
  const pending = new Set(urls);
  while (performance.now() - since < VISIBLE_TIMEOUT_MS) {
    await Promise.all(
      [...pending].map(async (url) => {
        const response = await fetchPage(url);
        const html = await response.text();
        if (response.ok && html.includes(text)) pending.delete(url);
      }),
    );
    if (!pending.size) return performance.now() - since;
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  return null;
}

/** A few requests, so the next one is a full-page cache hit; answers the last x-nextjs-cache. */
export async function warmPage(baseUrl: string, path: string): Promise<string | null> {
  let cache: string | null = null;
  for (let i = 0; i < 4; i++) {
    const response = await fetchPage(`${baseUrl}${path}`);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${baseUrl}${path} answered ${response.status} while warming up`);
    cache = response.headers.get("x-nextjs-cache");
  }
  return cache;
}

export class Portal {
  constructor(
    private readonly options: { originUrl: string; apiKey: string; authorSlug: string; sectionSlug: string },
  ) {}

  /** A story from the home page that has tags, the home page, and that story's first tag page. */
  async pickPages(): Promise<[BenchPage, BenchPage, BenchPage]> {
    const home = await this.html("/");
    const storyPaths = [...new Set([...home.matchAll(/href="(\/news\/(\d+)\/[^"#?]+)"/g)].map((match) => match[1]!))];
    for (const storyPath of storyPaths) {
      const id = Number(/^\/news\/(\d+)\//.exec(storyPath)![1]);
      const story = await this.api<ApiStory>("GET", `/api/v1/articles/${id}`);
      const tagName = story.tags[0];
      if (!tagName) continue;
      const tag = await this.findTag(tagName);
      return [
        { name: "article", path: storyPath },
        { name: "home", path: "/" },
        { name: "tag", path: new URL(tag.url).pathname, tagName },
      ];
    }
    throw new Error(`none of the ${storyPaths.length} stories linked from the home page has a tag`);
  }

  async publish(title: string, tagName: string): Promise<PublishedStory> {
    const started = performance.now();
    const story = await this.api<ApiStory>("POST", "/api/v1/articles", {
      title,
      bodyText: `${title}.\n\nفقرة ثانية من خبر كتبه سكربت القياس ليقيس زمن ظهوره للقراء بعد النشر.`,
      section: this.options.sectionSlug,
      authors: [this.options.authorSlug],
      tags: [tagName],
      status: "published",
    });
    const respondedAt = performance.now();
    return { id: story.id, version: story.version, path: new URL(story.url).pathname, postMs: respondedAt - started, respondedAt };
  }

  async editTitle(story: { id: number; version: number }, title: string) {
    const started = performance.now();
    const saved = await this.api<ApiStory>("PATCH", `/api/v1/articles/${story.id}`, { version: story.version, title });
    const respondedAt = performance.now();
    return { path: new URL(saved.url).pathname, patchMs: respondedAt - started, respondedAt };
  }

  private async findTag(name: string): Promise<ApiTag> {
    let cursor: string | null = null;
    do {
      const page: { items: ApiTag[]; nextCursor: string | null } = await this.api("GET", `/api/v1/tags?limit=100${cursor ? `&cursor=${cursor}` : ""}`);
      const found = page.items.find((tag) => tag.name === name);
      if (found) return found;
      cursor = page.nextCursor;
    } while (cursor);
    throw new Error(`the API lists no tag named ${name}`);
  }

  private async html(path: string): Promise<string> {
    const response = await fetchPage(`${this.options.originUrl}${path}`);
    if (!response.ok) throw new Error(`${path} answered ${response.status}`);
    return response.text();
  }

  private async api<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.options.originUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${this.options.apiKey}`, ...(body ? { "Content-Type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
    return JSON.parse(text) as T;
  }
}

/** The body as a client with these headers receives it, bytes on the wire (fetch would decompress). */
export function rawBody(url: string, headers: Record<string, string>): Promise<{ status: number; bytes: number; encoding: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { headers, timeout: 30_000 }, (response) => {
      let bytes = 0;
      response.on("data", (chunk: Buffer) => (bytes += chunk.length));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, bytes, encoding: String(response.headers["content-encoding"] ?? "identity") }));
      response.on("error", reject);
    });
    request.on("timeout", () => request.destroy(new Error(`${url} timed out`)));
    request.on("error", reject);
    request.end();
  });
}
