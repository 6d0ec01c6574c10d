import "server-only";
import { eq, lt, sql } from "drizzle-orm";
import { queryRows, type Database, type Executor } from "@/db/client";
import { appMeta, storyViewsHourly } from "@/db/schema";
import { publicArticleWhereRaw } from "@/lib/articles/visibility";
import { revalidateCacheTags } from "@/lib/cache/revalidate";
import { cacheTags } from "@/lib/cache/tags";
import { HOUR_MS, hourNumber, type ViewCount } from "@/lib/views/buffer";
import type { RedisBatch } from "@/lib/views/redis-store";
import { existingViewsState, viewsState, type ViewsState } from "@/lib/views/record";

// Writes buffered views to story_views_hourly in batches: called every VIEWS_FLUSH_INTERVAL_MS by
// each instance's own timer (instrumentation.ts → app/api/internal/views) and, for this process's
// memory, on shutdown. Each instance writes its own memory buffer; the shared Redis buffer, the
// retention delete and the lists' refresh are done by whichever instance holds the advisory lock.

const VIEWS_LOCK_KEY = 7_411_013;
/** Hours of counts kept; the lists read 24, the rest is for looking back. */
export const RETENTION_HOURS = 7 * 24;
/**
 * How often the flush expires the cached «الأكثر قراءة» lists on the home and section pages.
 * Counts change with every view, so the lists are refreshed on a clock, not per write: five
 * minutes keeps them current without re-rendering (and purging at the edge) those pages on every
 * flush. Article pages refresh theirs on their own 5-minute backstop (lib/pages/most-read.ts).
 */
export const MOST_READ_REFRESH_MS = 5 * 60_000;
const REFRESHED_KEY = "most_read_refreshed_at";
const REDIS_BATCH_KEY = "views_redis_batch_applied";
/** Rows per INSERT: three int arrays of this length stay well under any parameter limit. */
const WRITE_CHUNK = 5_000;

const intArray = (values: number[]) => `{${values.join(",")}}`;

/**
 * Adds `counts` to story_views_hourly, for public stories only: an unknown, draft or withdrawn id
 * (the beacon checks none) is dropped by the join, in the same statement. Hours outside the
 * retention window, or ahead of this clock by more than one hour, are dropped too. Rows are
 * written in (story, hour) order, so two instances flushing at once lock them in the same order
 * and never deadlock. Returns the number of (story, hour) rows written.
 */
export async function writeViewCounts(db: Executor, counts: ViewCount[], now: Date): Promise<number> {
  const current = hourNumber(now.getTime());
  const sorted = counts
    .filter((count) => count.hour > current - RETENTION_HOURS && count.hour <= current + 1)
    .sort((a, b) => a.storyId - b.storyId || a.hour - b.hour);
  let written = 0;
  for (let start = 0; start < sorted.length; start += WRITE_CHUNK) {
    const chunk = sorted.slice(start, start + WRITE_CHUNK);
    const rows = await queryRows<{ articleId: number }>(
      db,
      sql`insert into ${storyViewsHourly} (article_id, hour, views)
          select v.article_id, to_timestamp(v.hour_number::bigint * 3600), v.views
            from unnest(${intArray(chunk.map((c) => c.storyId))}::int[], ${intArray(chunk.map((c) => c.hour))}::int[],
                        ${intArray(chunk.map((c) => c.views))}::int[]) as v(article_id, hour_number, views)
            join articles a on a.id = v.article_id
           where ${publicArticleWhereRaw("a", now)}
           order by v.article_id, v.hour_number
          on conflict (article_id, hour) do update set views = ${storyViewsHourly.views} + excluded.views
          returning article_id as "articleId"`,
    );
    written += rows.length;
  }
  return written;
}

/** Deletes hours older than RETENTION_HOURS. */
export async function pruneOldViews(db: Executor, now: Date): Promise<void> {
  const oldestKept = new Date((hourNumber(now.getTime()) - RETENTION_HOURS + 1) * HOUR_MS);
  await db.delete(storyViewsHourly).where(lt(storyViewsHourly.hour, oldestKept));
}

