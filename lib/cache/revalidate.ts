import "server-only";
import { revalidateTag } from "next/cache";
import { after } from "next/server";
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
}

/**
 * Inside a request Next only queues revalidateTag and applies it when the action or route handler
 * ends. Purging the edge before that would let the next reader's miss fetch the old page from the
 * origin and store it again, so the purge waits for after(), which runs once the response is done.
 */
function purgeEdgeAfterResponse(tags: string[]): void {
  try {
    after(() => purgeEdge(tags));
  } catch {
    // A context where after() is not available: purging now beats not purging.
    purgeEdge(tags);
  }
}

function isOutsideNextRequest(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  // What next/cache 16 throws when called with no request in flight; anything else is a real error.
  return message.includes("static generation store missing");
}
