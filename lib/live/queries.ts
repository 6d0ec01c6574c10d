import "server-only";
import { and, desc, eq, isNull, sql, type SQL } from "drizzle-orm";
import { queryRows, type Executor } from "@/db/client";
import { liveEntries, liveEntryRevisions, media, type LiveEntry } from "@/db/schema";
import type { ArticleBody } from "@/lib/articles/body-schema";
import { publicArticleWhereRaw } from "@/lib/articles/visibility";

export type LiveEntryView = {
  id: number;
  title: string;
  body: ArticleBody;
  image: { id: number; path: string; width: number; height: number; alt: string; caption: string; credit: string } | null;
  pinned: boolean;
  key: boolean;
  version: number;
  postedAt: string;
  updatedAt: string;
};

/** A coverage's entries that are not deleted, as readers see them: pinned first, then newest first. */
export async function listLiveEntries(db: Executor, articleId: number): Promise<LiveEntryView[]> {
  return selectEntryViews(db, and(eq(liveEntries.articleId, articleId), isNull(liveEntries.deletedAt)));
}

/** One entry as readers see it (what the API answers after posting it); undefined once deleted. */
export async function getLiveEntryView(db: Executor, entryId: number): Promise<LiveEntryView | undefined> {
  const [view] = await selectEntryViews(db, and(eq(liveEntries.id, entryId), isNull(liveEntries.deletedAt)));
  return view;
}

async function selectEntryViews(db: Executor, where: SQL | undefined): Promise<LiveEntryView[]> {
  const rows = await db
    .select({ entry: liveEntries, image: media })
    .from(liveEntries)
    .leftJoin(media, eq(media.id, liveEntries.imageMediaId))
    .where(where)
    .orderBy(desc(liveEntries.pinned), desc(liveEntries.postedAt), desc(liveEntries.id));
  return rows.map(({ entry, image }) => ({
    id: entry.id,
    title: entry.title,
    body: entry.body,
    image: image ? { id: image.id, path: image.path, width: image.width, height: image.height, alt: image.alt, caption: image.caption, credit: image.credit } : null,
    pinned: entry.pinned,
    key: entry.key,
    version: entry.version,
    postedAt: entry.postedAt.toISOString(),
    updatedAt: entry.updatedAt.toISOString(),
  }));
}

export async function getLiveEntry(db: Executor, entryId: number): Promise<LiveEntry | undefined> {
  const [row] = await db.select().from(liveEntries).where(eq(liveEntries.id, entryId));
  return row;
}

/** How many revisions each entry of a story has (the admin shows edits). */
export async function countLiveEntryRevisions(db: Executor, articleId: number): Promise<Map<number, number>> {
  const rows = await db
    .select({ entryId: liveEntryRevisions.entryId, count: sql<number>`count(*)::int` })
    .from(liveEntryRevisions)
    .innerJoin(liveEntries, eq(liveEntries.id, liveEntryRevisions.entryId))
    .where(eq(liveEntries.articleId, articleId))
    .groupBy(liveEntryRevisions.entryId);
  return new Map(rows.map((row) => [row.entryId, Number(row.count)]));
}

/**
 * A short token that changes whenever a reader's view of the coverage changes: an entry posted,
 * edited, pinned or deleted (each sets updated_at), or the coverage ended. One indexed read.
 */
export async function readLiveToken(db: Executor, articleId: number, now: Date): Promise<{ token: string; state: "live" | "ended" | null } | null> {
  const [row] = await queryRows<{ live: boolean; ended_at: string | null; entries: number; changed_at: string | null; public: boolean }>(
    db,
    sql`select a.live, a.live_ended_at::text as ended_at, (${publicArticleWhereRaw("a", now)}) as public,
               (select count(*)::int from live_entries e where e.article_id = a.id and e.deleted_at is null) as entries,
               (select max(e.updated_at)::text from live_entries e where e.article_id = a.id) as changed_at
          from articles a where a.id = ${articleId}`,
  );
  // A story that is not public answers like a missing one: the token must not reveal a draft.
  if (!row?.public) return null;
  const state = !row.live ? null : row.ended_at ? "ended" : "live";
  return { token: `${row.entries}.${row.changed_at ?? "-"}.${row.ended_at ?? "-"}`, state };
}
