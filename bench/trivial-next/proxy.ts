import { NextResponse } from "next/server";

// Turbopack looks for proxy.ts and instrumentation.ts from the project folder upward, so without
// these two it would build the portal's own (the repo root's) into the trivial app. This proxy
// matches no URL the bench requests: the floor stays a page served straight from Next's cache.
export function proxy() {
  return NextResponse.next();
}

export const config = { matcher: "/__bench-never-matches" };
