import "server-only";
import { asc, eq, gt, inArray, sql } from "drizzle-orm";
import { queryRows, type Executor } from "@/db/client";
import { articleTags, tagRedirects, tags, type Tag } from "@/db/schema";
import { publicListingWhereRaw } from "@/lib/articles/visibility";
import { slugify } from "@/lib/i18n/slug";
import { encodeIdCursor } from "@/lib/pagination/cursor";
import { tagIdentity } from "@/lib/tags/resolve";
import { absoluteUrl, paths } from "@/lib/urls";

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

/** A tag by name, the way editors know it: its identity finds it whatever the spelling. */
export async function findTagByName(db: Executor, name: string): Promise<{ id: number } | undefined> {
  const [tag] = await db.select({ id: tags.id }).from(tags).where(eq(tags.normalizedName, tagIdentity(name)));
  return tag;
}

/**
 * Tag names as they are now: a tag renamed or merged since (a revision's snapshot, say) would
 * otherwise come back as a new tag, so the redirect of its old slug leads to the tag that holds it now.
 */
export async function findCurrentTagNames(db: Executor, names: string[]): Promise<string[]> {
  if (!names.length) return [];
  const live = await db.select({ normalizedName: tags.normalizedName }).from(tags).where(inArray(tags.normalizedName, names.map(tagIdentity)));
  const liveIdentities = new Set(live.map((t) => t.normalizedName));
  const result: string[] = [];
  for (const name of names) {
    if (liveIdentities.has(tagIdentity(name))) {
      result.push(name);
      continue;
    }
    const [moved] = await db
      .select({ name: tags.name })
      .from(tagRedirects)
      .innerJoin(tags, eq(tags.id, tagRedirects.tagId))
      .where(eq(tagRedirects.slug, slugify(name, 60)));
    result.push(moved?.name ?? name);
  }
  return [...new Set(result)];
}

/** Public stories only: drafts never show up in counts either. */
/**
 * A tag page counts its stories up to this many and then says «أكثر من»: counting all 170,000
 * stories of a popular tag took half a second at a million stories, for a figure no reader needs exact.
 */
export const TAG_STORY_COUNT_CAP = 1000;

/** Public stories carrying the tag, counted up to `cap`; `more` says there are more than that. */
export async function countPublicTagStories(
  db: Executor,
  tagId: number,
  now: Date,
  cap = TAG_STORY_COUNT_CAP,
): Promise<{ count: number; more: boolean }> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from (
          select 1 from article_tags t where t.tag_id = ${tagId} and ${publicListingWhereRaw("t", now)} limit ${cap + 1}
        ) capped`,
  );
  const counted = row?.n ?? 0;
  return counted > cap ? { count: cap, more: true } : { count: counted, more: false };
}

export type StoryTag = { id: number; name: string; slug: string };

/**
 * The tags of each given story, in the editor's order, in one query: every list, page, feed and
 * API answer that shows a story's tags reads them here. Stories without tags get an empty list.
 */
export async function loadStoryTags(db: Executor, articleIds: number[]): Promise<Map<number, StoryTag[]>> {
  const byStory = new Map<number, StoryTag[]>(articleIds.map((id) => [id, []]));
  if (articleIds.length === 0) return byStory;
  const rows = await db
    .select({ articleId: articleTags.articleId, id: tags.id, name: tags.name, slug: tags.slug })
    .from(articleTags)
    .innerJoin(tags, eq(tags.id, articleTags.tagId))
    .where(inArray(articleTags.articleId, articleIds))
    .orderBy(asc(articleTags.articleId), asc(articleTags.position));
  for (const { articleId, ...tag } of rows) byStory.get(articleId)?.push(tag);
  return byStory;
}

/** The JSON API's tag list: every tag, oldest first, keyset by id. */
export async function listApiTags(db: Executor, options: { limit: number; cursor?: number }) {
  const rows = await db
    .select({ id: tags.id, name: tags.name, slug: tags.slug })
    .from(tags)
    .where(options.cursor ? gt(tags.id, options.cursor) : undefined)
    .orderBy(asc(tags.id))
    .limit(options.limit + 1);
  const page = rows.slice(0, options.limit).map((tag) => ({ ...tag, url: absoluteUrl(paths.tag(tag.slug)) }));
  const last = page[page.length - 1];
  return { items: page, nextCursor: rows.length > options.limit && last ? encodeIdCursor(last.id) : null };
}
