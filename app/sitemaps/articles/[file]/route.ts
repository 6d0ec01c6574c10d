import { crawlerNotFound, crawlerResponse, XML_CONTENT_TYPE } from "@/lib/seo/crawler-response";
import { parseArticleSitemapFile, renderArticleSitemap } from "@/lib/seo/sitemaps";

// Rendered per request from cached data: `next build` must never open the embedded database.
export const dynamic = "force-dynamic";

// A folder cannot be named "[chunk].xml", so the segment is the whole file name ("3.xml").
export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }) {
  const chunk = parseArticleSitemapFile((await params).file);
  const xml = chunk === null ? null : await renderArticleSitemap(chunk);
  return xml === null ? crawlerNotFound() : crawlerResponse(xml, XML_CONTENT_TYPE);
}
