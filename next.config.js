// @ts-check

// Public pages may be served by a CDN or Varnish: fresh for a minute, served stale while a new copy
// renders, and kept for a day if the origin fails. Cache tags make our own copies exact (lib/cache).
const PUBLIC_CACHE = "public, max-age=0, s-maxage=60, stale-while-revalidate=300, stale-if-error=86400";
const PRIVATE_NO_STORE = "private, no-store";
// eslint-disable-next-line @typescript-eslint/no-require-imports -- next.config.js is CommonJS, loaded by Node
const { readerContentSecurityPolicy, baseSecurityHeaders } = require("./lib/http/security-headers.js");

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // Typecheck and lint are their own steps of `npm test`; the build does not repeat them.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  // The origin's full-page and data cache: bounded, tagged for the edge, never serving build
  // output (lib/cache/page-cache-handler.js). Next's own in-memory copy would only duplicate it.
  cacheHandler: require.resolve("./lib/cache/page-cache-handler.js"),
  cacheMaxMemorySize: 0,
  // Native and WASM packages are loaded by Node at run time, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "@node-rs/argon2", "sharp"],
  // Crawlers must find every metadata tag in <head>: stream metadata for nobody, not only for
  // the bots Next.js knows (plain Googlebot and an empty User-Agent are not on its list).
  htmlLimitedBots: /.*/,
  // `next build` must never open the embedded database: one worker keeps build-time work serial.
  experimental: {
    cpus: 1,
    workerThreads: false,
    // proxy.ts sees /admin/*, so Next buffers those request bodies for it, and silently cuts them
    // at this size (default 10 MB). Image uploads (app/admin/media/upload) must arrive whole up to
    // MAX_UPLOAD_BYTES, which lib/env.ts validates; read at `next start`, like the rest of this file.
    // The route itself counts the body and refuses anything over the limit with a 413.
    proxyClientMaxBodySize: Math.max(10 * 1024 * 1024, (Number(process.env.MAX_UPLOAD_BYTES) || 0) + 1024 * 1024),
  },
  async headers() {
    return [
      // Feeds and sitemaps (*.xml) set their own, longer cache header in their route handlers.
      { source: "/((?!admin|api|_next|search|media)(?!.*\\.xml$).*)", headers: [{ key: "Cache-Control", value: PUBLIC_CACHE }] },
      { source: "/search", headers: [{ key: "Cache-Control", value: "public, max-age=0, s-maxage=30, stale-while-revalidate=60, stale-if-error=3600" }] },
      { source: "/admin/:path*", headers: [{ key: "Cache-Control", value: PRIVATE_NO_STORE }] },
      { source: "/api/:path*", headers: [{ key: "Cache-Control", value: PRIVATE_NO_STORE }] },
      // Read at `next start`, so HSTS follows the SITE_URL the server runs with (lib/http/security-headers.js).
      { source: "/:path*", headers: baseSecurityHeaders(process.env.SITE_URL) },
      // The admin's policy carries a per-request nonce and is set by proxy.ts.
      { source: "/((?!admin).*)", headers: [{ key: "Content-Security-Policy", value: readerContentSecurityPolicy }] },
    ];
  },
};

module.exports = nextConfig;
