import { NextResponse, type NextRequest } from "next/server";

// A convenience only: without a next-auth session cookie, /admin/* goes straight to the login page.
// It proves nothing about the session; every admin page, action and route checks it itself
// (lib/auth/session.ts). The current path is passed on so a page can send the user back after login.
const SESSION_COOKIE = /^(__Secure-)?next-auth\.session-token(\.\d+)?$/;

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
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

export const config = {
  matcher: ["/admin", "/admin/:path*"],
};
