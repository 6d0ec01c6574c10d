import { inArray, sql, type SQL } from "drizzle-orm";
import { randomBytes } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { queryRows, type Database, type Executor } from "@/db/client";
import { articleAuthors, articleLinks, articles, articleTags, searchLexicon, sections, tags, users, type NewArticle } from "@/db/schema";
import type { ArticleBody } from "@/lib/articles/body-schema";
import { bodyFromBlocks, bodyToPlainText } from "@/lib/articles/body-text";
import { lexiconTerms, searchVectorSql, titleSearchText } from "@/lib/articles/search-document";
import { hashPassword } from "@/lib/auth/password";
import { slugify } from "@/lib/i18n/slug";
import { tokenize, toSearchIndexText } from "@/lib/search/normalize";
import { tagIdentity } from "@/lib/tags/resolve";
import { loadEnvOrExit, openMigratedDatabase, parseFlags, runCommand } from "./lib/cli";
import {
  composeBody,
  composeDek,
  composeTitle,
  createRandom,
  createZipfSampler,
  DEMO_SECTIONS,
  FIRST_NAMES,
  LAST_NAMES,
  OUTLETS,
  tagVocabulary,
  type Random,
} from "./lib/synthetic-news";

// Fills the configured database with N synthetic Arabic stories for benchmarks and EXPLAIN checks.
// Rows are written in bulk, but every derived column (search vector, title trigram text, listing
// columns, lexicon) comes from the same functions the editor's save path uses.

const BATCH = 500; // ~30 bind parameters a story: far below Postgres' 65535 per statement
const AUTHOR_COUNT = 30;
const TAG_COUNT = 3000;
const YEARS = 3;
const DAY = 86_400_000;

// ------------------------------------------------------------ reference rows
async function ensureSections(db: Database): Promise<number[]> {
  await db
    .insert(sections)
    .values(DEMO_SECTIONS.map((slug, index) => ({ slug, name: slug.replace("-", " "), position: index + 1 })))
    .onConflictDoNothing();
  return (await db.select({ id: sections.id }).from(sections).orderBy(sections.position, sections.id)).map((s) => s.id);
}

async function ensureAuthors(db: Database): Promise<number[]> {
  // One real argon2 hash of a random password nobody knows, shared: hashing 30 times costs seconds.
  const passwordHash = await hashPassword(randomBytes(24).toString("base64url"));
  const rows = Array.from({ length: AUTHOR_COUNT }, (_, index) => {
    const number = String(index + 1).padStart(2, "0");
    return {
      email: `synthetic-author-${number}@generated.invalid`,
      slug: `synthetic-author-${number}`,
      displayName: `${FIRST_NAMES[index % FIRST_NAMES.length]} ${LAST_NAMES[(index * 7) % LAST_NAMES.length]}`,
      bio: "حساب كاتب اصطناعي أنشأه مولّد بيانات الاختبار.",
      passwordHash,
      role: index < 5 ? ("editor" as const) : ("writer" as const),
    };
  });
  await db.insert(users).values(rows).onConflictDoNothing();
  const stored = await db.select({ id: users.id }).from(users).where(inArray(users.email, rows.map((r) => r.email)));
  return stored.map((u) => u.id).sort((a, b) => a - b);
}

type TagRef = { id: number; name: string };

async function ensureTags(db: Database, names: string[]): Promise<TagRef[]> {
  const identities = names.map(tagIdentity);
  for (let start = 0; start < names.length; start += 1000) {
    const chunk = names.slice(start, start + 1000);
    // Existing tags (the demo seed, an earlier run) are reused through the normalised-name key.
    await db
      .insert(tags)
      .values(chunk.map((name) => ({ name, slug: slugify(name, 60), normalizedName: tagIdentity(name) })))
      .onConflictDoNothing();
    await insertLexicon(db, lexiconTerms(chunk));
  }
  const stored = new Map<string, TagRef>();
  for (let start = 0; start < identities.length; start += 1000) {
    const rows = await db
      .select({ id: tags.id, name: tags.name, normalizedName: tags.normalizedName })
      .from(tags)
      .where(inArray(tags.normalizedName, identities.slice(start, start + 1000)));
    for (const row of rows) stored.set(row.normalizedName, row);
  }
  // A name whose slug an unrelated tag already holds is skipped, so the ranks keep their order.
  return identities.flatMap((identity) => stored.get(identity) ?? []);
}

