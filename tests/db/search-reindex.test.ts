import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { seedDemoContent } from "@/db/seed";
import { searchStories } from "@/lib/articles/search";
import { reindexSearch } from "@/lib/search/reindex";
import { openTestDatabase } from "./support";

let db: Database;
let close: () => Promise<void>;

beforeAll(async () => {
  const opened = await openTestDatabase();
  db = opened.handle.db;
  close = opened.close;
  await seedDemoContent(db, { heroImages: false });
});
afterAll(() => close());

it("search:reindex rebuilds the search vectors and the lexicon from the stories", async () => {
  const now = new Date();
  const before = (await searchStories(db, "الكرملين", { now, page: 1 })).hits.map((hit) => hit.id);
  expect(before.length).toBeGreaterThan(0);
  // As if the stories had been indexed by an older stemmer that left nothing behind.
  await db.execute(sql`update articles set search_vector = ''::tsvector`);
  await db.execute(sql`delete from search_lexicon`);
  expect((await searchStories(db, "الكرملين", { now, page: 1 })).hits).toEqual([]);

  const report = await reindexSearch(db);
  expect(report.articles).toBeGreaterThan(0);
  expect(report.lexiconTerms).toBeGreaterThan(0);
  expect(report.tagCollisions).toEqual([]);
  expect((await searchStories(db, "الكرملين", { now, page: 1 })).hits.map((hit) => hit.id)).toEqual(before);
});
