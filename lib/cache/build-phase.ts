import { PHASE_PRODUCTION_BUILD } from "next/constants";

/**
 * `next build` prerenders the static routes (home, feeds, sitemaps), but it must never open the
 * database: the embedded PGlite may belong to a running server, and a build is no time to read
 * production data. What the build renders is never served (lib/cache/page-cache-handler.js does not
 * read build output), so those routes render empty at build time and for real on first request.
 */
export function isBuildPhase(): boolean {
  return process.env.NEXT_PHASE === PHASE_PRODUCTION_BUILD;
}

/** What a static route handler answers at build time: a placeholder that is never served. */
export function buildPhasePlaceholder(): Response {
  return new Response("", { headers: { "Cache-Control": "no-store" } });
}
