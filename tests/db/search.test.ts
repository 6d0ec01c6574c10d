import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { queryRows, type Database } from "@/db/client";
import { appMeta, sections, tags, users } from "@/db/schema";
import { seedDemoContent } from "@/db/seed";
import { bodyFromPlainText } from "@/lib/articles/body-text";
import { createArticle } from "@/lib/articles/commands";
import { setTagAliases } from "@/lib/tags/commands";
import { ValidationError } from "@/lib/errors";
import { forgetSearchStatistics, searchStories, suggestSpelling } from "@/lib/articles/search";
import { ensureSearchIndexCurrent, reindexSearch, searchIndexVersion } from "@/lib/search/reindex";
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

async function publish(title: string, body: string, tagNames: string[] = [], options: { sectionIndex?: number; draft?: boolean } = {}) {
  const [editor] = await db.select().from(users).where(eq(users.role, "editor"));
  const section = (await db.select().from(sections).orderBy(sections.id))[options.sectionIndex ?? 0];
  const input = { title, dek: "", body: bodyFromPlainText(body), sectionId: section!.id, authorIds: [editor!.id], tagNames };
  const intent = options.draft ? ({ action: "save" } as const) : ({ action: "publish" } as const);
  return (await createArticle(db, input, { userId: editor!.id, role: "editor" }, intent)).id;
}

const hitIds = (result: { hits: { id: number }[] }) => result.hits.map((hit) => hit.id);

it("ranks a near-spelling below every exact match, even one in the body only", async () => {
  // The title's spelling is in the lexicon; the query's is only in another story's body.
  const nearInTitle = await publish("ستولتنبرغ يزور أنقرة", "زيارة تستمر يومين.");
  const exactInBody = await publish("اجتماع لحلف الأطلسي", "قال الأمين العام السابق ستولتنبيرغ إن الحلف باق.");
  const result = await searchStories(db, "ستولتنبيرغ", { now: new Date(), page: 1 });
  expect(result.hits.map((hit) => hit.id)).toEqual([exactInBody, nearInTitle]);
});

it("does not widen a word the lexicon knows, nor a short one", async () => {
  const security = await publish("الأمن يغلق الطريق", "إغلاق مؤقت.");
  const hope = await publish("الأمل في الشفاء", "قصة مريض.");
  const hopeHits = (await searchStories(db, "الأمل", { now: new Date(), page: 1 })).hits.map((hit) => hit.id);
  expect(hopeHits).toContain(hope);
  expect(hopeHits).not.toContain(security);
  expect((await searchStories(db, "الأمن", { now: new Date(), page: 1 })).hits.map((hit) => hit.id)).toContain(security);
  expect((await searchStories(db, "الأمن", { now: new Date(), page: 1 })).hits.map((hit) => hit.id)).not.toContain(hope);
});

it("finds a tag's stories by the aliases an editor gives the tag", async () => {
  const story = await publish("زيارة رسمية لوزير الخارجية", "وصل الوزير صباح اليوم.", ["كايا كالاس"]);
  const [tag] = await db.select().from(tags).where(eq(tags.name, "كايا كالاس"));
  const tagId = tag!.id;
  const byAlias = () => searchStories(db, "الممثلة العليا", { now: new Date(), page: 1 });
  expect((await byAlias()).hits).toEqual([]);

  // The tag's own name, in any spelling, and a repeated alias are dropped.
  const { tag: updated, articleIds } = await setTagAliases(db, tagId, "الممثلة العليا، كايا كالاز, كايا كالاس\nالممثلة العُليا");
  expect(updated.aliases).toEqual(["الممثلة العليا", "كايا كالاز"]);
  expect(articleIds).toEqual([story]);
  expect((await byAlias()).hits.map((hit) => hit.id)).toEqual([story]);

  await setTagAliases(db, tagId, "");
  expect((await byAlias()).hits).toEqual([]);
  const eleven = Array.from({ length: 11 }, (_, i) => `اسم${i}`);
  await expect(setTagAliases(db, tagId, eleven.join("،"))).rejects.toBeInstanceOf(ValidationError);
  // The limit counts what is kept: ten names and a repeat of one of them fit.
  const { tag: full } = await setTagAliases(db, tagId, [...eleven.slice(0, 10), "اسمُ0"].join("،"));
  expect(full.aliases).toEqual(eleven.slice(0, 10));
});

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

