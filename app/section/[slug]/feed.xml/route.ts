import { crawlerNotFound, crawlerResponse, RSS_CONTENT_TYPE } from "@/lib/seo/crawler-response";
import { renderSectionFeed } from "@/lib/seo/feeds";

// Rendered per request from cached data: `next build` must never open the embedded database.
export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const result = await renderSectionFeed((await params).slug);
  // Sections are not renamed through redirects, so a section feed is either there or not.
  if (result.kind !== "xml") return crawlerNotFound();
  return crawlerResponse(result.xml, RSS_CONTENT_TYPE);
}
