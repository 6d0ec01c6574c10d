import type { articleAuthors, articleLinks, articles, articleTags } from "@/db/schema";
import { bodyFromBlocks } from "@/lib/articles/body-text";
import { lexiconTerms, titleSearchText } from "@/lib/articles/search-document";
import { isListedStatus } from "@/lib/articles/visibility-rule";
import { slugify } from "@/lib/i18n/slug";
import { searchVectorLiteral } from "./bulk-articles";
import * as news from "./synthetic-news";

// One synthetic story and its join rows, composed the way the editor's save path would store them.
// Everything comes from the seeded PRNG, the story's id and the run's anchor time, so a given
// --seed on a fresh database gives the same rows every time.

export type TagRef = { id: number; name: string };

export type StoryContext = {
  random: news.Random;
  now: Date;
  sectionIds: number[];
  authorIds: number[];
  tags: TagRef[];
  nextTagRank: () => number;
  /** Read-also candidates, oldest first: only stories composed (and so written) before this one. */
  publishedIds: number[];
  seenTerms: Set<string>;
};

export type StoryRows = {
  article: typeof articles.$inferInsert & { id: number; searchVector: string };
  tags: (typeof articleTags.$inferInsert)[];
  authors: (typeof articleAuthors.$inferInsert)[];
  links: (typeof articleLinks.$inferInsert)[];
  newTerms: string[];
};

export function createStoryContext(
  random: news.Random,
  now: Date,
  refs: { sectionIds: number[]; authorIds: number[]; tags: TagRef[] },
): StoryContext {
  return {
    random,
    now,
    ...refs,
    nextTagRank: news.createZipfSampler(refs.tags.length, random),
    publishedIds: [],
    seenTerms: new Set(lexiconTerms(refs.tags.map((tag) => tag.name))),
  };
}

function composeTimes(random: news.Random, timelineAt: Date, now: Date) {
  const roll = random.next();
  const createdAt = new Date(timelineAt.getTime() - random.int(5, 180) * 60_000);
  const none = { firstPublishedAt: null, scheduledAt: null, unpublishedAt: null };
  if (roll < 0.03) return { ...none, status: "draft" as const, updatedAt: createdAt, createdAt };
  if (roll < 0.04) {
    // Due within the next fortnight: public lists must skip these until their time comes.
    const at = new Date(now.getTime() + random.int(1, 14 * 24) * 3_600_000);
    const queuedAt = new Date(now.getTime() - random.int(1, 48) * 3_600_000);
    return { ...none, status: "scheduled" as const, firstPublishedAt: at, scheduledAt: at, updatedAt: queuedAt, createdAt: queuedAt };
  }
  const later = (minutes: number) => new Date(Math.min(now.getTime(), timelineAt.getTime() + minutes * 60_000));
  const updatedAt = random.chance(0.15) ? later(random.int(10, 2880)) : timelineAt;
  const published = { ...none, firstPublishedAt: timelineAt, updatedAt, createdAt };
  if (roll < 0.05) return { ...published, status: "unpublished" as const, unpublishedAt: later(random.int(60, 4320)) };
  return { ...published, status: "published" as const };
}

export function composeStory(context: StoryContext, id: number, timelineAt: Date): StoryRows {
  const { random } = context;
  const tagRanks = new Set<number>();
  const tagTarget = random.int(2, 6);
  while (tagRanks.size < tagTarget) tagRanks.add(context.nextTagRank());
  const storyTags = [...tagRanks].map((rank) => context.tags[rank]!);
  const tagNames = storyTags.map((tag) => tag.name);
  const title = news.composeTitle(random, tagNames[0]!);
  const dek = news.composeDek(random);
  const body = bodyFromBlocks(news.composeBody(random, tagNames[0]!));
  const authorIds = [...new Set([random.pickSkewed(context.authorIds), random.pick(context.authorIds)])].slice(0, random.chance(0.15) ? 2 : 1);
  const times = composeTimes(random, timelineAt, context.now);
  const withSource = random.chance(0.08);

  // Listing columns are copied onto the join rows exactly as the save path copies them.
  const listing = { articlePublishedAt: times.firstPublishedAt, articleListed: isListedStatus(times.status) };
  // Read-also points at earlier published stories, mostly recent ones, as an editor would pick them.
  // Stories are written in the order they are composed (each batch's stories before its links), so
  // every linked id is already in the table when the link row arrives.
  const pool = context.publishedIds;
  const linked = new Set<number>();
  for (let wanted = random.int(0, 3), attempt = 0; pool.length && linked.size < wanted && attempt < 6; attempt++) {
    linked.add(pool[pool.length - (random.chance(0.8) ? random.int(1, Math.min(300, pool.length)) : random.int(1, pool.length))]!);
  }
  if (times.status === "published") pool.push(id);
  const newTerms = lexiconTerms([title, ...tagNames]).filter((term) => !context.seenTerms.has(term));
  newTerms.forEach((term) => context.seenTerms.add(term));

  return {
    article: {
      ...times,
      id,
      slug: slugify(title, 80) || "خبر",
      title,
      dek,
      body,
      savedAt: times.updatedAt,
      isBreaking: random.chance(0.02),
      sourceName: withSource ? random.pick(news.OUTLETS) : "",
      sourceUrl: withSource && random.chance(0.6) ? `https://outlet-${random.int(1, 7)}.example/news/${id}` : "",
      sectionId: random.pickSkewed(context.sectionIds),
      titleSearch: titleSearchText(title),
      createdBy: authorIds[0]!,
      searchVector: searchVectorLiteral({ title, dek, body, tagNames }),
    },
    tags: storyTags.map((tag, position) => ({ articleId: id, tagId: tag.id, position, ...listing })),
    authors: authorIds.map((userId, position) => ({ articleId: id, userId, position, ...listing })),
    links: [...linked].map((linkedArticleId, position) => ({ articleId: id, linkedArticleId, position })),
    newTerms,
  };
}
