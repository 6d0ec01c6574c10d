// Where the login page may send someone back to. Kept free of Next.js so unit tests can call it.
const PLACEHOLDER_ORIGIN = "http://site.invalid";

const isAdminPath = (pathname: string) => pathname === "/admin" || pathname.startsWith("/admin/");

/**
 * A path under /admin on this site, or `fallback`. The value is parsed first and the *result* is
 * checked: URL parsing turns `/.//evil.example`, `/..//x`, `/%2e//x` or `/admin/..//evil` into the
 * scheme-relative `//evil…`, which a browser would follow to another host. So the parsed path must
 * be under /admin, and writing it out and parsing it again must land on the same URL of this site.
 * Backslashes and control characters are refused outright (browsers read `\` as `/`).
 */
export function safeCallbackPath(value: string | null | undefined, fallback = "/admin"): string {
  if (typeof value !== "string" || !value.startsWith("/")) return fallback;
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, PLACEHOLDER_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== PLACEHOLDER_ORIGIN || !isAdminPath(url.pathname)) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (path.startsWith("//")) return fallback;
  const again = new URL(path, PLACEHOLDER_ORIGIN);
  if (again.origin !== PLACEHOLDER_ORIGIN || again.href !== url.href) return fallback;
  return path;
}
