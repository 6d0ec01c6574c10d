import type { MetadataRoute } from "next";
import { getEnv } from "@/lib/env";
import { paths } from "@/lib/urls";

// SITE_NAME is read at run time (build output is never served; the first request renders it),
// so one build serves any installation. The icons are committed
// PNGs (scripts/generate-icons.ts draws them).

export default function manifest(): MetadataRoute.Manifest {
  const { siteName } = getEnv();
  return {
    id: "/",
    name: siteName,
    short_name: siteName,
    description: `تابع أحدث الأخبار عبر تطبيق ${siteName}`,
    lang: "ar",
    dir: "rtl",
    start_url: "/",
    scope: "/",
    display: "standalone",
    theme_color: "#8c1c13",
    background_color: "#ffffff",
    categories: ["news"],
    icons: [
      { src: paths.appIcon("icon-192.png"), sizes: "192x192", type: "image/png", purpose: "any" },
      { src: paths.appIcon("icon-512.png"), sizes: "512x512", type: "image/png", purpose: "any" },
      { src: paths.appIcon("maskable-512.png"), sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
}
