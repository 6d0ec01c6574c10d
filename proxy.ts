import { NextResponse, type NextRequest } from "next/server";
import { getEnv } from "@/lib/env";
import { edgeKeysHeader } from "@/lib/cache/edge-keys";
import { adminContentSecurityPolicy } from "@/lib/http/security-headers";
import { decidePublicRoute, goneResponseHtml, notFoundResponseHtml, type PublicRouteDecision } from "@/lib/routing/public-redirects";
import { isUnreadablePath } from "@/lib/routing/params";

// A convenience only: without a next-auth session cookie, /admin/* goes straight to the login page.
// It proves nothing about the session; every admin page, action and route checks it itself
// (lib/auth/session.ts). The current path is passed on so a page can send the user back after login.
const SESSION_COOKIE = /^(__Secure-)?next-auth\.session-token(\.\d+)?$/;

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (isUnreadablePath(pathname)) return noPageResponse(400);
  if (!pathname.startsWith("/admin")) return publicRoute(request);
  const here = `${pathname}${search}`;
  const isLogin = pathname === "/admin/login" || pathname.startsWith("/admin/login/");
  const hasSessionCookie = request.cookies.getAll().some((cookie) => SESSION_COOKIE.test(cookie.name));
  if (!isLogin && !hasSessionCookie) {
    const login = new URL("/admin/login", request.url);
    login.searchParams.set("callbackUrl", here);
    return NextResponse.redirect(login);
  }
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-admin-path", here);
  // Admin pages render per request, so their scripts can carry a nonce: Next reads the policy from
  // the request headers and stamps the nonce on every script it writes (lib/http/security-headers.js).
  const policy = adminContentSecurityPolicy(btoa(crypto.randomUUID()));
  requestHeaders.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

// Reader URLs whose status a page cannot set itself (301 and 410), and later listing pages, which
// get a path of their own; see lib/routing/public-redirects.ts. The decision is cached; if it cannot
// be made (the database is down and it was not cached), the page answers from the full-page cache.
const PUBLIC_DECISION_CACHE = "public, max-age=0, s-maxage=300, stale-if-error=86400";

async function publicRoute(request: NextRequest) {
  const { pathname, search, searchParams } = request.nextUrl;
  let decision: PublicRouteDecision;
  try {
    decision = await decidePublicRoute(pathname, searchParams.get("after"));
  } catch (error) {
    console.warn(`proxy: no routing decision for ${pathname} (${error instanceof Error ? error.name : "error"}); serving the page`);
    return NextResponse.next();
  }
  if (decision?.kind === "redirect") {
    const location = decision.location.includes("?") ? decision.location : `${decision.location}${search}`;
    const response = NextResponse.redirect(new URL(location, request.url), 301);
    response.headers.set("Cache-Control", PUBLIC_DECISION_CACHE);
    response.headers.set("xkey", edgeKeysHeader([decision.cacheTag]));
    return response;
  }
  if (decision?.kind === "rewrite") {
    return NextResponse.rewrite(new URL(`${decision.pathname}${search}`, request.url));
  }
  if (decision?.kind === "malformed") return noPageResponse(404);
  if (decision?.kind === "gone") {
    return new NextResponse(goneResponseHtml(getEnv().siteName), {
      status: 410,
      headers: {
        "Content-Type": "text/html; charset=utf-8",
        "Cache-Control": PUBLIC_DECISION_CACHE,
        // The edge keeps these until the story or tag changes again (republished, renamed back).
        xkey: edgeKeysHeader([decision.cacheTag]),
      },
    });
  }
  return NextResponse.next();
}

// Garbage addresses are answered here, before any page or query, and stored by no cache: each
// variant an attacker makes up would otherwise be a new entry at the edge (cache pollution), and
// answering them again costs next to nothing. Well-formed addresses of missing pages (a story id
// that does not exist yet) keep the page's short public caching instead.
function noPageResponse(status: 400 | 404) {
  return new NextResponse(notFoundResponseHtml(getEnv().siteName), {
    status,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "private, no-store" },
  });
}

// Running the proxy costs a request about a millisecond of framework work (measured with wrk), so it
// sees only the requests that may need it: section and author pages only when they carry a cursor.
export const config = {
  matcher: [
    "/admin",
    "/admin/:path*",
    "/news/:path*",
    "/tag/:slug",
    { source: "/section/:slug", has: [{ type: "query", key: "after" }] },
    { source: "/author/:slug", has: [{ type: "query", key: "after" }] },
    // Any path Next could not decode (a bad escape, bytes that are not UTF-8) or holding an escaped
    // control character: it would be a 500 from Next itself. Read as "not made only of plain
    // characters, printable ASCII escapes and well-formed UTF-8 escapes"; isUnreadablePath decides.
    "/((?!(?:[^%]|%[2-6][0-9A-Fa-f]|%7[0-9A-Ea-e]|%[Cc][2-9A-Fa-f]%[89ABab][0-9A-Fa-f]|%[Dd][0-9A-Fa-f]%[89ABab][0-9A-Fa-f]|%[Ee]0%[ABab][0-9A-Fa-f]%[89ABab][0-9A-Fa-f]|%[Ee][1-9A-Ca-cEFef](?:%[89ABab][0-9A-Fa-f]){2}|%[Ee][Dd]%[89][0-9A-Fa-f]%[89ABab][0-9A-Fa-f]|%[Ff]0%[9ABab][0-9A-Fa-f](?:%[89ABab][0-9A-Fa-f]){2}|%[Ff][1-3](?:%[89ABab][0-9A-Fa-f]){3}|%[Ff]4%8[0-9A-Fa-f](?:%[89ABab][0-9A-Fa-f]){2})*$).*)",
  ],
};
