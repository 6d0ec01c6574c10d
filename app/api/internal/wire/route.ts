import { getDb } from "@/db/client";
import { isSchedulerToken } from "@/lib/articles/schedule";
import { withDatabaseOutage } from "@/lib/http/errors";
import { pollDueSources, pollSettingsFromEnv } from "@/lib/wire/poll";

export const dynamic = "force-dynamic";

// Called by this instance's own timer (instrumentation.ts) with the scheduler's token; refused for
// anyone else. One instance per round polls the due sources (lib/wire/poll.ts).
export const POST = withDatabaseOutage(async (request: Request): Promise<Response> => {
  if (!isSchedulerToken(request.headers.get("x-scheduler-token"))) {
    return Response.json({ error: "غير مصرح" }, { status: 401, headers: { "Cache-Control": "private, no-store" } });
  }
  const polled = await pollDueSources(getDb(), pollSettingsFromEnv());
  if (polled?.length) {
    const summary = polled.map(({ sourceId, counts }) => `#${sourceId}: ${counts.error ? `error (${counts.error})` : `${counts.new} new, ${counts.duplicates} duplicates${counts.published ? `, ${counts.published} published` : ""}`}`);
    console.log(`wire: polled ${summary.join("; ")}`);
  }
  return Response.json({ polled }, { headers: { "Cache-Control": "private, no-store" } });
});
