import { crawlerResponse, RSS_CONTENT_TYPE } from "@/lib/seo/crawler-response";
import { renderSiteFeed } from "@/lib/seo/feeds";

// Rendered per request from cached data: `next build` must never open the embedded database.
export const dynamic = "force-dynamic";

export async function GET() {
  return crawlerResponse(await renderSiteFeed(), RSS_CONTENT_TYPE);
}
