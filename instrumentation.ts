// Starts this instance's small in-process jobs: the scheduler, which expires caches when scheduled
// stories come due (visibility never depends on it; see lib/articles/schedule.ts), the views
// flush, which writes buffered «الأكثر قراءة» counts to Postgres (lib/views/flush.ts), and the wire
// desk's fetcher (lib/wire/poll.ts). All call internal routes on this instance: expiring caches
// needs a request.
const DEFAULT_INTERVAL_MS = 20_000;
const DEFAULT_VIEWS_FLUSH_MS = 15_000;
const DEFAULT_WIRE_TICK_MS = 30_000;
const DEFAULT_NEWSLETTER_TICK_MS = 5_000;

/** A positive interval from the environment, or the default. */
function intervalFromEnv(name: string, fallback: number, minimum: number): number {
  const configured = Number(process.env[name]);
  return Number.isFinite(configured) && configured >= minimum ? configured : fallback;
}

export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  // Before anything else: per-client login limits need each request's socket address.
  const { installSocketStamp } = await import("@/lib/http/socket-stamp");
  installSocketStamp();
  const { schedulerToken } = await import("@/lib/articles/schedule");
  const port = process.env.PORT || "3000";
  const every = (path: string, intervalMs: number) => {
    const timer = setInterval(() => {
      fetch(`http://127.0.0.1:${port}${path}`, {
        method: "POST",
        headers: { "x-scheduler-token": schedulerToken() },
      }).catch(() => {
        // The server may still be starting or the database briefly away: the next tick retries.
      });
    }, intervalMs);
    timer.unref();
  };
  // SCHEDULER_INTERVAL_MS: shorter in tests, so a story coming due is seen without a 20 s wait.
  every("/api/internal/scheduler", intervalFromEnv("SCHEDULER_INTERVAL_MS", DEFAULT_INTERVAL_MS, 200));
  every("/api/internal/views", intervalFromEnv("VIEWS_FLUSH_INTERVAL_MS", DEFAULT_VIEWS_FLUSH_MS, 1_000));
  // The wire desk's round: each source has its own interval; this is how often one is looked for.
  every("/api/internal/wire", intervalFromEnv("WIRE_POLL_TICK_MS", DEFAULT_WIRE_TICK_MS, 500));
  // Newsletters: queue the day's digests when due, and send what the outbox holds.
  every("/api/internal/newsletters", intervalFromEnv("NEWSLETTER_TICK_MS", DEFAULT_NEWSLETTER_TICK_MS, 200));

  // On shutdown, write the views this process holds in memory (lib/views/shutdown.ts).
  const { flushViewsOnShutdown } = await import("@/lib/views/shutdown");
  flushViewsOnShutdown();
}
