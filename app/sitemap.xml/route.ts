import { crawlerResponse, XML_CONTENT_TYPE } from "@/lib/seo/crawler-response";
import { renderSitemapIndex } from "@/lib/seo/sitemaps";

// Rendered per request from cached data: `next build` must never open the embedded database.
export const dynamic = "force-dynamic";

export async function GET() {
  return crawlerResponse(await renderSitemapIndex(), XML_CONTENT_TYPE);
}
