import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database, Executor } from "@/db/client";
import { articles, articleTags, searchLexicon, tagRedirects, tags, type Tag } from "@/db/schema";
import { lexiconTerms, searchVectorSql, tagSearchNames } from "@/lib/articles/search-document";
import { TAG_ALIASES_MAX, TAG_NAME_MAX } from "@/lib/articles/schemas";
import { revalidateCacheTags } from "@/lib/cache/revalidate";
import { cacheTags } from "@/lib/cache/tags";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { loadStoryTags } from "@/lib/tags/queries";
import { tagIdentity, uniqueTagSlug } from "@/lib/tags/resolve";

// Editors' tag maintenance. Each command is one transaction; cache tags are expired after commit,
// for the old and the new tag page and for every story whose tags line changed.

export const tagNameSchema = z
  .string({ error: "اسم الوسم مطلوب" })
  .trim()
  .min(1, { error: "اسم الوسم مطلوب" })
  .max(TAG_NAME_MAX, { error: `اسم الوسم أطول من ${TAG_NAME_MAX} حرف` })
  .refine((name) => /[\p{L}\p{N}]/u.test(name), { error: "اسم الوسم يحتاج إلى حرف أو رقم" })
  .transform((name) => name.replace(/\s+/g, " "));

export type TagChange = { tag: Tag; articleIds: number[] };

async function lockTag(tx: Executor, tagId: number): Promise<Tag> {
  const [tag] = await tx.select().from(tags).where(eq(tags.id, tagId)).for("update");
  if (!tag) throw new NotFoundError("الوسم غير موجود");
  return tag;
}

async function articleIdsWithTag(tx: Executor, tagId: number): Promise<number[]> {
  const rows = await tx.select({ id: articleTags.articleId }).from(articleTags).where(eq(articleTags.tagId, tagId));
  return rows.map((r) => r.id);
}

/** Rebuilds the weighted search document of stories whose tag names or aliases changed (tags weigh B). */
export async function refreshArticleSearch(tx: Executor, articleIds: number[]): Promise<void> {
  if (!articleIds.length) return;
  const rows = await tx
    .select({ id: articles.id, title: articles.title, dek: articles.dek, body: articles.body })
    .from(articles)
    .where(inArray(articles.id, articleIds));
  const tagsByStory = await loadStoryTags(tx, articleIds);
  const tagIds = [...new Set([...tagsByStory.values()].flat().map((tag) => tag.id))];
  const aliasRows = tagIds.length ? await tx.select({ id: tags.id, aliases: tags.aliases }).from(tags).where(inArray(tags.id, tagIds)) : [];
  const aliasesByTag = new Map(aliasRows.map((tag) => [tag.id, tag.aliases]));
  for (const row of rows) {
    const storyTags = (tagsByStory.get(row.id) ?? []).map((tag) => ({ name: tag.name, aliases: aliasesByTag.get(tag.id) ?? [] }));
    const tagNames = tagSearchNames(storyTags);
    await tx
      .update(articles)
      .set({ searchVector: searchVectorSql({ ...row, tagNames }) })
      .where(eq(articles.id, row.id));
  }
}

/** Adds the words of tag names or aliases to the near-spelling lexicon (it never loses a word but on reindex). */
async function addToLexicon(tx: Executor, names: string[]): Promise<void> {
  const terms = lexiconTerms(names);
  if (terms.length) await tx.insert(searchLexicon).values(terms.map((term) => ({ term }))).onConflictDoNothing();
}

function expireAfterTagChange(slugs: string[], articleIds: number[]) {
  revalidateCacheTags([
    ...slugs.map(cacheTags.tag),
    ...articleIds.map(cacheTags.article),
    cacheTags.home,
    cacheTags.sitemaps,
    cacheTags.feeds,
  ]);
}

/**
 * Renames a tag. Its identity (normalised name) may not collide with another tag: that is a merge.
 * When the slug changes, the old slug becomes a redirect so old links answer 301.
 */
