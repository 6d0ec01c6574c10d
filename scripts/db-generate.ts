import { inArray, sql, type SQL } from "drizzle-orm";
import { randomBytes } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { queryRows, type Database, type Executor } from "@/db/client";
import { articleAuthors, articleLinks, articles, articleTags, searchLexicon, sections, tags, users } from "@/db/schema";
import { lexiconTerms } from "@/lib/articles/search-document";
import { hashPassword } from "@/lib/users/password";
import { slugify } from "@/lib/i18n/slug";
import { tagIdentity } from "@/lib/tags/resolve";
import { dropPlainIndexes, recordsetInsert, verifySearchVectors } from "./lib/bulk-articles";
import { loadEnvOrExit, openMigratedDatabase, parseFlags, runCommand } from "./lib/cli";
import * as news from "./lib/synthetic-news";
import { composeStory, createStoryContext, type StoryRows, type TagRef } from "./lib/synthetic-stories";

// Fills the configured database with N synthetic Arabic stories for benchmarks and EXPLAIN checks.
// Rows are written in bulk, but every derived column (search vector, title trigram text, listing
// columns, lexicon) comes from the same functions the editor's save path uses.

const BATCH = 100; // each table's rows travel as one jsonb parameter; larger batches spend the database's time faulting in memory for it
const STORY_TABLES = [articles, articleTags, articleAuthors, articleLinks];
const MIN_STORIES_FOR_INDEX_REBUILD = 20_000;
const VERIFIED_SAMPLES = 200;
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

// ------------------------------------------------------------ writing
/** Ids come from the identity sequence up front, so stories and their links are composed before any write. */
async function allocateIds(db: Database, count: number): Promise<Int32Array> {
  const ids = new Int32Array(count);
  for (let start = 0; start < count; start += 100_000) {
    const size = Math.min(100_000, count - start);
    const rows = await queryRows<{ id: number }>(
      db,
      sql`select nextval(pg_get_serial_sequence('articles', 'id'))::int as id from generate_series(1, ${size}) order by id`,
    );
    rows.forEach((row, offset) => (ids[start + offset] = Number(row.id)));
  }
  return ids;
}


/**
 * One batch as five statements, built here (serialising a batch to JSON takes a fifth of a second,
 * so it is done while the database still writes the previous batch) and sent together without
 * waiting between them: the connection runs them in order, so a batch's stories are in the table
 * before its tags, authors and links, and every read-also link points at a story of this batch or
 * an earlier one.
 */
function batchStatements(batch: StoryRows[]): SQL[] {
  const links = batch.flatMap((story) => story.links);
  const terms = [...new Set(batch.flatMap((story) => story.newTerms))].sort();
  return [
    recordsetInsert(articles, batch.map((story) => story.article)),
    recordsetInsert(articleTags, batch.flatMap((story) => story.tags)),
    recordsetInsert(articleAuthors, batch.flatMap((story) => story.authors)),
    ...(links.length ? [recordsetInsert(articleLinks, links)] : []),
    ...(terms.length ? [sql`${recordsetInsert(searchLexicon, terms.map((term) => ({ term })))} on conflict do nothing`] : []),
  ];
}

function directorySize(directory: string): number {
  return readdirSync(directory, { withFileTypes: true }).reduce((total, entry) => {
    const full = path.join(directory, entry.name);
    return total + (entry.isDirectory() ? directorySize(full) : entry.isFile() ? statSync(full).size : 0);
  }, 0);
}

