import type { MetadataRoute } from "next";
import { absoluteUrl, paths } from "@/lib/seo/urls";

// SITE_URL is read when a crawler asks, not baked in at build time.
export const dynamic = "force-dynamic";

export default function robots(): MetadataRoute.Robots {
  return {
    rules: {
      userAgent: "*",
      allow: "/",
      // The dashboard and API are private; search results are endless thin pages.
      disallow: ["/admin", "/api", "/search"],
    },
    sitemap: [absoluteUrl(paths.sitemapIndex()), absoluteUrl(paths.newsSitemap())],
  };
}
