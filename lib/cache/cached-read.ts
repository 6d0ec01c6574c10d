import "server-only";
import { unstable_cache } from "next/cache";

// Reads behind public pages go through Next's data cache under named tags (lib/cache/tags.ts).
// The time-based lifetime is only a backstop for writes made outside the app (operator scripts);
// every write in the app expires exactly the tags it touched.
export const BACKSTOP_SECONDS = 300;

class UncachedResult<T> {
  constructor(readonly value: T) {}
}

/**
 * A cached read whose misses (unknown slug, id or cursor; a story that is not public) are returned
 * but never stored: a crawler or a bot walking random URLs must not grow the cache.
 */
export async function cachedReadUnlessMissing<T>(
  keyParts: string[],
  tags: string[],
  read: () => Promise<T>,
  isMissing: (value: T) => boolean,
): Promise<T> {
  const cached = unstable_cache(
    async () => {
      const value = await read();
      // Throwing is the one way to leave unstable_cache without storing the result.
      if (isMissing(value)) throw new UncachedResult(value);
      return value;
    },
    keyParts,
    { tags, revalidate: BACKSTOP_SECONDS },
  );
  try {
    return await cached();
  } catch (outcome) {
    if (outcome instanceof UncachedResult) return outcome.value as T;
    throw outcome;
  }
}
