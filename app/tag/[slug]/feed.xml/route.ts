import { crawlerMalformedAddress, crawlerNotFound, crawlerRedirect, crawlerResponse, RSS_CONTENT_TYPE } from "@/lib/seo/crawler-response";
import { renderTagFeed, type FeedResult } from "@/lib/seo/feeds";

// Kept in the origin's cache until a write expires its tags, or for BACKSTOP_SECONDS at most.
// Rendered on first request; `next build` renders none.
export const revalidate = 300;
export function generateStaticParams(): { slug: string }[] {
  return [];
}

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return toResponse(await renderTagFeed((await params).slug));
}

function toResponse(result: FeedResult): Response {
  if (result.kind === "malformed") return crawlerMalformedAddress();
  if (result.kind === "missing") return crawlerNotFound();
  if (result.kind === "redirect") return crawlerRedirect(result.location);
  return crawlerResponse(result.xml, RSS_CONTENT_TYPE);
}
