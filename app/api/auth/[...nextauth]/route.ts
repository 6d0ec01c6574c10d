import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/options";
import { payloadTooLarge, readBodyWithin } from "@/lib/http/body-limit";

export const dynamic = "force-dynamic";

// A sign-in form is an e-mail, a password, a CSRF token and a callback path: well under a kilobyte.
// next-auth would read whatever it is sent, so the body is read here first, up to this limit.
const AUTH_BODY_LIMIT_BYTES = 16 * 1024;

type Context = { params: Promise<{ nextauth: string[] }> };

async function handler(request: NextRequest, context: Context) {
  if (request.method !== "GET" && request.method !== "HEAD") {
    const body = await readBodyWithin(request, AUTH_BODY_LIMIT_BYTES);
    if (body === null) return payloadTooLarge(AUTH_BODY_LIMIT_BYTES);
    request = new NextRequest(request.url, { method: request.method, headers: request.headers, body });
  }
  return NextAuth(request, context, authOptions());
}

export { handler as GET, handler as POST };