/** Whether the lists are due for a refresh (or `force`d), recording it if so. Under the lock. */
async function claimListRefresh(db: Executor, now: Date, force: boolean): Promise<boolean> {
  const due = new Date(now.getTime() - MOST_READ_REFRESH_MS);
  const claimed = await db
    .insert(appMeta)
    .values({ key: REFRESHED_KEY, value: now.toISOString(), updatedAt: now })
    .onConflictDoUpdate({
      target: appMeta.key,
      set: { value: now.toISOString(), updatedAt: now },
      ...(force ? {} : { setWhere: lt(appMeta.updatedAt, due) }),
    })
    .returning({ key: appMeta.key });
  return claimed.length > 0;
}

/** Writes the shared Redis batch unless this very batch was already committed (a flush that died). */
async function writeRedisBatch(db: Executor, batch: RedisBatch, now: Date): Promise<number> {
  const [applied] = await db.select().from(appMeta).where(eq(appMeta.key, REDIS_BATCH_KEY));
  if (applied?.value === batch.id) return 0;
  const written = await writeViewCounts(db, batch.counts, now);
  await db
    .insert(appMeta)
    .values({ key: REDIS_BATCH_KEY, value: batch.id, updatedAt: now })
    .onConflictDoUpdate({ target: appMeta.key, set: { value: batch.id, updatedAt: now } });
  return written;
}

export type FlushResult = {
  /** (story, hour) rows written this round. */
  written: number;
  /** Whether this instance held the lock (and so also flushed Redis and pruned). */
  locked: boolean;
  /** Whether the cached lists were expired. */
  refreshed: boolean;
};

/**
 * One flush round. `forceRefresh` expires the cached lists whatever the clock says (the e2e test
 * and an operator use it through the internal route); otherwise they are expired once per
 * MOST_READ_REFRESH_MS, by a round that wrote something.
 */
export async function flushViews(
  db: Database,
  { now = new Date(), forceRefresh = false, state = viewsState() }: { now?: Date; forceRefresh?: boolean; state?: ViewsState } = {},
): Promise<FlushResult> {
  const memory = state.memory.take();
  // Set inside the transaction, read after its commit.
  const taken: { batch: RedisBatch | null } = { batch: null };
  let result: FlushResult;
  try {
    result = await db.transaction(async (tx) => {
      // A forced refresh waits for the lock (a timer's round may hold it for a moment); the
      // timers' rounds never wait: whoever holds it does the shared work this round.
      const [lock] = forceRefresh
        ? await queryRows<{ locked: boolean }>(tx, sql`select pg_advisory_xact_lock(${VIEWS_LOCK_KEY}) is not null as locked`)
        : await queryRows<{ locked: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${VIEWS_LOCK_KEY}) as locked`);
      let written = await writeViewCounts(tx, memory, now);
      if (!lock?.locked) return { written, locked: false, refreshed: false };
      const redis = state.redis;
      if (redis?.ready) {
        taken.batch = await redis.takeBatch().catch((error: { code?: string }) => {
          redis.warn(`views: could not take the shared buffer from Redis (${error?.code ?? "error"}); next round`);
          return null;
        });
        if (taken.batch) written += await writeRedisBatch(tx, taken.batch, now);
      }
      await pruneOldViews(tx, now);
      const refreshed = (forceRefresh || written > 0) && (await claimListRefresh(tx, now, forceRefresh));
      return { written, locked: true, refreshed };
    });
  } catch (error) {
    // Nothing was committed: this process's counts wait for the next round (Redis's stay in Redis).
    state.memory.restore(memory);
    throw error;
  }
  if (taken.batch && state.redis) {
    const redis = state.redis;
    await redis.finishBatch().catch((error: { code?: string }) => {
      // Left in Redis: the next round finds it, sees its id committed, and only deletes it.
      redis.warn(`views: could not clear the flushed batch in Redis (${error?.code ?? "error"})`);
    });
  }
  if (result.refreshed) revalidateCacheTags([cacheTags.mostRead]);
  return result;
}

/**
 * On shutdown: this process's memory only, no lock, no refresh. Best effort. Opens no database
 * (`database` is called only when there is something to write) and starts no Redis client.
 */
export async function flushMemoryViews(database: () => Database, now = new Date()): Promise<number> {
  const memory = existingViewsState()?.memory.take() ?? [];
  return memory.length ? writeViewCounts(database(), memory, now) : 0;
}
