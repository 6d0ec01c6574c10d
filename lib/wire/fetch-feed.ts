import http from "node:http";
import https from "node:https";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import type { Readable } from "node:stream";
import { guardedLookup, resolvePermittedAddresses, systemResolver, type Resolver } from "@/lib/wire/address-guard";

// One feed download: a conditional GET that follows at most a few redirects, within one deadline
// and one size cap (counted after decompression, so a small gzip bomb is refused like a large body),
// through the SSRF guard at every hop. Everything that goes wrong is a FeedFetchError with an
// Arabic message for the source's row in the desk.

export const MAX_REDIRECTS = 5;

export type FeedFetchOptions = {
  etag?: string | null;
  lastModified?: string | null;
  /** The admin allowed this feed's own host to be private or loopback (never a redirect's other host). */
  allowPrivateHost: boolean;
  timeoutMs: number;
  maxBytes: number;
  resolver?: Resolver;
  userAgent: string;
};

export type FeedFetchResult =
  | { kind: "not-modified"; finalUrl: string }
  | { kind: "body"; body: Buffer; contentType: string | null; etag: string | null; lastModified: string | null; finalUrl: string };

export class FeedFetchError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export async function fetchFeed(feedUrl: string, options: FeedFetchOptions): Promise<FeedFetchResult> {
  const resolver = options.resolver ?? systemResolver;
  const firstHost = new URL(feedUrl).hostname.replace(/^\[|\]$/g, "");
  const allowedHost = options.allowPrivateHost ? firstHost : null;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), options.timeoutMs);
  try {
    let url = new URL(feedUrl);
    for (let hop = 0; ; hop++) {
      if (url.protocol !== "http:" && url.protocol !== "https:") throw new FeedFetchError(`بروتوكول غير مسموح في التحويل: ${url.protocol}`);
      const host = url.hostname.replace(/^\[|\]$/g, "");
      // IP literals never reach a lookup, so every hop is checked here as well as at connect time.
      await resolvePermittedAddresses(host, allowedHost !== null && host.toLowerCase() === allowedHost.toLowerCase(), resolver);
      const response = await request(url, options, allowedHost, resolver, deadline.signal);
      if (REDIRECT_STATUSES.has(response.statusCode ?? 0)) {
        response.resume();
        const location = response.headers.location;
        if (!location) throw new FeedFetchError(`تحويل (${response.statusCode}) بلا عنوان`);
        if (hop >= MAX_REDIRECTS) throw new FeedFetchError(`تحويلات أكثر من ${MAX_REDIRECTS}`);
        url = new URL(location, url);
        continue;
      }
      if (response.statusCode === 304) {
        response.resume();
        return { kind: "not-modified", finalUrl: url.href };
      }
      if (response.statusCode !== 200) {
        response.resume();
        throw new FeedFetchError(`أجاب الخادم ${response.statusCode}`);
      }
      const body = await readCapped(response, options.maxBytes, deadline.signal);
      return {
        kind: "body",
        body,
        contentType: header(response.headers["content-type"]),
        etag: header(response.headers.etag),
        lastModified: header(response.headers["last-modified"]),
        finalUrl: url.href,
      };
    }
  } catch (error) {
    if (deadline.signal.aborted) throw new FeedFetchError(`انتهت مهلة الجلب (${Math.round(options.timeoutMs / 1000)} ث)`, { cause: error });
    if (error instanceof FeedFetchError) throw error;
    if (error instanceof Error && "code" in error && error.code === "EWIREBLOCKED") throw new FeedFetchError(error.message, { cause: error });
    throw new FeedFetchError(`تعذّر الاتصال: ${describeNetworkError(error)}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

function header(value: string | string[] | undefined): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  return first ? first.slice(0, 500) : null;
}

function describeNetworkError(error: unknown): string {
  if (error instanceof Error) {
    const code = "code" in error && typeof error.code === "string" ? error.code : "";
    return code ? `${code}` : error.message.slice(0, 200);
  }
  return String(error).slice(0, 200);
}

function request(url: URL, options: FeedFetchOptions, allowedHost: string | null, resolver: Resolver, signal: AbortSignal): Promise<http.IncomingMessage> {
  const client = url.protocol === "https:" ? https : http;
  const headers: Record<string, string> = {
    "user-agent": options.userAgent,
    accept: "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5",
    "accept-encoding": "gzip, deflate, br",
  };
  if (options.etag) headers["if-none-match"] = options.etag;
  if (options.lastModified) headers["if-modified-since"] = options.lastModified;
  return new Promise((resolve, reject) => {
    const req = client.request(url, { method: "GET", headers, lookup: guardedLookup(allowedHost, resolver) as never, signal, agent: false }, resolve);
    req.on("error", reject);
    req.end();
  });
}

function readCapped(response: http.IncomingMessage, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
  const declared = Number(response.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    return Promise.reject(new FeedFetchError(`الملف أكبر من الحد (${formatBytes(maxBytes)})`));
  }
  const encoding = (header(response.headers["content-encoding"]) ?? "").trim().toLowerCase();
  let stream: Readable = response;
  if (encoding === "gzip" || encoding === "x-gzip") stream = response.pipe(createGunzip());
  else if (encoding === "deflate") stream = response.pipe(createInflate());
  else if (encoding === "br") stream = response.pipe(createBrotliDecompress());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const fail = (error: Error) => {
      response.destroy();
      stream.destroy();
      reject(error);
    };
    signal.addEventListener("abort", () => fail(new FeedFetchError("انتهت مهلة الجلب")), { once: true });
    stream.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) return fail(new FeedFetchError(`الملف أكبر من الحد (${formatBytes(maxBytes)})`));
      chunks.push(chunk);
    });
    stream.on("end", () => resolve(Buffer.concat(chunks)));
    stream.on("error", (error) => fail(new FeedFetchError(`تعذّر فك ضغط الاستجابة: ${error.message.slice(0, 100)}`)));
    response.on("error", fail);
  });
}

const formatBytes = (bytes: number) => (bytes >= 1_048_576 ? `${(bytes / 1_048_576).toFixed(1)} م.ب` : `${Math.round(bytes / 1024)} ك.ب`);
