import "server-only";
import { revalidateTag } from "next/cache";
import { after } from "next/server";
import { replicasInUse, waitForReplicasToCatchUp } from "@/db/replicas";
import { purgeEdge } from "./edge-purge";

/**
 * Expires the given tags at once ({ expire: 0 }): a reader's next request must see the change,
 * not a stale copy. Works in server actions and route handlers alike, and purges the same tags at
 * the edge (EDGE_PURGE_URLS). Outside a Next.js request (operator scripts, the scheduler, tests)
 * there is no Next cache to expire here, but the edge purge still goes out.
 */
export function revalidateCacheTags(tags: Iterable<string>): void {
  const unique = [...new Set(tags)];
  if (!unique.length) return;
  expiriesIssued++;
  let insideRequest = true;
  for (const tag of unique) {
    try {
      revalidateTag(tag, { expire: 0 });
    } catch (error) {
      if (!isOutsideNextRequest(error)) throw error;
      insideRequest = false;
    }
  }
  if (insideRequest) purgeEdgeAfterResponse(unique);
  else purgeEdge(unique);
  if (insideRequest && replicasInUse()) runAfterResponse(() => expireAgainOnceReplicasCatchUp(unique));
}

/** How long a write's answer waits for the replicas to replay it (usually a few milliseconds). */
const REPLICA_SETTLE_MS = 1_000;
let expiriesIssued = 0;

/** A mark to pass to settleReplicasAfterWrites once the request's work is done. */
export function writeMark(): number {
  return expiriesIssued;
}

/**
 * Called by the write paths (withApiKey, staffAction) before they answer: when the request
 * expired anything and replicas serve reads, wait (at most REPLICA_SETTLE_MS) until they have
 * replayed it. Next applies the request's tag expiries as it answers, so the next reader, on any
 * instance, renders from a replica that has the write: the editor who just published sees it.
 * A replica slower than that is covered by the second expiry below.
 */
export async function settleReplicasAfterWrites(mark: number): Promise<void> {
  if (expiriesIssued === mark || !replicasInUse()) return;
  await waitForReplicasToCatchUp(REPLICA_SETTLE_MS).catch(() => false);
}

/**
 * With read replicas, the first reader after an expiry may be served by a replica that has not
 * replayed the write yet (usually milliseconds behind), and that page would be cached until the
 * next change. So once every replica in use has replayed the primary's WAL as of now (or the lag
 * limit has passed, after which a lagging replica is no longer used), the same tags are expired
 * again, in the shared cache and at the edge.
 */
async function expireAgainOnceReplicasCatchUp(tags: string[]): Promise<void> {
  try {
    await waitForReplicasToCatchUp();
  } catch (error) {
    console.warn(`cache: could not follow the replicas (${(error as { code?: string }).code ?? "error"}); expiring again now`);
  }
  // The cache handler itself, not next/cache: after the response there is no request to queue on.
  // Its state is process-wide (and in Redis when shared), the same Next's own instance uses.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS handler Next loads
  const PageCacheHandler = require("./page-cache-handler.js") as new () => { revalidateTag(tags: string[], durations: { expire: number }): Promise<void> };
  await new PageCacheHandler().revalidateTag(tags, { expire: 0 });
  purgeEdge(tags);
}

/**
 * Inside a request Next only queues revalidateTag and applies it when the action or route handler
 * ends. Purging the edge before that would let the next reader's miss fetch the old page from the
 * origin and store it again, so the purge waits for after(), which runs once the response is done.
 */
function purgeEdgeAfterResponse(tags: string[]): void {
  runAfterResponse(() => purgeEdge(tags));
}

function runAfterResponse(task: () => unknown): void {
  try {
    after(task);
  } catch {
    // A context where after() is not available: now beats never.
    void task();
  }
}

function isOutsideNextRequest(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  // What next/cache 16 throws when called with no request in flight; anything else is a real error.
  return message.includes("static generation store missing");
}
