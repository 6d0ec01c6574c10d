import "server-only";
import { getDb } from "@/db/client";
import { flushMemoryViews } from "@/lib/views/flush";

/** The longest a signalled exit waits for the views to be written. */
const SHUTDOWN_FLUSH_MS = 3_000;

/**
 * On SIGTERM or SIGINT, writes the views this process holds in memory (with Redis they wait there
 * for another instance's flush). Installed from instrumentation.ts (here rather than there: that
 * file is also compiled for the Edge runtime, which has no signals).
 *
 * `next start` handles the same signals itself: it closes its server and then calls process.exit
 * without waiting for anything of ours, and on an idle server that takes less time than one
 * transaction (measured: the views were lost). No hook of Next's runs outside a request, so the
 * exit is held here, only after a signal, until the write has settled or SHUTDOWN_FLUSH_MS passed.
 */
export function flushViewsOnShutdown(): void {
  let flushing: Promise<unknown> | null = null;
  const flush = () => {
    flushing ??= flushMemoryViews(getDb).catch((error: unknown) =>
      console.warn(`views: not flushed on shutdown (${error instanceof Error ? error.message : "error"})`),
    );
  };
  const exit = process.exit.bind(process);
  process.exit = ((code?: number | string | null) => {
    if (!flushing) return exit(code);
    const deadline = new Promise((resolve) => setTimeout(resolve, SHUTDOWN_FLUSH_MS));
    void Promise.race([flushing, deadline]).finally(() => exit(code));
    return undefined as never;
  }) as typeof process.exit;
  process.once("SIGTERM", flush);
  process.once("SIGINT", flush);
}
