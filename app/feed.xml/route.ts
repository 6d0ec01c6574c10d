import { buildPhasePlaceholder, isBuildPhase } from "@/lib/cache/build-phase";
import { crawlerResponse, RSS_CONTENT_TYPE } from "@/lib/seo/crawler-response";
import { renderSiteFeed } from "@/lib/seo/feeds";

// Kept in the origin's cache until a write expires its tags, or for BACKSTOP_SECONDS at most.
// `next build` renders a placeholder that is never served (lib/cache/build-phase.ts).
export const revalidate = 300;

export async function GET() {
  if (isBuildPhase()) return buildPhasePlaceholder();
  return crawlerResponse(await renderSiteFeed(), RSS_CONTENT_TYPE);
}
