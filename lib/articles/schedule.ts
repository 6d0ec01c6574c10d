import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { and, eq, gt, lte, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { queryRows } from "@/db/client";
import { appMeta, articles } from "@/db/schema";
import { articleCacheRefs } from "@/lib/articles/cache-refs";
import { revalidateCacheTags } from "@/lib/cache/revalidate";
import { cacheTags, tagsForArticleChange } from "@/lib/cache/tags";
import { crossesScheduleBoundary } from "@/lib/front-page/layout";
import { readCurrentFrontPage } from "@/lib/front-page/queries";
import { getAuthSecret } from "@/lib/env";

// Scheduled stories become public by time alone (see publicArticleWhere in lib/articles/visibility); nothing here publishes.
// This only expires the cached lists (home, sections, tags, feeds) a story joins when its time
// comes, and the home page when a front-page slot's schedule starts or ends, so they change on the
// next request instead of after the cache's backstop.
const LAST_CHECK_KEY = "scheduler_checked_at";
const SCHEDULER_LOCK_KEY = 7_411_003;

export function schedulerToken(): string {
  return createHmac("sha256", getAuthSecret()).update("scheduler").digest("base64url");
}

export function isSchedulerToken(candidate: string | null): boolean {
  if (!candidate) return false;
  const expected = Buffer.from(schedulerToken());
  const given = Buffer.from(candidate);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Expires the caches of stories that came due since the last run; returns their ids. */
export async function refreshDueStories(db: Database, now = new Date()): Promise<number[] | null> {
  return db.transaction(async (tx) => {
    // Several instances share one Postgres: whoever holds the lock does the work this round.
    const [lock] = await queryRows<{ locked: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${SCHEDULER_LOCK_KEY}) as locked`);
    if (!lock?.locked) return null;
    const [last] = await tx.select().from(appMeta).where(eq(appMeta.key, LAST_CHECK_KEY));
    const since = last ? new Date(last.value) : new Date(now.getTime() - 24 * 3_600_000);
    const due = await tx
      .select({ id: articles.id })
      .from(articles)
      .where(and(eq(articles.status, "scheduled"), gt(articles.scheduledAt, since), lte(articles.scheduledAt, now)));
    await tx
      .insert(appMeta)
      .values({ key: LAST_CHECK_KEY, value: now.toISOString(), updatedAt: now })
      .onConflictDoUpdate({ target: appMeta.key, set: { value: now.toISOString(), updatedAt: now } });
    // A front-page slot that starts or ends changes the home page with no write to expire it.
    if (crossesScheduleBoundary((await readCurrentFrontPage(tx)).layout, since, now)) revalidateCacheTags([cacheTags.home]);
    if (!due.length) return [];
    const ids = due.map((d) => d.id);
    revalidateCacheTags(tagsForArticleChange({ articleIds: ids, ...(await articleCacheRefs(tx, ids)) }));
    return ids;
  });
}
