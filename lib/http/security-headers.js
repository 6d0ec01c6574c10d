// @ts-check

// Security headers for every answer. Plain JS because next.config.js (evaluated by `next start`,
// so it sees the run-time SITE_URL) requires it; proxy.ts imports the admin policy from here too.
//
// Reader pages are one cached copy for everyone (ISR, Varnish), so their policy cannot carry a
// per-request nonce, and Next writes its RSC payload as inline `<script>self.__next_f.push(…)</script>`
// whose content differs per page and per render, so hashes cannot list them either. Reader pages
// therefore allow inline scripts from this origin's HTML ('unsafe-inline') but nothing from any
// other origin, no plugins, no <base> rewriting, no foreign form targets and no framing by others.
// 'strict-dynamic' would not help without a nonce or hash: it makes browsers ignore 'self' and
// 'unsafe-inline', which would block every script. JSON-LD (`type="application/ld+json"`) is data,
// not script, and is not subject to script-src.
//
// The admin is rendered per request (it reads the session), so it gets a nonce from proxy.ts, and
// only scripts carrying it (and those they load) run: an injected inline script does not.

const isDev = process.env.NODE_ENV === "development";
// React's development build rebuilds server error stacks with eval (Next's CSP guide).
const DEV_EVAL = isDev ? " 'unsafe-eval'" : "";

const COMMON_DIRECTIVES = [
  "default-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "media-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
  "frame-src 'none'",
  "worker-src 'self'",
  "manifest-src 'self'",
];

/** The policy of every page but the admin's: cacheable, the same for every request. */
const readerContentSecurityPolicy = [
  ...COMMON_DIRECTIVES,
  `script-src 'self' 'unsafe-inline'${DEV_EVAL}`,
  // Next and React write style attributes into server HTML; no stylesheet comes from elsewhere.
  "style-src 'self' 'unsafe-inline'",
].join("; ");

/**
 * The admin's policy: only scripts carrying this request's nonce run ('strict-dynamic' lets them
 * load Next's chunks). Styles keep 'unsafe-inline': Tiptap injects its base stylesheet as a <style>
 * element and ProseMirror and React write style attributes, which a nonce cannot cover.
 * @param {string} nonce
 */
function adminContentSecurityPolicy(nonce) {
  return [...COMMON_DIRECTIVES, `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${DEV_EVAL}`, "style-src 'self' 'unsafe-inline'"].join("; ");
}

// Powerful features no page of the portal uses, turned off for it and for anything it embeds.
const PERMISSIONS_POLICY = [
  "camera=()",
  "microphone=()",
  "geolocation=()",
  "payment=()",
  "usb=()",
  "serial=()",
  "bluetooth=()",
  "hid=()",
  "midi=()",
  "magnetometer=()",
  "gyroscope=()",
  "accelerometer=()",
  "display-capture=()",
  // The Topics API, FLoC's successor (Chrome no longer knows "interest-cohort" and warns about it).
  "browsing-topics=()",
].join(", ");

const HSTS = "max-age=31536000; includeSubDomains";

/**
 * Headers every answer carries. HSTS only when the site is served over https: sent over plain
 * http it would be ignored at best, and a development or intranet host must stay reachable by http.
 * @param {string | undefined} siteUrl
 * @returns {{ key: string, value: string }[]}
 */
function baseSecurityHeaders(siteUrl) {
  const headers = [
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "X-Frame-Options", value: "SAMEORIGIN" },
    { key: "Permissions-Policy", value: PERMISSIONS_POLICY },
  ];
  if (isHttps(siteUrl)) headers.push({ key: "Strict-Transport-Security", value: HSTS });
  return headers;
}

/** @param {string | undefined} siteUrl */
function isHttps(siteUrl) {
  try {
    return new URL(siteUrl ?? "").protocol === "https:";
  } catch {
    return false;
  }
}

module.exports = { readerContentSecurityPolicy, adminContentSecurityPolicy, baseSecurityHeaders, PERMISSIONS_POLICY, HSTS };
