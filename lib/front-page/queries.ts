import "server-only";
import { desc, eq, inArray } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { articles, frontPageRevisions, users, type ArticleStatus, type FrontPageLayout } from "@/db/schema";
import { EMPTY_LAYOUT } from "@/lib/front-page/layout";

export type CurrentFrontPage = { version: number; layout: FrontPageLayout; savedAt: Date | null };

/** The front page as last saved: the newest revision, or the empty layout (version 0) before the first save. */
export async function readCurrentFrontPage(db: Executor): Promise<CurrentFrontPage> {
  const [row] = await db
    .select({ version: frontPageRevisions.version, layout: frontPageRevisions.layout, savedAt: frontPageRevisions.savedAt })
    .from(frontPageRevisions)
    .orderBy(desc(frontPageRevisions.version))
    .limit(1);
  return row ?? { version: 0, layout: EMPTY_LAYOUT, savedAt: null };
}

export async function getFrontPageRevision(db: Executor, revisionId: number) {
  const [row] = await db.select().from(frontPageRevisions).where(eq(frontPageRevisions.id, revisionId));
  return row;
}

/** The newest revisions, with who saved each (null: a user since deleted, or the system). */
export async function listFrontPageRevisions(db: Executor, limit = 20) {
  return db
    .select({
      id: frontPageRevisions.id,
      version: frontPageRevisions.version,
      note: frontPageRevisions.note,
      savedAt: frontPageRevisions.savedAt,
      savedByName: users.displayName,
      layout: frontPageRevisions.layout,
    })
    .from(frontPageRevisions)
    .leftJoin(users, eq(users.id, frontPageRevisions.savedBy))
    .orderBy(desc(frontPageRevisions.version))
    .limit(limit);
}

export type SlotStory = { id: number; title: string; status: ArticleStatus; isBreaking: boolean };

/** Titles and statuses of the stories a layout places, for the admin (any status: it shows why one is not on the page). */
export async function listSlotStories(db: Executor, ids: number[]): Promise<SlotStory[]> {
  if (!ids.length) return [];
  return db
    .select({ id: articles.id, title: articles.title, status: articles.status, isBreaking: articles.isBreaking })
    .from(articles)
    .where(inArray(articles.id, ids));
}
