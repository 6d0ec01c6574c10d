import { getDb } from "@/db/client";
import { isSchedulerToken, refreshDueStories } from "@/lib/articles/schedule";
import { withDatabaseOutage } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

// Called every few seconds by this instance's own timer (instrumentation.ts) with a token derived
// from AUTH_SECRET; refused for anyone else. Revalidation needs a request context, hence a route.
export const POST = withDatabaseOutage(async (request: Request): Promise<Response> => {
  if (!isSchedulerToken(request.headers.get("x-scheduler-token"))) {
    return Response.json({ error: "غير مصرح" }, { status: 401, headers: { "Cache-Control": "private, no-store" } });
  }
  const refreshed = await refreshDueStories(getDb());
  // Several instances run this timer; one takes each round (an advisory lock). Said in the log, so
  // an operator (and the cluster test) can see which one expired what.
  if (refreshed?.length) console.log(`scheduler: expired the cached lists of stories that came due: ${refreshed.join(", ")}`);
  return Response.json({ refreshed }, { headers: { "Cache-Control": "private, no-store" } });
});
