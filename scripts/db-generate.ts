import { inArray, sql } from "drizzle-orm";
import { randomBytes } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { queryRows, type Database, type Executor } from "@/db/client";
import { articleAuthors, articleLinks, articles, articleTags, searchLexicon, sections, tags, users } from "@/db/schema";
import { bodyFromBlocks } from "@/lib/articles/body-text";
import { lexiconTerms, titleSearchText } from "@/lib/articles/search-document";
import { isListedStatus } from "@/lib/articles/visibility-rule";
import { hashPassword } from "@/lib/users/password";
import { slugify } from "@/lib/i18n/slug";
import { tagIdentity } from "@/lib/tags/resolve";
import { recordsetInsert, SEARCH_INPUTS, searchInputs, searchVectorFromInputs, verifySearchVectors, type SearchInputs } from "./lib/bulk-articles";
import { loadEnvOrExit, openMigratedDatabase, parseFlags, runCommand } from "./lib/cli";
import * as news from "./lib/synthetic-news";

// Fills the configured database with N synthetic Arabic stories for benchmarks and EXPLAIN checks.
// Rows are written in bulk, but every derived column (search vector, title trigram text, listing
// columns, lexicon) comes from the same functions the editor's save path uses.

const BATCH = 500; // each table's rows travel as one jsonb parameter, so only memory bounds a batch
// Postgres spends most of the time in to_tsvector and the GIN index; two writers keep both cores busy.
const POSTGRES_WRITERS = 2;
const AUTHOR_COUNT = 30;
const TAG_COUNT = 3000;
const SPAN_MS = 3 * 365 * 86_400_000;

// ------------------------------------------------------------ reference rows
async function ensureSections(db: Database): Promise<number[]> {
  await db
    .insert(sections)
    .values(news.DEMO_SECTIONS.map((slug, index) => ({ slug, name: slug.replace("-", " "), position: index + 1 })))
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
      displayName: `${news.FIRST_NAMES[index % news.FIRST_NAMES.length]} ${news.LAST_NAMES[(index * 7) % news.LAST_NAMES.length]}`,
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
  for (let start = 0; start < names.length; start += 1000) {
    const chunk = names.slice(start, start + 1000);
    // Existing tags (the demo seed, an earlier run) are reused through the normalised-name key.
    await db
      .insert(tags)
      .values(chunk.map((name) => ({ name, slug: slugify(name, 60), normalizedName: tagIdentity(name) })))
      .onConflictDoNothing();
    await insertLexicon(db, lexiconTerms(chunk));
  }
  // Reading the whole (small) table beats a thousand-value IN list, which Postgres plans slowly.
  const stored = new Map((await db.select().from(tags)).map((tag) => [tag.normalizedName, tag]));
  // A name whose slug an unrelated tag already holds is skipped, so the ranks keep their order.
  return names.flatMap((name) => stored.get(tagIdentity(name)) ?? []);
}

async function insertLexicon(db: Executor, terms: string[]) {
  for (let start = 0; start < terms.length; start += 5000) {
    const chunk = terms.slice(start, start + 5000);
    if (chunk.length) await db.insert(searchLexicon).values(chunk.map((term) => ({ term }))).onConflictDoNothing();
  }
}

// ------------------------------------------------------------ composing stories
type Context = {
  random: news.Random;
  now: Date;
  sectionIds: number[];
  authorIds: number[];
  tags: TagRef[];
  nextTagRank: () => number;
  publishedIds: number[]; // read-also candidates, oldest first
  seenTerms: Set<string>;
};

type StoryRows = {
  article: Omit<typeof articles.$inferInsert, "searchVector"> & { id: number } & SearchInputs;
  tags: (typeof articleTags.$inferInsert)[];
  authors: (typeof articleAuthors.$inferInsert)[];
  links: (typeof articleLinks.$inferInsert)[];
  newTerms: string[];
};

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

function composeStory(context: Context, id: number, timelineAt: Date): StoryRows {
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
      ...searchInputs({ title, dek, body, tagNames }),
    },
    tags: storyTags.map((tag, position) => ({ articleId: id, tagId: tag.id, position, ...listing })),
    authors: authorIds.map((userId, position) => ({ articleId: id, userId, position, ...listing })),
    links: [...linked].map((linkedArticleId, position) => ({ articleId: id, linkedArticleId, position })),
    newTerms,
  };
}

