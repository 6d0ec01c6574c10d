// Responses for crawler documents (sitemaps, feeds). Crawlers poll these often: a CDN may serve
// a copy for five minutes, keep serving it while a fresh one renders, and for a day if we fail.
export const CRAWLER_CACHE_CONTROL = "public, max-age=0, s-maxage=300, stale-while-revalidate=600, stale-if-error=86400";

export const XML_CONTENT_TYPE = "application/xml; charset=utf-8";
export const RSS_CONTENT_TYPE = "application/rss+xml; charset=utf-8";

export function crawlerResponse(body: string, contentType: string): Response {
  return new Response(body, {
    headers: { "Content-Type": contentType, "Cache-Control": CRAWLER_CACHE_CONTROL },
  });
}

export function crawlerNotFound(): Response {
  return new Response("غير موجود", {
    status: 404,
    // A missing feed may appear with the next published story, so it is not kept long.
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=0, s-maxage=60" },
  });
}

/** An address no feed or sitemap can have (an unusable slug or file name): kept by no cache. */
export function crawlerMalformedAddress(): Response {
  return new Response("غير موجود", {
    status: 404,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" },
  });
}

/** Old slugs (renamed or merged tags) move for good: readers and crawlers update their links. */
export function crawlerRedirect(location: string): Response {
  return new Response(null, {
    status: 301,
    headers: { Location: location, "Cache-Control": CRAWLER_CACHE_CONTROL },
  });
}
