import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { edgeKeys, edgeKeysHeader } from "@/lib/cache/edge-keys";

// A stand-in for the Next.js origin, as the edge sees it: public pages with `xkey` and an
// s-maxage, a counter in every body (a new number means a new render), and switches to make a
// path fail. The cache tags of each path are fixed by its prefix.

export type TestOrigin = {
  /** host:port, for startVarnish({ origin }) */
  address: string;
  /** Renders per URL, query string included (/search?q=a and ?q=b are two). */
  renders: Map<string, number>;
  /** The Cookie header each URL last arrived with. */
  cookies: Map<string, string | undefined>;
  /** POST requests received, in order: what a beacon delivered, and who the edge said sent it. */
  posts: { url: string; body: string; forwardedFor: string | undefined }[];
  /** URLs that answer 500 while listed. */
  failing: Set<string>;
  /** Health probes received (GET /robots.txt). */
  probes(): number;
  close(): Promise<void>;
};

export function tagsFor(url: string): string[] {
  const path = decodeURIComponent(url.split("?")[0] ?? "");
  const story = /^\/news\/(\d+)/.exec(path);
  if (story) return [`article:${story[1]}`, "home"];
  const tag = /^\/tag\/([^/]+)/.exec(path);
  if (tag) return [`tag:${tag[1]}`];
  return ["home"];
}

function cacheControlFor(url: string): string {
  if (url.startsWith("/search")) return "public, max-age=0, s-maxage=30";
  // Expires after a second: for grace and stale-if-error.
  if (url.startsWith("/short/")) return "public, max-age=0, s-maxage=1";
  return "public, max-age=0, s-maxage=60";
}

export async function startOrigin(): Promise<TestOrigin> {
  const renders = new Map<string, number>();
  const cookies = new Map<string, string | undefined>();
  const failing = new Set<string>();
  const posts: TestOrigin["posts"] = [];
  let probes = 0;
  const server = createServer(async (request, response) => {
    const url = request.url ?? "/";
    if (request.method === "POST") {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      posts.push({ url, body: Buffer.concat(chunks).toString("utf8"), forwardedFor: headerValue(request.headers, "x-forwarded-for") });
    }
    if (url === "/robots.txt") {
      // The health probe's URL: healthy whatever the pages do.
      probes++;
      response.writeHead(200, { "Content-Type": "text/plain" }).end("User-agent: *\n");
      return;
    }
    const count = (renders.get(url) ?? 0) + 1;
    renders.set(url, count);
    cookies.set(url, headerValue(request.headers, "cookie"));
    const tags = tagsFor(url);
    const headers: Record<string, string> = {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": cacheControlFor(url),
      xkey: edgeKeysHeader(tags),
      // Next sends its tags here too; the edge must strip it like xkey.
      "x-next-cache-tags": edgeKeys(tags).join(","),
    };
    if (failing.has(url)) {
      response.writeHead(500, { "Content-Type": "text/plain", "Cache-Control": "no-store" }).end(`${url} failed`);
      return;
    }
    if (url.startsWith("/cookie")) headers["Set-Cookie"] = `visitor=${count}; Path=/`;
    response.writeHead(200, headers).end(`${url} render ${count}`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    renders,
    cookies,
    posts,
    failing,
    probes: () => probes,
    close: () =>
      new Promise<void>((resolve) => {
        // Varnish keeps idle connections to its backend: drop them, or it would keep reaching us.
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join("; ") : value;
}
