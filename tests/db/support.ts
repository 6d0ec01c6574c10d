import type { DatabaseHandle } from "@/db/client";
import { openThrowawayDatabase } from "@/db/throwaway";

/**
 * A fresh, migrated database for one test file: a new Postgres database next to DATABASE_URL's
 * (dropped afterwards), or an in-memory PGlite when DATABASE_URL is unset. It is also installed
 * as the process's database, so lib/ functions that call getDb() use it.
 */
export function openTestDatabase(): Promise<{ handle: DatabaseHandle; close: () => Promise<void> }> {
  return openThrowawayDatabase(`newsroom_t_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`);
}
