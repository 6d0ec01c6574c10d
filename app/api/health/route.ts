import { probeDatabase } from "@/lib/db-health";

export const dynamic = "force-dynamic";

// A load balancer's probe waits seconds, not the pool's full connect timeout.
const PROBE_DEADLINE_MS = 3000;
const NO_STORE = { "Cache-Control": "no-store" };

/**
 * 200 `{ db: "ok" }` while the database answers; 503 `{ db: "unavailable", reason }` within 3 s
 * while it does not, reason being refused | timeout | error. The driver's own message (hosts,
 * ports, SQL) stays out of a public response. The client reconnects by itself, so the next probe
 * after the database is back answers 200 without a restart.
 */
export async function GET() {
  const reason = await probeDatabase(PROBE_DEADLINE_MS);
  if (reason === "ok") return Response.json({ db: "ok" }, { headers: NO_STORE });
  return Response.json({ db: "unavailable", reason }, { status: 503, headers: NO_STORE });
}
