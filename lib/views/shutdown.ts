import "server-only";
import { getDb } from "@/db/client";
import { flushMemoryViews } from "@/lib/views/flush";

/**
 * On SIGTERM or SIGINT, writes the views this process holds in memory (with Redis they wait there
 * for another instance's flush). Best effort: Next exits once its own server has closed, usually
 * after this one short transaction, but it does not wait for it. Installed from instrumentation.ts
 * (here rather than there: that file is also compiled for the Edge runtime, which has no signals).
 */
export function flushViewsOnShutdown(): void {
  const flush = () => {
    flushMemoryViews(getDb).catch((error: unknown) =>
      console.warn(`views: not flushed on shutdown (${error instanceof Error ? error.message : "error"})`),
    );
  };
  process.once("SIGTERM", flush);
  process.once("SIGINT", flush);
}
