import "server-only";
import { createHash } from "node:crypto";
import { asc, eq, gt, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { appMeta, articles, searchLexicon, tags } from "@/db/schema";
import { brokenPlurals } from "@/lib/search/data/broken-plurals";
import { protectedNames, protectedPlaces } from "@/lib/search/data/protected-words";
import { wordVariants } from "@/lib/search/data/word-variants";
import { lexiconTerms, tagSearchNames } from "@/lib/articles/search-document";
import { refreshArticleSearch } from "@/lib/tags/commands";
import { tagIdentity } from "@/lib/tags/resolve";

const BATCH = 500;

export type ReindexReport = { articles: number; lexiconTerms: number; tagsRenamed: number; tagCollisions: string[] };

/**
 * Rewrites what search derives from stories after lib/search changes (stems, tables, letter
 * folds): every story's search vector, the near-spelling lexicon, and each tag's normalised
 * identity. Stories go in batches of BATCH, one transaction each, so readers keep searching.
 * Two tags whose names now fold to one identity are left as they are and reported: merging
 * them is an editor's decision (admin → tags → merge).
 */
export async function reindexSearch(db: Database, onProgress: (done: number) => void = () => {}): Promise<ReindexReport> {
  const report: ReindexReport = { articles: 0, lexiconTerms: 0, tagsRenamed: 0, tagCollisions: [] };

  const allTags = await db.select({ id: tags.id, name: tags.name, aliases: tags.aliases, normalizedName: tags.normalizedName }).from(tags);
  const owners = new Map(allTags.map((tag) => [tag.normalizedName, tag.id]));
  for (const tag of allTags) {
    const identity = tagIdentity(tag.name);
    if (identity === tag.normalizedName) continue;
    const owner = owners.get(identity);
    if (owner !== undefined && owner !== tag.id) {
      report.tagCollisions.push(`${tag.name} (#${tag.id}) ↔ #${owner}`);
      continue;
    }
    await db.update(tags).set({ normalizedName: identity }).where(eq(tags.id, tag.id));
    owners.delete(tag.normalizedName);
    owners.set(identity, tag.id);
    report.tagsRenamed += 1;
  }

  let lastId = 0;
  const terms = new Set(lexiconTerms(tagSearchNames(allTags)));
  for (;;) {
    const batch = await db
      .select({ id: articles.id, title: articles.title })
      .from(articles)
      .where(gt(articles.id, lastId))
      .orderBy(asc(articles.id))
      .limit(BATCH);
    if (!batch.length) break;
    await db.transaction((tx) => refreshArticleSearch(tx, batch.map((row) => row.id)));
    for (const term of lexiconTerms(batch.map((row) => row.title))) terms.add(term);
    lastId = batch[batch.length - 1]!.id;
    report.articles += batch.length;
    onProgress(report.articles);
  }

  // The lexicon is derived data: rebuilt whole, in one transaction, so near-spellings never see it half-empty.
  const sorted = [...terms].sort();
  await db.transaction(async (tx) => {
    await tx.execute(sql`delete from ${searchLexicon}`);
    for (let start = 0; start < sorted.length; start += BATCH) {
      await tx.insert(searchLexicon).values(sorted.slice(start, start + BATCH).map((term) => ({ term }))).onConflictDoNothing();
    }
  });
  report.lexiconTerms = sorted.length;
  return report;
}

/**
 * Bump when normalisation or stemming code (lib/search/letters.ts, stem.ts, normalize.ts) changes
 * what a word indexes as. The tables in lib/search/data are fingerprinted by their content, so an
 * edit there needs no bump.
 */
const SEARCH_ALGORITHM_VERSION = 2;
const INDEX_VERSION_KEY = "search_index_version";

/** What the stored search data was built with: the algorithm's version and the tables' content. */
export function searchIndexVersion(): string {
  const tables = JSON.stringify([brokenPlurals, protectedNames, protectedPlaces, wordVariants]);
  return `${SEARCH_ALGORITHM_VERSION}:${createHash("sha256").update(tables).digest("hex").slice(0, 16)}`;
}

/**
 * Reindexes once when the stored search data was built by another version (an upgrade, or an
 * edit to the tables), so stories saved before are found the way new ones are. `npm start` and
 * `npm run db:migrate` call it after the migrations. Returns the report, or null when current.
 */
export async function ensureSearchIndexCurrent(db: Database, onProgress?: (done: number) => void): Promise<ReindexReport | null> {
  const version = searchIndexVersion();
  const [stored] = await db.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, INDEX_VERSION_KEY));
  if (stored?.value === version) return null;
  // An empty database has nothing to rebuild: what is saved from now on is indexed by this version.
  const [anyStory] = await db.select({ id: articles.id }).from(articles).limit(1);
  const report = anyStory ? await reindexSearch(db, onProgress) : null;
  await db
    .insert(appMeta)
    .values({ key: INDEX_VERSION_KEY, value: version, updatedAt: new Date() })
    .onConflictDoUpdate({ target: appMeta.key, set: { value: version, updatedAt: new Date() } });
  return report;
}
