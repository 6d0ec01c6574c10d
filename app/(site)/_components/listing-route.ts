import { notFound } from "next/navigation";
import { decodeSlugParam, parseAfterParam } from "@/lib/routing/params";

// What tag, section and author pages share as routes. Each is kept in the origin's full-page cache
// until a write expires its tag (or its 300 s backstop: `export const revalidate = 300`, which Next
// only reads when written in the page itself). Later pages (`?after=<cursor>`) reach after/[cursor]
// through a rewrite in proxy.ts, so every page is a path the cache can key.

export type ListingRouteProps = { params: Promise<{ slug: string; cursor?: string }> };

/** No listing page is rendered by `next build`: each renders on its first request. */
export function noListingPagesAtBuild(): { slug: string }[] {
  return [];
}

/** The listing's slug and cursor; a malformed one is not a page (404), never a cache entry. */
export async function readListingParams(params: ListingRouteProps["params"]): Promise<{ slug: string; cursor: string | null }> {
  const { slug: rawSlug, cursor: rawCursor } = await params;
  const slug = decodeSlugParam(rawSlug);
  const after = parseAfterParam(rawCursor);
  if (!slug || !after.valid) notFound();
  return { slug, cursor: after.cursor };
}
