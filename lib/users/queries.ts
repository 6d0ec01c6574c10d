import "server-only";
import { asc, eq, inArray } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { users } from "@/db/schema";

// Reads of accounts as people: the admin's list, bylines and author pages. Reads that check
// credentials or sessions (sign-in, throttling, the session re-check) stay in lib/auth.

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