async function insertLexicon(db: Executor, terms: string[]) {
  for (let start = 0; start < terms.length; start += 5000) {
    const chunk = terms.slice(start, start + 5000);
    if (chunk.length) await db.insert(searchLexicon).values(chunk.map((term) => ({ term }))).onConflictDoNothing();
  }
}

// ------------------------------------------------------------ composing stories
type Context = { random: Random; sectionIds: number[]; authorIds: number[]; tags: TagRef[]; nextTagRank: () => number };
type ComposedStory = {
  values: Omit<NewArticle, "searchVector">;
  searchVector: SQL; // computed by Postgres from the app's normalised text, as on every save
  tagIds: number[];
  authorIds: number[];
  readAlso: number;
  lexicon: string[];
};


function composeTimes(random: Random, timelineAt: Date, now: Date) {
  const roll = random.next();
  const createdAt = new Date(timelineAt.getTime() - random.int(5, 180) * 60_000);
  if (roll < 0.03) return { status: "draft" as const, firstPublishedAt: null, scheduledAt: null, unpublishedAt: null, updatedAt: createdAt, createdAt };
  if (roll < 0.04) {
    // Due within the next fortnight: public lists must skip these until their time comes.
    const at = new Date(now.getTime() + random.int(1, 14 * 24) * 3_600_000);
    const queuedAt = new Date(now.getTime() - random.int(1, 48) * 3_600_000);
    return { status: "scheduled" as const, firstPublishedAt: at, scheduledAt: at, unpublishedAt: null, updatedAt: queuedAt, createdAt: queuedAt };
  }
  const updatedAt = random.chance(0.15)
    ? new Date(Math.min(now.getTime(), timelineAt.getTime() + random.int(10, 2880) * 60_000))
    : timelineAt;
  if (roll < 0.05) {
    const unpublishedAt = new Date(Math.min(now.getTime(), timelineAt.getTime() + random.int(1, 72) * 3_600_000));
    return { status: "unpublished" as const, firstPublishedAt: timelineAt, scheduledAt: null, unpublishedAt, updatedAt, createdAt };
  }
  return { status: "published" as const, firstPublishedAt: timelineAt, scheduledAt: null, unpublishedAt: null, updatedAt, createdAt };
}

function composeStory(context: Context, timelineAt: Date, now: Date, serial: number): ComposedStory {
  const { random } = context;
  const tagRanks = new Set<number>();
  const tagTarget = random.int(2, 6);
  while (tagRanks.size < tagTarget) tagRanks.add(context.nextTagRank());
  const storyTags = [...tagRanks].map((rank) => context.tags[rank]!);
  const lead = storyTags[0]!.name;
  const title = composeTitle(random, lead);
  const dek = composeDek(random);
  const body = bodyFromBlocks(composeBody(random, lead));
  const authorIds = [random.pickSkewed(context.authorIds)];
  if (random.chance(0.15)) authorIds.push(random.pick(context.authorIds));
  const withSource = random.chance(0.08);
  const times = composeTimes(random, timelineAt, now);
  const tagNames = storyTags.map((tag) => tag.name);
  return {
    values: {
      ...times,
      slug: slugify(title, 80) || "خبر",
      title,
      dek,
      body,
      savedAt: times.updatedAt,
      isBreaking: random.chance(0.02),
      sourceName: withSource ? random.pick(OUTLETS) : "",
      sourceUrl: withSource && random.chance(0.6) ? `https://outlet-${random.int(1, 7)}.example/news/${serial}` : "",
      sectionId: random.pickSkewed(context.sectionIds),
      titleSearch: titleSearchText(title),
      createdBy: authorIds[0]!,
    },
    searchVector: bulkSearchVector({ title, dek, body, tagNames }),
    tagIds: storyTags.map((tag) => tag.id),
    authorIds: [...new Set(authorIds)],
    readAlso: random.int(0, 3),
    lexicon: lexiconTerms([title, ...tagNames]),
  };
}

