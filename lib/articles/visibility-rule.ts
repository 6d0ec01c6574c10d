import type { ArticleStatus } from "@/db/schema";

// When a story is public, as plain data: no database and no "server-only", so the editor's client
// components, the proxy's cached route facts and the seed scripts share it. The SQL forms of the
// same rule are in lib/articles/visibility.ts, built from LISTED_STATUSES below.
//
// Visibility is computed from time, never from a job having run: a story is public when it is
// published, or scheduled with its time come. first_published_at holds the scheduled time (see
// db/schema.ts), so one range test covers both.

/** Statuses whose stories are listed once first_published_at has passed. */
export const LISTED_STATUSES = ["published", "scheduled"] as const satisfies readonly ArticleStatus[];

export const isListedStatus = (status: ArticleStatus): boolean => (LISTED_STATUSES as readonly ArticleStatus[]).includes(status);

/** The part of a story the rule reads; dates may be Dates (rows) or ISO strings (cached page data). */
export type VisibilityFacts = { status: ArticleStatus; firstPublishedAt: Date | string | null };

/** Whether readers may see the story at `now`. */
export function isPublicAt(story: VisibilityFacts, now: Date): boolean {
  if (!isListedStatus(story.status) || story.firstPublishedAt === null) return false;
  return new Date(story.firstPublishedAt).getTime() <= now.getTime();
}
