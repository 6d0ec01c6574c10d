import "server-only";
import { asc, eq, inArray } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { articleAuthors, users, type User } from "@/db/schema";

// Reads of accounts: the admin's list, bylines, author pages and the sign-in lookup. Two reads stay
// in lib/auth as parts of its checks: the session re-check (lib/auth/staff.ts, one round trip
// together with revoked_sessions) and the login throttle's reset time (lib/auth/rate-limit.ts).

export async function listUsers(db: Executor) {
  return db
    .select({
      id: users.id,
      email: users.email,
      displayName: users.displayName,
      slug: users.slug,
      role: users.role,
      disabled: users.disabled,
      createdAt: users.createdAt,
    })
    .from(users)
    .orderBy(asc(users.disabled), asc(users.displayName), asc(users.id));
}

/** The account behind a sign-in; `email` is already normalised (lower-case, trimmed). */
export async function findUserByEmail(db: Executor, email: string): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(eq(users.email, email));
  return user;
}

/** Which of these ids are accounts that exist, in no particular order. */
export async function listExistingUserIds(db: Executor, ids: number[]): Promise<number[]> {
  return (await db.select({ id: users.id }).from(users).where(inArray(users.id, ids))).map((row) => row.id);
}

/** People who can be credited on a byline: every enabled account. */
export async function listAuthorOptions(db: Executor) {
  return db
    .select({ id: users.id, name: users.displayName, role: users.role })
    .from(users)
    .where(eq(users.disabled, false))
    .orderBy(asc(users.displayName));
}

export async function getAuthorBySlug(db: Executor, slug: string) {
  const [row] = await db
    .select({ id: users.id, slug: users.slug, displayName: users.displayName, bio: users.bio })
    .from(users)
    .where(eq(users.slug, slug));
  return row;
}

/** Author ids in the given order, and the slugs that match no user. */
export async function findAuthorIdsBySlugs(db: Executor, slugs: string[]): Promise<{ ids: number[]; unknown: string[] }> {
  if (slugs.length === 0) return { ids: [], unknown: [] };
  const rows = await db.select({ id: users.id, slug: users.slug }).from(users).where(inArray(users.slug, slugs));
  const bySlug = new Map(rows.map((row) => [row.slug, row.id]));
  const ids: number[] = [];
  const unknown: string[] = [];
  for (const slug of slugs) {
    const id = bySlug.get(slug);
    if (id === undefined) unknown.push(slug);
    else ids.push(id);
  }
  return { ids, unknown };
}

export type StoryAuthor = { id: number; name: string; slug: string };

/**
 * The authors of each given story, in byline order, in one query: every list, page, feed and API
 * answer that shows a story's authors reads them here. Stories without authors get an empty list.
 */
export async function loadStoryAuthors(db: Executor, articleIds: number[]): Promise<Map<number, StoryAuthor[]>> {
  const byStory = new Map<number, StoryAuthor[]>(articleIds.map((id) => [id, []]));
  if (articleIds.length === 0) return byStory;
  const rows = await db
    .select({ articleId: articleAuthors.articleId, id: users.id, name: users.displayName, slug: users.slug })
    .from(articleAuthors)
    .innerJoin(users, eq(users.id, articleAuthors.userId))
    .where(inArray(articleAuthors.articleId, articleIds))
    .orderBy(asc(articleAuthors.articleId), asc(articleAuthors.position));
  for (const { articleId, ...author } of rows) byStory.get(articleId)?.push(author);
  return byStory;
}