// ------------------------------------------------------------ writing
/** Ids are taken from the identity sequence up front, so rows and links are built before any write. */
async function allocateIds(db: Database, count: number): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(
    db,
    sql`select nextval(pg_get_serial_sequence('articles', 'id'))::int as id from generate_series(1, ${count}) order by id`,
  );
  return rows.map((row) => Number(row.id));
}

async function writeBatch(db: Database, batch: StoryRows[]) {
  const textInputs = Object.fromEntries(Object.keys(SEARCH_INPUTS).map((key) => [key, "text"]));
  await db.transaction(async (tx) => {
    const stories = batch.map((story) => story.article);
    await tx.execute(recordsetInsert(articles, stories, { inputs: textInputs, computed: { searchVector: searchVectorFromInputs } }));
    await tx.execute(recordsetInsert(articleTags, batch.flatMap((story) => story.tags)));
    await tx.execute(recordsetInsert(articleAuthors, batch.flatMap((story) => story.authors)));
    const links = batch.flatMap((story) => story.links);
    if (links.length) await tx.execute(recordsetInsert(articleLinks, links));
    await insertLexicon(tx, batch.flatMap((story) => story.newTerms));
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
    const random = news.createRandom(seed);
    const tagList = await ensureTags(db, news.tagVocabulary(random, TAG_COUNT));
    const context: Context = {
      random,
      now: new Date(),
      sectionIds: await ensureSections(db),
      authorIds: await ensureAuthors(db),
      tags: tagList,
      nextTagRank: news.createZipfSampler(tagList.length, random),
      publishedIds: [],
      seenTerms: new Set(lexiconTerms(tagList.map((tag) => tag.name))),
    };
    console.log(`${context.sectionIds.length} sections, ${context.authorIds.length} authors, ${tagList.length} tags; writing ${total} stories (seed ${seed})`);

    // PGlite is one process behind one lock: a second writer would only queue.
    const writers = handle.driver === "postgres" ? POSTGRES_WRITERS : 1;
    const inFlight: Promise<void>[] = [];
    const sampleIds: number[] = [];
    let written = 0;
    const storiesStartedAt = performance.now();
    for (let start = 0; start < total; start += BATCH) {
      const ids = await allocateIds(db, Math.min(BATCH, total - start));
      // Story i is published at an even step across the span, so ids grow with time as in a real newsroom.
      const batch = ids.map((id, offset) => {
        const at = context.now.getTime() - SPAN_MS + Math.round(((start + offset + random.next() * 0.8) * SPAN_MS) / total);
        return composeStory(context, id, new Date(at));
      });
      sampleIds.push(ids[0]!);
      const write = writeBatch(db, batch).then(() => {
        written += batch.length;
        const rate = Math.round(written / ((performance.now() - storiesStartedAt) / 1000));
        process.stdout.write(`\r  ${written}/${total} articles  (${rate}/s)`);
      });
      write.catch(() => {}); // a failure surfaces when this write is awaited below, not as an unhandled rejection
      inFlight.push(write);
      if (inFlight.length >= writers) await inFlight.shift();
    }
    await Promise.all(inFlight);

    const step = Math.max(1, Math.floor(sampleIds.length / 20));
    await verifySearchVectors(db, sampleIds.filter((_, index) => index % step === 0));
    process.stdout.write("\n  search vectors match searchVectorSql on sampled rows; analyzing…");
    await db.execute(sql`analyze`);
    const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
    const size =
      handle.driver === "postgres"
        ? (await queryRows<{ size: string }>(db, sql`select pg_size_pretty(pg_database_size(current_database())) as size`))[0]?.size
        : `${(directorySize(path.join(env.dataDir, "pglite")) / 1_048_576).toFixed(1)} MB on disk (${path.join(env.dataDir, "pglite")})`;
    console.log(`\n  done: ${total} articles in ${seconds} s; database size ${size}`);
  } finally {
    await handle.close();
  }
});
