import { getDb } from "@/db/client";
import { isSchedulerToken } from "@/lib/articles/schedule";
import { getEnv } from "@/lib/env";
import { withDatabaseOutage } from "@/lib/http/errors";
import { queueDueDigests } from "@/lib/newsletters/campaigns";
import { sendDueEmails } from "@/lib/newsletters/sender";
import { createMailTransport, type MailTransport } from "@/lib/newsletters/transport";

export const dynamic = "force-dynamic";

let transport: MailTransport | undefined;
// A round may outlast the timer's tick (a long batch at the send rate): one at a time per process.
let roundRunning = false;
const instance = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

// Called by this instance's own timer (instrumentation.ts) with the scheduler's token. Each round
// queues the day's digests once their time has come, then sends what is due; one instance at a
// time sends (lib/newsletters/sender.ts).
export const POST = withDatabaseOutage(async (request: Request): Promise<Response> => {
  if (!isSchedulerToken(request.headers.get("x-scheduler-token"))) {
    return Response.json({ error: "غير مصرح" }, { status: 401, headers: { "Cache-Control": "private, no-store" } });
  }
  if (roundRunning) return Response.json({ busy: true }, { headers: { "Cache-Control": "private, no-store" } });
  roundRunning = true;
  try {
    return await round();
  } finally {
    roundRunning = false;
  }
});

async function round(): Promise<Response> {
  const db = getDb();
  const digests = await queueDueDigests(db);
  if (digests.length) console.log(`newsletters: queued today's digest for ${digests.map((d) => `list ${d.listId} (${d.recipients} recipients)`).join(", ")}`);
  transport ??= createMailTransport();
  const report = await sendDueEmails(db, transport, { ratePerSecond: getEnv().newsletterSendRate, instance });
  if (report && report.sent + report.failed + report.bounced + report.retried > 0) {
    console.log(`newsletters: sent ${report.sent}, retrying ${report.retried}, failed ${report.failed}, bounced ${report.bounced} (${transport.describe})`);
  }
  return Response.json({ digests, report }, { headers: { "Cache-Control": "private, no-store" } });
}
