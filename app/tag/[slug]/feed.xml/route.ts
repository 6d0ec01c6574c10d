import { crawlerNotFound, crawlerRedirect, crawlerResponse, RSS_CONTENT_TYPE } from "@/lib/seo/crawler-response";
import { renderTagFeed, type FeedResult } from "@/lib/seo/feeds";

// Rendered per request from cached data: `next build` must never open the embedded database.
export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  return toResponse(await renderTagFeed((await params).slug));
}

function toResponse(result: FeedResult): Response {
  if (result.kind === "missing") return crawlerNotFound();
  if (result.kind === "redirect") return crawlerRedirect(result.location);
  return crawlerResponse(result.xml, RSS_CONTENT_TYPE);
}