// ------------------------------------------------------------ search vector
// toSearchIndexText maps word by word (tokenize, then each token's stem candidates) and dominates
// the run when called on whole bodies, so it is cached per word here. verifySearchVectors then
// recomputes sampled rows with the app's own searchVectorSql and refuses a run that differs.
const indexTextByToken = new Map<string, string>();

function cachedSearchIndexText(text: string): string {
  const words: string[] = [];
  for (const token of tokenize(text)) {
    let indexed = indexTextByToken.get(token);
    if (indexed === undefined) indexTextByToken.set(token, (indexed = toSearchIndexText(token)));
    if (indexed) words.push(indexed);
  }
  return words.join(" ");
}

/** searchVectorSql's weighted document (title A, tags B, dek C, body D), from the cached text. */
function bulkSearchVector(article: { title: string; dek: string; body: ArticleBody; tagNames: string[] }): SQL {
  const weighted = [
    [article.title, "A"],
    [article.tagNames.join(" "), "B"],
    [article.dek, "C"],
    [bodyToPlainText(article.body), "D"],
  ] as const;
  const parts = weighted.map(
    ([text, weight]) => sql`setweight(to_tsvector('simple', ${cachedSearchIndexText(text)}), ${weight}::"char")`,
  );
  return sql.join(parts, sql` || `);
}

async function verifySearchVectors(db: Database, ids: number[]) {
  for (const id of ids) {
    const [article] = await db.select({ title: articles.title, dek: articles.dek, body: articles.body }).from(articles).where(sql`${articles.id} = ${id}`);
    if (!article) continue;
    const tagNames = (
      await queryRows<{ name: string }>(db, sql`select t.name from ${articleTags} at join ${tags} t on t.id = at.tag_id where at.article_id = ${id} order by at.position`)
    ).map((row) => row.name);
    const [check] = await queryRows<{ same: boolean }>(
      db,
      sql`select search_vector = (${searchVectorSql({ ...article, tagNames })}) as same from ${articles} where id = ${id}`,
    );
    if (!check?.same) throw new Error(`article ${id}: stored search_vector differs from searchVectorSql`);
  }
}

// ------------------------------------------------------------ writing
type WriteState = { publicIds: number[]; writtenIds: { first?: number; last?: number }; seenTerms: Set<string>; linkRandom: Random };

async function insertBatch(db: Database, batch: ComposedStory[], state: WriteState) {
  const { publicIds, seenTerms, linkRandom: random } = state;
  await db.transaction(async (tx) => {
    // Ids come back in VALUES order: one statement, one identity sequence, no concurrent writer here.
    const inserted = await tx.insert(articles).values(batch.map((story) => ({ ...story.values, searchVector: story.searchVector }))).returning({ id: articles.id });
    const tagRows: (typeof articleTags.$inferInsert)[] = [];
    const authorRows: (typeof articleAuthors.$inferInsert)[] = [];
    const linkRows: (typeof articleLinks.$inferInsert)[] = [];
    for (const [index, story] of batch.entries()) {
      const articleId = inserted[index]!.id;
      const listing = {
        articlePublishedAt: story.values.firstPublishedAt ?? null,
        articleListed: story.values.status === "published" || story.values.status === "scheduled",
      };
      tagRows.push(...story.tagIds.map((tagId, position) => ({ articleId, tagId, position, ...listing })));
      authorRows.push(...story.authorIds.map((userId, position) => ({ articleId, userId, position, ...listing })));
      // Read-also points at earlier published stories, mostly recent ones, as an editor would pick them.
      const linked = new Set<number>();
      for (let attempt = 0; attempt < story.readAlso * 2 && linked.size < story.readAlso && publicIds.length; attempt++) {
        const back = random.chance(0.8) ? random.int(1, Math.min(300, publicIds.length)) : random.int(1, publicIds.length);
        linked.add(publicIds[publicIds.length - back]!);
      }
      linkRows.push(...[...linked].map((linkedArticleId, position) => ({ articleId, linkedArticleId, position })));
      if (story.values.status === "published") publicIds.push(articleId);
    }
    state.writtenIds.first ??= inserted[0]?.id;
    state.writtenIds.last = inserted[inserted.length - 1]?.id;
    for (let start = 0; start < tagRows.length; start += 5000) await tx.insert(articleTags).values(tagRows.slice(start, start + 5000));
    await tx.insert(articleAuthors).values(authorRows);
    if (linkRows.length) await tx.insert(articleLinks).values(linkRows);
    const newTerms = [...new Set(batch.flatMap((story) => story.lexicon))].filter((term) => !seenTerms.has(term));
    newTerms.forEach((term) => seenTerms.add(term));
    await insertLexicon(tx, newTerms);
  });
}

