import type { MetadataRoute } from "next";
import { absoluteUrl, paths } from "@/lib/urls";

// SITE_URL is read at run time, not baked in at build time: the cache handler never serves build
// output, so the first request renders this with the running server's environment, and it is kept.

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
