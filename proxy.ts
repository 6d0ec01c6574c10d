import { NextResponse, type NextRequest } from "next/server";
import { getEnv } from "@/lib/env";
import { decidePublicRoute, goneResponseHtml } from "@/lib/routing/public-redirects";

// A convenience only: without a next-auth session cookie, /admin/* goes straight to the login page.
// It proves nothing about the session; every admin page, action and route checks it itself
// (lib/auth/session.ts). The current path is passed on so a page can send the user back after login.
const SESSION_COOKIE = /^(__Secure-)?next-auth\.session-token(\.\d+)?$/;

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
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
  return NextResponse.next({ request: { headers: requestHeaders } });
}

// Reader URLs whose status a page cannot set itself (301 and 410); see lib/routing/public-redirects.ts.
async function publicRoute(request: NextRequest) {
  const decision = await decidePublicRoute(request.nextUrl.pathname);
  if (decision?.kind === "redirect") {
    return NextResponse.redirect(new URL(`${decision.location}${request.nextUrl.search}`, request.url), 301);
  }
  if (decision?.kind === "gone") {
    return new NextResponse(goneResponseHtml(getEnv().siteName), {
      status: 410,
      headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "public, max-age=0, s-maxage=300, stale-if-error=86400" },
    });
  }
  return NextResponse.next();
}

export const config = {
  matcher: ["/admin", "/admin/:path*", "/news/:path*", "/tag/:slug"],
};