it("after an upgrade that changed the indexing, the stories are reindexed once, and not again", async () => {
  const now = new Date();
  const before = (await searchStories(db, "الكرملين", { now, page: 1 })).hits.map((hit) => hit.id);
  // As if this database had been indexed by an older version.
  await db.execute(sql`update articles set search_vector = ''::tsvector`);
  await db.execute(sql`insert into app_meta (key, value) values ('search_index_version', 'older') on conflict (key) do update set value = 'older'`);
  const first = await ensureSearchIndexCurrent(db);
  expect(first?.articles).toBeGreaterThan(0);
  expect((await searchStories(db, "الكرملين", { now, page: 1 })).hits.map((hit) => hit.id)).toEqual(before);
  const [stored] = await db.select().from(appMeta).where(eq(appMeta.key, "search_index_version"));
  expect(stored?.value).toBe(searchIndexVersion());
  expect(await ensureSearchIndexCurrent(db)).toBeNull();
});

it("narrows by section and by date range, and sorts by relevance or by newest", async () => {
  const [first, second] = await db.select().from(sections).orderBy(sections.id);
  // Published in this order: the title match first, the body-only match last.
  const titleMatch = await publish("موسم الزعفران يبدأ مبكراً", "قطاف في الحقول.", [], { sectionIndex: 0 });
  const bodyMatch = await publish("أسواق القرية", "ارتفع سعر الزعفران هذا الأسبوع.", [], { sectionIndex: 1 });
  const now = new Date(Date.now() + 1000);
  const search = (options: Partial<Parameters<typeof searchStories>[2]>) => searchStories(db, "الزعفران", { now, page: 1, ...options });

  expect(hitIds(await search({}))).toEqual([titleMatch, bodyMatch]);
  expect(hitIds(await search({ sort: "newest" }))).toEqual([bodyMatch, titleMatch]);
  expect(hitIds(await search({ sectionId: first!.id }))).toEqual([titleMatch]);
  expect(hitIds(await search({ sectionId: second!.id }))).toEqual([bodyMatch]);
  expect(hitIds(await search({ since: new Date(now.getTime() - 3_600_000) }))).toEqual([titleMatch, bodyMatch]);
  expect(hitIds(await search({ since: now }))).toEqual([]);
  expect(hitIds(await search({ until: new Date(now.getTime() - 3_600_000) }))).toEqual([]);
  expect(hitIds(await search({ since: new Date(now.getTime() - 3_600_000), until: now, sectionId: second!.id }))).toEqual([bodyMatch]);
});

it("suggests «هل تقصد» only when a near-spelling in a public title finds stories under the same filters", async () => {
  const [first, second] = await db.select().from(sections).orderBy(sections.id);
  const olives = await publish("مهرجان الزيتون في جرش", "يستمر المهرجان ثلاثة أيام.", [], { sectionIndex: 0 });
  const now = new Date(Date.now() + 1000);
  // زيتن is four letters: too short to be widened on the reader's behalf, so it finds nothing.
  expect(hitIds(await searchStories(db, "الزيتن", { now, page: 1 }))).toEqual([]);
  expect(await suggestSpelling(db, "الزيتن", { now, page: 1 })).toBe("الزيتون");
  expect(await suggestSpelling(db, "مهرجان الزيتن", { now, page: 1 })).toBe("مهرجان الزيتون");
  expect(hitIds(await searchStories(db, "الزيتون", { now, page: 1 }))).toEqual([olives]);
  // Under a filter the suggestion would find nothing in, it is not offered.
  expect(await suggestSpelling(db, "الزيتن", { now, page: 1, sectionId: first!.id })).toBe("الزيتون");
  expect(await suggestSpelling(db, "الزيتن", { now, page: 1, sectionId: second!.id })).toBeNull();

  // A draft's title feeds the lexicon, but a suggestion never reveals it.
  await publish("صفقة سرية مع شركة قرطاجنة", "لم تنشر بعد.", [], { draft: true });
  expect(await suggestSpelling(db, "قرطاجنا", { now, page: 1 })).toBeNull();
  expect(await suggestSpelling(db, "كلمةلاتشبهشيئا", { now, page: 1 })).toBeNull();
});

it("finds the same stories whether statistics say a word is common (newest-first walk) or not (search index)", async () => {
  const ids: number[] = [];
  for (let i = 0; i < 12; i++) ids.push(await publish(`حصاد الزعتر في القرية رقم ${i}`, "موسم جيد هذا العام."));
  const now = new Date(Date.now() + 1000);
  const before = hitIds(await searchStories(db, "الزعتر", { now, page: 1, sort: "newest" }));
  // ANALYZE lists الزعتر among the most common lexemes only once it is in enough of the stories.
  await db.execute(sql`analyze articles`);
  const [common] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from pg_stats where tablename = 'articles' and attname = 'search_vector' and 'زعتر' = any(most_common_elems::text::text[])`,
  );
  expect(common?.n).toBe(1);
  forgetSearchStatistics(db);
  const after = hitIds(await searchStories(db, "الزعتر", { now: new Date(now.getTime() + 1), page: 1, sort: "newest" }));
  expect(before).toEqual([...ids].reverse().slice(0, 10));
  expect(after).toEqual(before);
});
