import { crawlerMalformedAddress, crawlerNotFound, crawlerResponse, XML_CONTENT_TYPE } from "@/lib/seo/crawler-response";
import { parseArticleSitemapFile, renderArticleSitemap } from "@/lib/seo/sitemaps";

// Kept in the origin's cache until a write expires its tags, or for BACKSTOP_SECONDS at most.
// Rendered on first request; `next build` renders none.
export const revalidate = 300;
export function generateStaticParams(): { file: string }[] {
  return [];
}

// A folder cannot be named "[chunk].xml", so the segment is the whole file name ("3.xml").
export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }) {
  const chunk = parseArticleSitemapFile((await params).file);
  if (chunk === null) return crawlerMalformedAddress();
  const xml = await renderArticleSitemap(chunk);
  return xml === null ? crawlerNotFound() : crawlerResponse(xml, XML_CONTENT_TYPE);
}
