// Starts the small in-process job that expires caches when scheduled stories come due.
// Visibility never depends on it (see lib/articles/schedule.ts); it only keeps lists fresh.
const DEFAULT_INTERVAL_MS = 20_000;

export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  // Before anything else: per-client login limits need each request's socket address.
  const { installSocketStamp } = await import("@/lib/http/socket-stamp");
  installSocketStamp();
  const { schedulerToken } = await import("@/lib/articles/schedule");
  const port = process.env.PORT || "3000";
  // SCHEDULER_INTERVAL_MS: shorter in tests, so a story coming due is seen without a 20 s wait.
  const configured = Number(process.env.SCHEDULER_INTERVAL_MS);
  const intervalMs = Number.isFinite(configured) && configured >= 200 ? configured : DEFAULT_INTERVAL_MS;
  const timer = setInterval(() => {
    fetch(`http://127.0.0.1:${port}/api/internal/scheduler`, {
      method: "POST",
      headers: { "x-scheduler-token": schedulerToken() },
    }).catch(() => {
      // The server may still be starting or the database briefly away: the next tick retries.
    });
  }, intervalMs);
  timer.unref();
}
