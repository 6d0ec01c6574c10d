/**
 * CSRF check for cookie-authenticated route handlers (server actions get Next's own): the request's
 * Origin must be this site, by SITE_URL or by the Host the browser addressed. Browsers send Origin
 * with every fetch and form POST, and a page on another site cannot forge it; a request without one
 * is refused.
 */
export function isSameOriginRequest(request: Request, siteUrl: string): boolean {
  const origin = request.headers.get("origin");
  if (!origin || origin === "null") return false;
  let originUrl: URL;
  try {
    originUrl = new URL(origin);
  } catch {
    return false;
  }
  if (originUrl.origin === new URL(siteUrl).origin) return true;
  const host = request.headers.get("host");
  return host !== null && originUrl.host === host.toLowerCase();
}