function directorySize(directory: string): number {
  return readdirSync(directory, { withFileTypes: true }).reduce((total, entry) => {
    const full = path.join(directory, entry.name);
    return total + (entry.isDirectory() ? directorySize(full) : entry.isFile() ? statSync(full).size : 0);
  }, 0);
}

runCommand(async () => {
  const flags = parseFlags({ articles: { type: "string" }, seed: { type: "string" } });
  const total = Number(flags.articles ?? 10_000);
  const seed = Number(flags.seed ?? 1);
  if (!Number.isInteger(total) || total < 1 || !Number.isInteger(seed)) {
    throw new Error("usage: npm run db:generate -- [--articles N] [--seed S]  (N a positive integer, S an integer)");
  }
  const env = loadEnvOrExit();
  const handle = await openMigratedDatabase();
  const startedAt = performance.now();
  try {
    const { db } = handle;
    const random = createRandom(seed);
    const tagList = await ensureTags(db, tagVocabulary(random, TAG_COUNT));
    const nextTagRank = createZipfSampler(tagList.length, random);
    const context: Context = { random, sectionIds: await ensureSections(db), authorIds: await ensureAuthors(db), tags: tagList, nextTagRank };
    console.log(`${context.sectionIds.length} sections, ${context.authorIds.length} authors, ${tagList.length} tags; writing ${total} stories (seed ${seed})`);

    // Story i is published at an even step across the last YEARS, so ids grow with time as in a real newsroom.
    const now = new Date();
    const span = YEARS * 365 * DAY;
    const step = span / total;
    // Links draw from their own stream, so story text depends on the seed alone, not on batch timing.
    const state: WriteState = {
      publicIds: [],
      writtenIds: {},
      seenTerms: new Set(lexiconTerms(tagList.map((t) => t.name))),
      linkRandom: createRandom(seed ^ 0x5eed),
    };
    const storiesStartedAt = performance.now();
    let pending: Promise<void> | undefined;
    for (let start = 0; start < total; start += BATCH) {
      const size = Math.min(BATCH, total - start);
      // Composing is CPU work in Node; it overlaps with Postgres writing the previous batch.
      const batch = Array.from({ length: size }, (_, offset) => {
        const index = start + offset;
        const timelineAt = new Date(now.getTime() - span + Math.round((index + random.next() * 0.8) * step));
        return composeStory(context, timelineAt, now, index + 1);
      });
      await pending;
      pending = insertBatch(db, batch, state).then(() => {
        const seconds = (performance.now() - storiesStartedAt) / 1000;
        process.stdout.write(`\r  ${start + size}/${total} articles  (${Math.round((start + size) / seconds)}/s)`);
      });
    }
    await pending;
    const { first = 0, last = 0 } = state.writtenIds;
    await verifySearchVectors(db, Array.from({ length: 20 }, (_, i) => first + Math.round(((last - first) * i) / 19)));
    process.stdout.write("\n  search vectors match searchVectorSql (20 sampled); analyzing…");
    await db.execute(sql`analyze`);
    const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
    const size =
      handle.driver === "postgres"
        ? (await queryRows<{ size: string }>(db, sql`select pg_size_pretty(pg_database_size(current_database())) as size`))[0]?.size
        : `${(directorySize(path.join(env.dataDir, "pglite")) / 1_048_576).toFixed(1)} MB on disk`;
    console.log(`\r  done: ${total} articles in ${seconds} s; database size ${size}`);
  } finally {
    await handle.close();
  }
});
