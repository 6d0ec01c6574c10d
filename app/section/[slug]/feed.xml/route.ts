import { crawlerMalformedAddress, crawlerNotFound, crawlerResponse, RSS_CONTENT_TYPE } from "@/lib/seo/crawler-response";
import { renderSectionFeed } from "@/lib/seo/feeds";

// Kept in the origin's cache until a write expires its tags, or for BACKSTOP_SECONDS at most.
// Rendered on first request; `next build` renders none.
export const revalidate = 300;
export function generateStaticParams(): { slug: string }[] {
  return [];
}

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const result = await renderSectionFeed((await params).slug);
  // Sections are not renamed through redirects, so a section feed is either there or not.
  if (result.kind === "malformed") return crawlerMalformedAddress();
  if (result.kind !== "xml") return crawlerNotFound();
  return crawlerResponse(result.xml, RSS_CONTENT_TYPE);
}
