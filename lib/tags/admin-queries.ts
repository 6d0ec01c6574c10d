import "server-only";
import { asc, desc, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { articleTags, tagRedirects, tags } from "@/db/schema";
import { normalizeArabic } from "@/lib/search/normalize";

export type AdminTagRow = { id: number; name: string; slug: string; storyCount: number; redirectCount: number };

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Tags with their story counts, most used first; `q` matches the normalised name. */
export async function listTagsForAdmin(
  db: Executor,
  options: { q?: string; limit: number; offset?: number },
): Promise<{ rows: AdminTagRow[]; hasMore: boolean }> {
  const q = normalizeArabic(options.q ?? "").trim();
  const storyCount = sql<number>`(select count(*)::int from ${articleTags} where ${articleTags.tagId} = ${tags.id})`;
  const redirectCount = sql<number>`(select count(*)::int from ${tagRedirects} where ${tagRedirects.tagId} = ${tags.id})`;
  const rows = await db
    .select({ id: tags.id, name: tags.name, slug: tags.slug, storyCount, redirectCount })
    .from(tags)
    .where(q ? sql`${tags.normalizedName} ilike ${likePattern(q)}` : undefined)
    .orderBy(desc(storyCount), asc(tags.name), asc(tags.id))
    .limit(options.limit + 1)
    .offset(options.offset ?? 0);
  return { rows: rows.slice(0, options.limit), hasMore: rows.length > options.limit };
}

/**
 * Autocomplete for the editor's tag picker: names containing the typed text after normalisation
 * (so «الكرمَلين» finds «الكرملين»), prefix matches and busy tags first.
 */
export async function suggestTags(db: Executor, query: string, limit = 8): Promise<{ id: number; name: string; storyCount: number }[]> {
  const q = normalizeArabic(query).trim();
  if (!q) return [];
  const storyCount = sql<number>`(select count(*)::int from ${articleTags} where ${articleTags.tagId} = ${tags.id})`;
  return db
    .select({ id: tags.id, name: tags.name, storyCount })
    .from(tags)
    .where(sql`${tags.normalizedName} ilike ${likePattern(q)}`)
    .orderBy(sql`(${tags.normalizedName} ilike ${`${q}%`}) desc`, desc(storyCount), asc(tags.name))
    .limit(limit);
}
