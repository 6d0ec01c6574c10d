import { getDb } from "@/db/client";
import { getEnv } from "@/lib/env";
import { withDatabaseOutage } from "@/lib/http/errors";
import { unsubscribeByToken } from "@/lib/newsletters/subscriptions";
import { paths } from "@/lib/urls";

export const dynamic = "force-dynamic";

/**
 * POST /newsletter/one-click?token=…: RFC 8058 one-click unsubscribe. Mail clients POST
 * "List-Unsubscribe=One-Click" here with no cookie and no login; the unsubscribe page's button
 * posts the same. Only a POST acts: link scanners that fetch URLs with GET change nothing.
 */
export const POST = withDatabaseOutage(async (request: Request): Promise<Response> => {
  const token = new URL(request.url).searchParams.get("token");
  const done = await unsubscribeByToken(getDb(), token);
  const fromPage = (request.headers.get("accept") ?? "").includes("text/html");
  if (fromPage) {
    const query = done ? `done=1&list=${encodeURIComponent(done.listName)}` : "invalid=1";
    return new Response(null, { status: 303, headers: { Location: `${getEnv().siteUrl}${paths.newsletter()}/unsubscribe?${query}`, "Cache-Control": "private, no-store" } });
  }
  return new Response(done ? "unsubscribed\n" : "invalid link\n", { status: done ? 200 : 400, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" } });
});
