import { and, desc, eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { Database } from "@/db/client";
import * as schema from "@/db/schema";
import { articleAuthors, articles, articleTags, media, sections } from "@/db/schema";
import { encodeKeysetCursor } from "@/lib/pagination/cursor";
import { cardColumns } from "@/lib/articles/cards";
import { listAuthorStories, listLatestStories, listSectionStories, listTagStories } from "@/lib/articles/queries";
import { listSimilarStories } from "@/lib/articles/similar";
import { publicArticleWhere } from "@/lib/articles/visibility";
import { searchStories } from "@/lib/articles/search";
import { loadEnvOrExit, parseFlags, runCommand } from "./lib/cli";

// Latency of the public list queries against a naive baseline measured in the same run, on data
// from `npm run db:generate`. Ratios, not absolute numbers, are the point: nothing here asserts a time.

const PAGE = 20;
const DEEP_OFFSET = 5000;

type Captured = { query: string; parameters: unknown[] };

/**
 * One connection per side, so neither waits on the other's pool. The app's own client cannot
 * be reused: the bench needs postgres.js's debug hook to EXPLAIN exactly the SQL a function ran.
 */
function openBenchDatabase(url: string, settings: Record<string, string> = {}) {
  const captured: Captured = { query: "", parameters: [] };
  const client = postgres(url, {
    max: 1,
    onnotice: () => {},
    // The same session settings as the app's client (db/client.ts), plus the side's own.
    connection: { jit: "off", ...settings },
    // Copied now: postgres.js serialises the array in place when it binds, and a second pass would turn 't' into 'f'.
    debug: (_connection, query, parameters) => Object.assign(captured, { query, parameters: [...parameters] }),
  });
  const db = drizzle({ client, schema, casing: "snake_case" }) as unknown as Database;
  return { db, client, captured };
}

type Bench = ReturnType<typeof openBenchDatabase>;
type Case = { name: string; baselineKind: string; ours: (db: Database) => Promise<unknown>; baseline: (db: Database) => Promise<unknown> };

async function medianMs(run: () => Promise<unknown>, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** The SQL a query function sent, with its parameters, read back from the debug hook. */
async function capture(bench: Bench, run: (db: Database) => Promise<unknown>): Promise<Captured> {
  await run(bench.db);
  return { ...bench.captured };
}

async function explain(bench: Bench, captured: Captured, options: string): Promise<string[]> {
  const rows = await bench.client.unsafe(`explain (${options}) ${captured.query}`, captured.parameters as never[]);
  return rows.map((row) => String(row["QUERY PLAN"]));
}

/** Which index (or sequential) scans a plan uses: the EXPLAIN check the design asks for on public queries. */
async function scansUsed(bench: Bench, captured: Captured): Promise<string> {
  const lines = await explain(bench, captured, "costs off");
  const scans = lines
    .map((line) => /((?:Index Only |Bitmap Index |Index |Seq )Scan(?: Backward)?)(?: using (\S+))?(?: on (\S+))?/.exec(line))
    .filter((match) => match !== null)
    .map((match) => (match[2] ? `${match[1]} using ${match[2]}` : `${match[1]} on ${match[3]}`));
  return [...new Set(scans)].join(", ");
}

function naiveCards(db: Database) {
  return db
    .select(cardColumns)
    .from(articles)
    .innerJoin(sections, eq(sections.id, articles.sectionId))
    .leftJoin(media, eq(media.id, articles.heroMediaId));
}
const newestFirst = [desc(articles.firstPublishedAt), desc(articles.id)];

/** A naive tag or author page: join, filter on the article, sort by the article's time. */
function naiveJoinPage(db: Database, now: Date, join: { tagId: number } | { userId: number }, offset = 0) {
  const query =
    "tagId" in join
      ? naiveCards(db).innerJoin(articleTags, and(eq(articleTags.articleId, articles.id), eq(articleTags.tagId, join.tagId)))
      : naiveCards(db).innerJoin(articleAuthors, and(eq(articleAuthors.articleId, articles.id), eq(articleAuthors.userId, join.userId)));
  return query.where(publicArticleWhere(now)).orderBy(...newestFirst).limit(PAGE + 1).offset(offset);
}

async function pickFixtures(db: Database, now: Date) {
  const tagCounts = await db
    .select({ tagId: articleTags.tagId, stories: sql<number>`count(*)::int` })
    .from(articleTags)
    .where(eq(articleTags.articleListed, true))
    .groupBy(articleTags.tagId)
    .orderBy(desc(sql`count(*)`));
  if (tagCounts.length === 0) throw new Error("no tagged stories: fill the database first with npm run db:generate -- --articles 100000");
  const popular = tagCounts[0]!;
  // A rare tag still has a page to fill: the most used of the tags with at most five stories.
  const rare = tagCounts.find((tag) => tag.stories <= 5) ?? tagCounts[tagCounts.length - 1]!;
  const [section] = await db
    .select({ id: articles.sectionId, stories: sql<number>`count(*)::int` })
    .from(articles)
    .groupBy(articles.sectionId)
    .orderBy(desc(sql`count(*)`))
    .limit(1);
  const [author] = await db
    .select({ userId: articleAuthors.userId, stories: sql<number>`count(*)::int` })
    .from(articleAuthors)
    .groupBy(articleAuthors.userId)
    .orderBy(desc(sql`count(*)`))
    .limit(1);
  const [publicCount] = await db.select({ stories: sql<number>`count(*)::int` }).from(articles).where(publicArticleWhere(now));
  // The cursor a reader holds after paging that far down: the last card before that point.
  const deepOffset = Math.max(1, Math.min(DEEP_OFFSET, Math.floor((publicCount?.stories ?? 0) / 2)));
  const [lastBeforeDeep] = await naiveCards(db).where(publicArticleWhere(now)).orderBy(...newestFirst).limit(1).offset(deepOffset - 1);
  const tagDeepOffset = Math.max(1, Math.min(DEEP_OFFSET, Math.floor(popular.stories / 2)));
  const [lastBeforeTagDeep] = await naiveJoinPage(db, now, { tagId: popular.tagId }, tagDeepOffset - 1);
  const [lastBeforeDeepTagHead] = await db
    .select({ id: articles.id, sectionId: articles.sectionId })
    .from(articleTags)
    .innerJoin(articles, eq(articles.id, articleTags.articleId))
    .where(and(eq(articleTags.tagId, popular.tagId), publicArticleWhere(now)))
    .orderBy(desc(articles.firstPublishedAt))
    .limit(1);
  const cursorOf = (row: { id: number; firstPublishedAt: Date | string | null } | undefined) =>
    row ? encodeKeysetCursor({ id: row.id, at: new Date(row.firstPublishedAt ?? 0) }) : null;
  return {
    popular,
    rare,
    section: section!,
    author: author!,
    deepOffset,
    deepCursor: cursorOf(lastBeforeDeep),
    tagDeepOffset,
    tagDeepCursor: cursorOf(lastBeforeTagDeep),
    // The newest story of the popular tag: its similar articles draw on the busiest tag index.
    similarOf: lastBeforeDeepTagHead?.id ?? 0,
    similarSection: lastBeforeDeepTagHead?.sectionId ?? section!.id,
  };
}

function buildCases(now: Date, fixtures: Awaited<ReturnType<typeof pickFixtures>>): Case[] {
  const { popular, rare, section, author } = fixtures;
  const limit = PAGE;
  const indexesOff = "same SQL, index scans off";
  return [
    {
      name: "latest, page 1",
      baselineKind: indexesOff,
      ours: (db) => listLatestStories(db, { now, limit }),
      baseline: (db) => listLatestStories(db, { now, limit }),
    },
    {
      name: `section ${section.id} (${section.stories}), page 1`,
      baselineKind: indexesOff,
      ours: (db) => listSectionStories(db, { now, sectionId: section.id, limit }),
      baseline: (db) => listSectionStories(db, { now, sectionId: section.id, limit }),
    },
    {
      name: `popular tag ${popular.tagId} (${popular.stories}), page 1`,
      baselineKind: "join + ORDER BY articles",
      ours: (db) => listTagStories(db, { now, tagId: popular.tagId, limit }),
      baseline: (db) => naiveJoinPage(db, now, { tagId: popular.tagId }),
    },
    {
      name: `rare tag ${rare.tagId} (${rare.stories}), page 1`,
      baselineKind: "join + ORDER BY articles",
      ours: (db) => listTagStories(db, { now, tagId: rare.tagId, limit }),
      baseline: (db) => naiveJoinPage(db, now, { tagId: rare.tagId }),
    },
    {
      name: `author ${author.userId} (${author.stories}), page 1`,
      baselineKind: "join + ORDER BY articles",
      ours: (db) => listAuthorStories(db, { now, userId: author.userId, limit }),
      baseline: (db) => naiveJoinPage(db, now, { userId: author.userId }),
    },
    {
      name: `latest, after ${fixtures.deepOffset} stories`,
      baselineKind: `OFFSET ${fixtures.deepOffset}`,
      ours: (db) => listLatestStories(db, { now, limit, cursor: fixtures.deepCursor }),
      baseline: (db) => naiveCards(db).where(publicArticleWhere(now)).orderBy(...newestFirst).limit(limit + 1).offset(fixtures.deepOffset),
    },
    {
      name: `similar articles of story ${fixtures.similarOf}`,
      baselineKind: indexesOff,
      ours: (db) => listSimilarStories(db, { articleId: fixtures.similarOf, sectionId: fixtures.similarSection, excludeIds: [], now }),
      baseline: (db) => listSimilarStories(db, { articleId: fixtures.similarOf, sectionId: fixtures.similarSection, excludeIds: [], now }),
    },
    {
      name: "search «والأمريكي بوتين»",
      baselineKind: indexesOff,
      ours: (db) => searchStories(db, "والأمريكي بوتين", { now, page: 1 }).then((r) => r.hits),
      baseline: (db) => searchStories(db, "والأمريكي بوتين", { now, page: 1 }).then((r) => r.hits),
    },
    {
      name: `popular tag, after ${fixtures.tagDeepOffset} stories`,
      baselineKind: `join + OFFSET ${fixtures.tagDeepOffset}`,
      ours: (db) => listTagStories(db, { now, tagId: popular.tagId, limit, cursor: fixtures.tagDeepCursor }),
      baseline: (db) => naiveJoinPage(db, now, { tagId: popular.tagId }, fixtures.tagDeepOffset),
    },
  ];
}

/** The first story id a result shows, from a Page or a row list: both sides must agree. */
function firstId(result: unknown): number | undefined {
  const rows = Array.isArray(result) ? result : (result as { items: { id: number }[] }).items;
  return (rows[0] as { id: number } | undefined)?.id;
}

runCommand(async () => {
  const flags = parseFlags({ runs: { type: "string" } });
  const runs = Number(flags.runs ?? 25);
  if (!Number.isInteger(runs) || runs < 1) throw new Error("usage: npm run bench:queries -- [--runs N]");
  const url = loadEnvOrExit().databaseUrl;
  if (!url) throw new Error("set DATABASE_URL to a Postgres database filled by npm run db:generate");

  const ours = openBenchDatabase(url);
  const withoutIndexes = openBenchDatabase(url, { enable_indexscan: "off", enable_indexonlyscan: "off", enable_bitmapscan: "off" });
  const plain = openBenchDatabase(url);
  try {
    const now = new Date();
    const [counted] = await ours.db.select({ total: sql<number>`count(*)::int` }).from(articles);
    const fixtures = await pickFixtures(ours.db, now);
    const cases = buildCases(now, fixtures);
    console.log(`${counted?.total ?? 0} stories; median of ${runs} runs after 3 warm-up runs, page size ${PAGE}\n`);

    const table: string[][] = [["query", "ours ms", "baseline ms", "speed-up", "baseline", "ours scans"]];
    const plans = new Map<string, Captured>();
    for (const testCase of cases) {
      const baselineBench = testCase.baselineKind.includes("index scans off") ? withoutIndexes : plain;
      const oursResult = await testCase.ours(ours.db);
      const baselineResult = await testCase.baseline(baselineBench.db);
      const agree = firstId(oursResult) === firstId(baselineResult) ? "" : "  (first rows differ!)";
      for (let i = 0; i < 3; i++) await Promise.all([testCase.ours(ours.db), testCase.baseline(baselineBench.db)]);
      const oursMs = await medianMs(() => testCase.ours(ours.db), runs);
      const baselineMs = await medianMs(() => testCase.baseline(baselineBench.db), runs);
      const captured = await capture(ours, testCase.ours);
      if (/^(popular tag \d|similar|search)/.test(testCase.name)) plans.set(testCase.name, captured);
      table.push([
        testCase.name + agree,
        oursMs.toFixed(2),
        baselineMs.toFixed(2),
        `${(baselineMs / oursMs).toFixed(1)}×`,
        testCase.baselineKind,
        await scansUsed(ours, captured),
      ]);
    }
    const widths = table[0]!.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
    for (const row of table) console.log(row.map((cell, column) => (column === 1 || column === 2 || column === 3 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join("  "));
    console.log("\nours scans: from EXPLAIN of the exact SQL each function sent. A Seq Scan on articles, or a bitmap scan");
    console.log("on article_tags_tag_idx / article_authors_user_idx, means the ordered (…, time desc, id desc) index was not used.");

    for (const [name, plan] of plans) {
      console.log(`\nEXPLAIN (ANALYZE, BUFFERS) ${name}:`);
      for (const line of await explain(ours, plan, "analyze, buffers")) console.log(`  ${line}`);
    }
  } finally {
    await Promise.all([ours.client.end({ timeout: 5 }), withoutIndexes.client.end({ timeout: 5 }), plain.client.end({ timeout: 5 })]);
  }
});
