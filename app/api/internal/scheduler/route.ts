import { getDb } from "@/db/client";
import { isSchedulerToken, refreshDueStories } from "@/lib/articles/schedule";

export const dynamic = "force-dynamic";

// Called every few seconds by this instance's own timer (instrumentation.ts) with a token derived
// from AUTH_SECRET; refused for anyone else. Revalidation needs a request context, hence a route.
export async function POST(request: Request) {
  if (!isSchedulerToken(request.headers.get("x-scheduler-token"))) {
    return Response.json({ error: "غير مصرح" }, { status: 401, headers: { "Cache-Control": "private, no-store" } });
  }
  const refreshed = await refreshDueStories(getDb());
  return Response.json({ refreshed }, { headers: { "Cache-Control": "private, no-store" } });
}