runCommand(async () => {
  const flags = parseFlags({ articles: { type: "string" }, seed: { type: "string" }, now: { type: "string" } });
  const total = Number(flags.articles ?? 10_000);
  const seed = Number(flags.seed ?? 1);
  // Dates are laid out backwards from this instant (scheduled stories are due after it); pass it
  // to make two runs identical to the byte, timestamps included.
  const now = flags.now === undefined ? new Date() : new Date(flags.now);
  if (!Number.isInteger(total) || total < 1 || !Number.isInteger(seed) || Number.isNaN(now.getTime())) {
    throw new Error(
      "usage: npm run db:generate -- [--articles N] [--seed S] [--now ISO-8601]  (N a positive integer, S an integer)",
    );
  }
  const env = loadEnvOrExit();
  const handle = await openMigratedDatabase();
  const startedAt = performance.now();
  try {
    const { db } = handle;
    const random = news.createRandom(seed);
    const tagList = await ensureTags(db, news.tagVocabulary(random, TAG_COUNT));
    const context = createStoryContext(random, now, { sectionIds: await ensureSections(db), authorIds: await ensureAuthors(db), tags: tagList });
    const ids = await allocateIds(db, total);
    const [{ existing } = { existing: 0 }] = await queryRows<{ existing: number }>(db, sql`select count(*)::int as existing from ${articles}`);
    // Rebuilding the indexes costs about what the table already holds; skip it for a small top-up.
    const rebuildIndexes = total >= Math.max(Number(existing), MIN_STORIES_FOR_INDEX_REBUILD);
    console.log(
      `${context.sectionIds.length} sections, ${context.authorIds.length} authors, ${tagList.length} tags; ` +
        `writing ${total} stories (seed ${seed}, dates up to ${now.toISOString()}) in one transaction`,
    );

    const storiesStartedAt = performance.now();
    await db.transaction(async (tx) => {
      if (handle.driver === "postgres") {
        await tx.execute(sql`set local maintenance_work_mem = '1GB'`);
        // lz4 compresses the bodies and search vectors several times faster than pglz, the default;
        // a server built without lz4 keeps the default. Reading needs no setting.
        await tx.execute(sql`select set_config('default_toast_compression', 'lz4', true)
          from pg_settings where name = 'default_toast_compression' and 'lz4' = any(enumvals)`);
      }
      const plainIndexes = rebuildIndexes ? await dropPlainIndexes(tx, STORY_TABLES) : undefined;
      if (plainIndexes) console.log(`  ${plainIndexes.count} plain indexes of the story tables are dropped now and built again at the end`);
      let written = 0;
      let inFlight: Promise<unknown> | undefined;
      for (let start = 0; start < total; start += BATCH) {
        // Story i is published at an even step across the span, so ids grow with time as in a real newsroom.
        const batch: StoryRows[] = [];
        for (let index = start; index < Math.min(start + BATCH, total); index++) {
          const at = now.getTime() - SPAN_MS + Math.round(((index + random.next() * 0.8) * SPAN_MS) / total);
          batch.push(composeStory(context, ids[index]!, new Date(at)));
        }
        // The database writes the previous batch while this one is composed and serialised.
        const statements = batchStatements(batch);
        await inFlight;
        written = start;
        inFlight = Promise.all(statements.map((statement) => tx.execute(statement)));
        inFlight.catch(() => {}); // a failure surfaces when it is awaited, not as an unhandled rejection
        const rate = Math.round(written / ((performance.now() - storiesStartedAt) / 1000));
        process.stdout.write(`\r  ${written}/${total} stories written  (${rate}/s)`);
      }
      await inFlight;
      const seconds = (performance.now() - storiesStartedAt) / 1000;
      process.stdout.write(`\r  ${total}/${total} stories written in ${seconds.toFixed(1)} s (${Math.round(total / seconds)}/s)\n`);
      if (plainIndexes) {
        const indexesStartedAt = performance.now();
        await plainIndexes.rebuild();
        console.log(`  indexes built in ${((performance.now() - indexesStartedAt) / 1000).toFixed(1)} s`);
      }
    });

    const samples = Math.min(total, VERIFIED_SAMPLES);
    await verifySearchVectors(db, Array.from({ length: samples }, (_, index) => ids[Math.floor((index * (total - 1)) / Math.max(1, samples - 1))]!));
    process.stdout.write(`  search vectors equal searchVectorSql's on ${samples} stories spread over the run; vacuuming and analyzing…`);
    // Tag and author pages count and page through (tag, published_at) with index-only scans, which
    // read the heap for every row until VACUUM has marked its pages all-visible; autovacuum would
    // get there only after the next 20% of changes. The articles table is read through the heap anyway.
    for (const table of [articleTags, articleAuthors]) await db.execute(sql`vacuum ${table}`);
    await db.execute(sql`analyze`);
    const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
    const size =
      handle.driver === "postgres"
        ? (await queryRows<{ size: string }>(db, sql`select pg_size_pretty(pg_database_size(current_database())) as size`))[0]?.size
        : `${(directorySize(path.join(env.dataDir, "pglite")) / 1_048_576).toFixed(1)} MB on disk (${path.join(env.dataDir, "pglite")})`;
    console.log(`\n  done: ${total} stories in ${seconds} s; database size ${size}`);
  } finally {
    await handle.close();
  }
});
