import { getDb } from "@/db/client";
import { isSchedulerToken } from "@/lib/articles/schedule";
import { withDatabaseOutage } from "@/lib/http/errors";
import { flushViews } from "@/lib/views/flush";

export const dynamic = "force-dynamic";

// The views flush (lib/views/flush.ts), called every VIEWS_FLUSH_INTERVAL_MS by this instance's
// own timer (instrumentation.ts) with the scheduler's token, derived from AUTH_SECRET; refused for
// anyone else. A route rather than a plain timer job: expiring the cached lists needs a request.
// `?refresh=1` expires the lists now instead of on their clock (the e2e test, an operator).
export const POST = withDatabaseOutage(async (request: Request): Promise<Response> => {
  if (!isSchedulerToken(request.headers.get("x-scheduler-token"))) {
    return Response.json({ error: "غير مصرح" }, { status: 401, headers: { "Cache-Control": "private, no-store" } });
  }
  const forceRefresh = new URL(request.url).searchParams.get("refresh") === "1";
  const result = await flushViews(getDb(), { forceRefresh });
  return Response.json(result, { headers: { "Cache-Control": "private, no-store" } });
});