export async function renameTag(db: Database, tagId: number, rawName: string): Promise<TagChange> {
  const parsed = tagNameSchema.safeParse(rawName);
  if (!parsed.success) throw new ValidationError({ name: parsed.error.issues.map((i) => i.message) });
  const name = parsed.data;
  const identity = tagIdentity(name);
  const result = await db.transaction(async (tx) => {
    const tag = await lockTag(tx, tagId);
    const [clash] = await tx
      .select({ id: tags.id, name: tags.name })
      .from(tags)
      .where(and(eq(tags.normalizedName, identity), sql`${tags.id} <> ${tagId}`));
    if (clash) {
      throw new ValidationError({ name: [`يوجد وسم بهذا الاسم: «${clash.name}». استخدم الدمج بدلاً من إعادة التسمية`] });
    }
    const slug = await uniqueTagSlug(tx, name, tagId);
    const [updated] = await tx
      .update(tags)
      .set({ name, normalizedName: identity, slug })
      .where(eq(tags.id, tagId))
      .returning();
    if (slug !== tag.slug) {
      // The new slug may be one of this tag's own old redirects: a live slug must not also redirect.
      await tx.delete(tagRedirects).where(eq(tagRedirects.slug, slug));
      await tx
        .insert(tagRedirects)
        .values({ slug: tag.slug, tagId })
        .onConflictDoUpdate({ target: tagRedirects.slug, set: { tagId } });
    }
    const articleIds = await articleIdsWithTag(tx, tagId);
    await refreshArticleSearch(tx, articleIds);
    await addToLexicon(tx, [name]);
    return { tag: updated!, articleIds, oldSlug: tag.slug };
  });
  expireAfterTagChange([result.oldSlug, result.tag.slug], result.articleIds);
  return { tag: result.tag, articleIds: result.articleIds };
}

/**
 * Merges `fromId` into `intoId`: stories tagged with both keep one row, the source's slug and its
 * redirects now lead to the target, the source's name and aliases become the target's aliases (so
 * search still finds its stories by them), and the source is deleted. A merge that would give the
 * target more than TAG_ALIASES_MAX aliases is refused: the editor trims them first.
 */
export async function mergeTags(db: Database, fromId: number, intoId: number): Promise<TagChange> {
  if (fromId === intoId) throw new ValidationError({ intoId: ["لا يُدمج الوسم في نفسه"] });
  const result = await db.transaction(async (tx) => {
    // Lock in id order so two opposite merges cannot deadlock.
    const [first, second] = fromId < intoId ? [fromId, intoId] : [intoId, fromId];
    const lockedFirst = await lockTag(tx, first);
    const lockedSecond = await lockTag(tx, second);
    const from = lockedFirst.id === fromId ? lockedFirst : lockedSecond;
    const into = lockedFirst.id === intoId ? lockedFirst : lockedSecond;

    const moved = await articleIdsWithTag(tx, from.id);
    if (moved.length) {
      await tx.execute(sql`
        insert into ${articleTags} (article_id, tag_id, position, article_published_at, article_listed)
        select article_id, ${into.id}, position, article_published_at, article_listed
        from ${articleTags} where tag_id = ${from.id}
        on conflict (article_id, tag_id) do nothing`);
      await tx.delete(articleTags).where(eq(articleTags.tagId, from.id));
    }
    const redirects = await tx
      .update(tagRedirects)
      .set({ tagId: into.id })
      .where(eq(tagRedirects.tagId, from.id))
      .returning({ slug: tagRedirects.slug });
    await tx
      .insert(tagRedirects)
      .values({ slug: from.slug, tagId: into.id })
      .onConflictDoUpdate({ target: tagRedirects.slug, set: { tagId: into.id } });
    await tx.delete(tags).where(eq(tags.id, from.id));
    // After the stories moved, so every story now carrying the target is reindexed once, moved ones included.
    const { tag: merged } = await storeTagAliases(tx, into, [...into.aliases, from.name, ...from.aliases], "intoId");
    return { tag: merged, articleIds: moved, fromSlugs: [from.slug, ...redirects.map((redirect) => redirect.slug)] };
  });
  // The source's old slugs redirected to it, and the answer is cached under each old slug's tag.
  expireAfterTagChange([...result.fromSlugs, result.tag.slug], result.articleIds);
  return { tag: result.tag, articleIds: result.articleIds };
}

