import { count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { queryRows } from "@/db/client";
import { articleLinks, articles, articleTags, sections, tags, users } from "@/db/schema";
import { seedDemoContent } from "@/db/seed";
import { demoStories } from "@/db/seed/demo-content";
import { createArticle } from "@/lib/articles/commands";
import { bodyFromPlainText } from "@/lib/articles/body-text";
import { createUser } from "@/lib/users/commands";
import { openTestDatabase } from "./support";

let db: Database;
let close: () => Promise<void>;

beforeAll(async () => {
  const opened = await openTestDatabase();
  db = opened.handle.db;
  close = opened.close;
});
afterAll(() => close());

/** Runs a statement that must fail on a constraint, and returns the error text. */
async function violation(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    const e = error as { message?: string; cause?: { message?: string } };
    return `${e.message ?? ""} ${e.cause?.message ?? ""}`;
  }
  throw new Error("expected a constraint violation, but the statement succeeded");
}

describe("migrations on an empty database", () => {
  it("create every table and the trigram extension", async () => {
    const rows = await queryRows<{ table_name: string }>(
      db,
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    expect(rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining([
        "api_keys", "app_meta", "article_authors", "article_links", "article_revisions", "article_tags",
        "articles", "login_attempts", "media", "search_lexicon", "sections", "tag_redirects", "tags", "users",
      ]),
    );
    const [ext] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from pg_extension where extname = 'pg_trgm'`);
    expect(ext?.n).toBe(1);
  });
});

describe("seed", () => {
  it("puts the demo newsroom in, and a second run adds nothing", async () => {
    const first = await seedDemoContent(db, { heroImages: false });
    expect(first.stories).toBe(demoStories.length);
    const before = await db.select({ n: count() }).from(articles);
    const second = await seedDemoContent(db, { heroImages: false });
    expect(second.skipped).toBe(true);
    const after = await db.select({ n: count() }).from(articles);
    expect(after[0]?.n).toBe(before[0]?.n);
    expect(before[0]?.n).toBeGreaterThanOrEqual(40);
  });

  it("folds a tag written with tashkeel into the same tag", async () => {
    const kremlin = await db.select().from(tags).where(eq(tags.normalizedName, "الكرملين"));
    expect(kremlin).toHaveLength(1);
    const withTashkeel = await db.select().from(tags).where(sql`${tags.name} like '%َ%'`);
    expect(withTashkeel).toHaveLength(0);
  });
});

describe("constraints", () => {
  it("refuses a duplicate or upper-case email", async () => {
    const [user] = await db.select().from(users).limit(1);
    const { id: _id, ...copy } = user!;
    expect(await violation(() => db.insert(users).values(copy)))
      .toMatch(/users_email_unique|users_slug_unique|duplicate/);
    expect(
      await violation(() =>
        db.insert(users).values({ email: "Upper@Example.com", displayName: "x", slug: "upper-x", passwordHash: "x" }),
      ),
    ).toMatch(/users_email_lower/);
  });

  it("refuses two tags with one normalised name", async () => {
    const [tag] = await db.select().from(tags).limit(1);
    expect(
      await violation(() => db.insert(tags).values({ name: "نسخة", slug: "another-slug-x", normalizedName: tag!.normalizedName })),
    ).toMatch(/tags_normalized_name_unique|duplicate/);
  });

  it("refuses a read-also self link and a duplicate link", async () => {
    const [a, b] = await db.select({ id: articles.id }).from(articles).limit(2);
    expect(await violation(() => db.insert(articleLinks).values({ articleId: a!.id, linkedArticleId: a!.id, position: 90 })))
      .toMatch(/article_links_no_self/);
    await db.delete(articleLinks).where(eq(articleLinks.articleId, a!.id));
    await db.insert(articleLinks).values({ articleId: a!.id, linkedArticleId: b!.id, position: 0 });
    expect(await violation(() => db.insert(articleLinks).values({ articleId: a!.id, linkedArticleId: b!.id, position: 1 })))
      .toMatch(/article_links_pkey|duplicate/);
  });

  it("refuses a scheduled story without a time and a duplicate tag on a story", async () => {
    const [a] = await db.select().from(articles).limit(1);
    expect(await violation(() => db.update(articles).set({ status: "scheduled", scheduledAt: null }).where(eq(articles.id, a!.id))))
      .toMatch(/articles_scheduled_has_time/);
    const [link] = await db.select().from(articleTags).limit(1);
    expect(await violation(() => db.insert(articleTags).values({ ...link! }))).toMatch(/article_tags_pkey|duplicate/);
  });

  it("refuses a story in a section that does not exist", async () => {
    const [a] = await db.select().from(articles).limit(1);
    expect(await violation(() => db.update(articles).set({ sectionId: 999_999 }).where(eq(articles.id, a!.id))))
      .toMatch(/foreign key|articles_section_id/);
  });
});

describe("one save is one transaction", () => {
  it("leaves nothing behind when a reference is missing", async () => {
    const [section] = await db.select().from(sections).limit(1);
    const writer = await createUser(db, { email: "tx@example.com", displayName: "كاتب", role: "writer", password: "long-enough-password" });
    const before = await db.select({ n: count() }).from(tags);
    await expect(
      createArticle(
        db,
        {
          title: "خبر لن يُحفظ",
          body: bodyFromPlainText("فقرة"),
          sectionId: section!.id,
          authorIds: [writer.id],
          tagNames: ["وسم جديد لن يبقى"],
          readAlsoIds: [987_654],
        },
        { userId: writer.id, role: "writer" },
      ),
    ).rejects.toThrow();
    const after = await db.select({ n: count() }).from(tags);
    expect(after[0]?.n).toBe(before[0]?.n);
  });
});
