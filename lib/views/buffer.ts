// Views waiting to be written: a count per (story, hour), nothing else. The flush (flush.ts) takes
// them in one batch; a page view itself never writes to the database.

export const HOUR_MS = 3_600_000;

/** Hours since the epoch (UTC): the bucket a view at `ms` falls in. */
export const hourNumber = (ms: number): number => Math.floor(ms / HOUR_MS);

export type ViewCount = { storyId: number; hour: number; views: number };

/** "<story>:<hour>": the key of a count, here and in Redis's buffer hash. */
export const countKey = (storyId: number, hour: number): string => `${storyId}:${hour}`;

/** A countKey and its count back as a ViewCount; null for anything else (a hand-made Redis field). */
export function parseCount(key: string, views: string | number): ViewCount | null {
  const match = /^(\d{1,10}):(\d{1,7})$/.exec(key);
  const count = Number(views);
  if (!match || !Number.isSafeInteger(count) || count <= 0) return null;
  return { storyId: Number(match[1]), hour: Number(match[2]), views: count };
}

/**
 * One process's buffer (without Redis, or while Redis is away). Bounded: story ids are checked
 * against public stories only at the flush, so a client posting made-up ids could otherwise grow
 * it without limit. Past `maxEntries` new (story, hour) pairs are refused until the next flush;
 * stories already counted keep counting.
 */
export class ViewBuffer {
  private counts = new Map<string, number>();

  constructor(private readonly maxEntries = 20_000) {}

  /** Adds views; false when the buffer is full and this (story, hour) is not in it yet. */
  add(storyId: number, hour: number, views = 1): boolean {
    const key = countKey(storyId, hour);
    const current = this.counts.get(key);
    if (current === undefined && this.counts.size >= this.maxEntries) return false;
    this.counts.set(key, (current ?? 0) + views);
    return true;
  }

  /** Everything counted so far, leaving the buffer empty. */
  take(): ViewCount[] {
    const taken = this.counts;
    this.counts = new Map();
    return [...taken].flatMap(([key, views]) => parseCount(key, views) ?? []);
  }

  /** Puts a batch back after its write failed, so the next flush tries again. */
  restore(counts: ViewCount[]): void {
    for (const count of counts) this.add(count.storyId, count.hour, count.views);
  }

  get size(): number {
    return this.counts.size;
  }
}
