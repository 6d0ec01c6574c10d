import "server-only";
import { and, asc, desc, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { likePattern } from "@/db/like";
import { articles, articleTags, tagRedirects, tags } from "@/db/schema";
import { storiesVisibleTo, type Viewer } from "@/lib/articles/visibility";
import { normalizeArabic } from "@/lib/search/normalize";

export type AdminTagRow = { id: number; name: string; slug: string; aliases: string[]; storyCount: number; redirectCount: number };

/** Tags with their story counts, most used first; `q` matches the normalised name. */
export async function listTagsForAdmin(
  db: Executor,
  options: { q?: string; limit: number; offset?: number },
): Promise<{ rows: AdminTagRow[]; hasMore: boolean }> {
  const q = normalizeArabic(options.q ?? "").trim();
  const storyCount = sql<number>`(select count(*)::int from ${articleTags} where ${articleTags.tagId} = ${tags.id})`;
  const redirectCount = sql<number>`(select count(*)::int from ${tagRedirects} where ${tagRedirects.tagId} = ${tags.id})`;
  const rows = await db
    .select({ id: tags.id, name: tags.name, slug: tags.slug, aliases: tags.aliases, storyCount, redirectCount })
    .from(tags)
    .where(q ? sql`${tags.normalizedName} ilike ${likePattern(q)}` : undefined)
    .orderBy(desc(storyCount), asc(tags.name), asc(tags.id))
    .limit(options.limit + 1)
    .offset(options.offset ?? 0);
  return { rows: rows.slice(0, options.limit), hasMore: rows.length > options.limit };
}

/**
 * Autocomplete for the editor's tag picker: names containing the typed text after normalisation
 * (so «الكرمَلين» finds «الكرملين»), prefix matches and busy tags first. Only tags carried by a
 * story the viewer may read (lib/articles/visibility) are offered, and only those stories are
 * counted: a writer never learns a tag, or how many stories carry it, from another author's draft.
 * Editors and admins, who read every story, get every tag.
 */
export async function suggestTags(
  db: Executor,
  viewer: Viewer,
  query: string,
  options: { now: Date; limit?: number },
): Promise<{ id: number; name: string; storyCount: number }[]> {
  const q = normalizeArabic(query).trim();
  if (!q) return [];
  const visible = storiesVisibleTo(viewer, options.now);
  const carriers = visible
    ? sql`from ${articleTags} inner join ${articles} on ${articles.id} = ${articleTags.articleId} where ${articleTags.tagId} = ${tags.id} and ${visible}`
    : sql`from ${articleTags} where ${articleTags.tagId} = ${tags.id}`;
  const storyCount = sql<number>`(select count(*)::int ${carriers})`;
  return db
    .select({ id: tags.id, name: tags.name, storyCount })
    .from(tags)
    .where(and(sql`${tags.normalizedName} ilike ${likePattern(q)}`, visible ? sql`exists (select 1 ${carriers})` : undefined))
    .orderBy(sql`(${tags.normalizedName} ilike ${`${q}%`}) desc`, desc(storyCount), asc(tags.name))
    .limit(options.limit ?? 8);
}

/** Tags by name, for the dashboard's filter. */
export async function listTagOptions(db: Executor, limit = 300) {
  return db.select({ id: tags.id, name: tags.name }).from(tags).orderBy(asc(tags.name)).limit(limit);
}
