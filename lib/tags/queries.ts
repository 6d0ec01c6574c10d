import "server-only";
import { and, count, eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { articleTags, tagRedirects, tags, type Tag } from "@/db/schema";
import { publicListingWhere } from "@/lib/articles/visibility";

export type TagLookup = { kind: "tag"; tag: Tag } | { kind: "redirect"; slug: string } | { kind: "missing" };

/** A tag by slug; an old slug of a renamed or merged tag answers with where it lives now. */
export async function findTagBySlug(db: Executor, slug: string): Promise<TagLookup> {
  const [tag] = await db.select().from(tags).where(eq(tags.slug, slug));
  if (tag) return { kind: "tag", tag };
  const [moved] = await db
    .select({ slug: tags.slug })
    .from(tagRedirects)
    .innerJoin(tags, eq(tags.id, tagRedirects.tagId))
    .where(eq(tagRedirects.slug, slug));
  return moved ? { kind: "redirect", slug: moved.slug } : { kind: "missing" };
}

/** Public stories only: drafts never show up in counts either. */
export async function countPublicTagStories(db: Executor, tagId: number, now: Date): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(articleTags)
    .where(and(eq(articleTags.tagId, tagId), publicListingWhere(articleTags, now)));
  return row?.n ?? 0;
}
