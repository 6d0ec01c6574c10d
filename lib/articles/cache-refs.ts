import "server-only";
import { eq, inArray } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { articleAuthors, articles, articleTags, sections, tags, users } from "@/db/schema";

export type ArticleCacheRefs = { sectionSlugs: string[]; tagSlugs: string[]; authorSlugs: string[] };

/** The section, tag and author slugs the given stories appear under right now: their cache tags. */
export async function articleCacheRefs(tx: Executor, articleIds: number[]): Promise<ArticleCacheRefs> {
  if (!articleIds.length) return { sectionSlugs: [], tagSlugs: [], authorSlugs: [] };
  const [sectionRows, tagRows, authorRows] = await Promise.all([
    tx
      .selectDistinct({ slug: sections.slug })
      .from(articles)
      .innerJoin(sections, eq(sections.id, articles.sectionId))
      .where(inArray(articles.id, articleIds)),
    tx
      .selectDistinct({ slug: tags.slug })
      .from(articleTags)
      .innerJoin(tags, eq(tags.id, articleTags.tagId))
      .where(inArray(articleTags.articleId, articleIds)),
    tx
      .selectDistinct({ slug: users.slug })
      .from(articleAuthors)
      .innerJoin(users, eq(users.id, articleAuthors.userId))
      .where(inArray(articleAuthors.articleId, articleIds)),
  ]);
  return {
    sectionSlugs: sectionRows.map((r) => r.slug),
    tagSlugs: tagRows.map((r) => r.slug),
    authorSlugs: authorRows.map((r) => r.slug),
  };
}
