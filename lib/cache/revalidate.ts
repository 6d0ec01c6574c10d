import "server-only";
import { revalidateTag } from "next/cache";

/**
 * Expires the given tags at once ({ expire: 0 }): a reader's next request must see the change,
 * not a stale copy. Works in server actions and route handlers alike. Outside a Next.js request
 * (operator scripts, tests) there is no cache to expire, so that case is a no-op.
 */
export function revalidateCacheTags(tags: Iterable<string>): void {
  for (const tag of new Set(tags)) {
    try {
      revalidateTag(tag, { expire: 0 });
    } catch (error) {
      if (!isOutsideNextRequest(error)) throw error;
    }
  }
}

function isOutsideNextRequest(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  // What next/cache 16 throws when called with no request in flight; anything else is a real error.
  return message.includes("static generation store missing");
}