/** Deletes a tag no story uses; its redirects go with it (they would point nowhere). */
export async function deleteUnusedTag(db: Database, tagId: number): Promise<void> {
  const slugs = await db.transaction(async (tx) => {
    const tag = await lockTag(tx, tagId);
    const [used] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(articleTags)
      .where(eq(articleTags.tagId, tagId));
    if ((used?.n ?? 0) > 0) {
      throw new ValidationError({ tagId: [`الوسم مستخدم في ${used!.n} خبر؛ ادمجه في وسم آخر بدلاً من حذفه`] });
    }
    const aliases = await tx.select({ slug: tagRedirects.slug }).from(tagRedirects).where(eq(tagRedirects.tagId, tagId));
    await tx.delete(tags).where(eq(tags.id, tagId));
    return [tag.slug, ...aliases.map((alias) => alias.slug)];
  });
  // Old slugs that redirected here are cached as redirects under their own tags.
  revalidateCacheTags([...slugs.map(cacheTags.tag), cacheTags.sitemaps]);
}

/** Aliases as an editor types them: separated by commas (، or ,) or new lines. */
export const tagAliasesSchema = z
  .string()
  .default("")
  .transform((raw) => raw.split(/[،,\n]/u).map((alias) => alias.trim().replace(/\s+/g, " ")).filter(Boolean))
  .pipe(z.array(tagNameSchema));

/**
 * The one writer of a tag's aliases, for the aliases form and for a merge. Candidates folding to the
 * tag's own name or to an earlier candidate are dropped; more than TAG_ALIASES_MAX left is refused,
 * under `errorField`. Every story carrying the tag is reindexed with them (tags weigh B) and their
 * words join the near-spelling lexicon.
 */
async function storeTagAliases(tx: Executor, tag: Tag, candidates: string[], errorField: "aliases" | "intoId"): Promise<TagChange> {
  const seen = new Set([tag.normalizedName]);
  const aliases = candidates.filter((alias) => {
    const identity = tagIdentity(alias);
    if (seen.has(identity)) return false;
    seen.add(identity);
    return true;
  });
  if (aliases.length > TAG_ALIASES_MAX) {
    throw new ValidationError({
      [errorField]: [`للوسم ${TAG_ALIASES_MAX} أسماء بديلة على الأكثر، و«${tag.name}» سيحمل ${aliases.length}: احذف بعضها أولاً`],
    });
  }
  const [updated] = await tx.update(tags).set({ aliases }).where(eq(tags.id, tag.id)).returning();
  const articleIds = await articleIdsWithTag(tx, tag.id);
  await refreshArticleSearch(tx, articleIds);
  await addToLexicon(tx, aliases);
  return { tag: updated!, articleIds };
}

/**
 * Sets a tag's aliases: other spellings of it (ترمب for ترامب) that search treats as the tag, in
 * every story carrying it. No page shows aliases, so no cache tag expires: search pages pick them
 * up on their own expiry.
 */
export async function setTagAliases(db: Database, tagId: number, rawAliases: string): Promise<TagChange> {
  const parsed = tagAliasesSchema.safeParse(rawAliases);
  if (!parsed.success) throw new ValidationError({ aliases: parsed.error.issues.map((issue) => issue.message) });
  return db.transaction(async (tx) => storeTagAliases(tx, await lockTag(tx, tagId), parsed.data, "aliases"));
}
