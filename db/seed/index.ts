import { eq, inArray } from "drizzle-orm";
import { randomBytes } from "node:crypto";
import type { Database } from "@/db/client";
import { appMeta, articleLinks, articles, media, sections, users } from "@/db/schema";
import { bodyFromBlocks } from "@/lib/articles/body-text";
import { createArticle, type Actor } from "@/lib/articles/commands";
import { storeImage } from "@/lib/media/storage";
import { createUser } from "@/lib/users/commands";
import { renderHeroArt } from "./hero-art";
import { demoAuthors, demoSections, demoStories } from "./demo-content";
import type { DemoStory } from "./types";

const SEEDED_KEY = "demo_seeded_at";
const storyKey = (key: string) => `demo_story:${key}`;

export type SeedReport = { sections: number; authors: number; stories: number; skipped: boolean };

/**
 * Puts the original demo newsroom into any database. Idempotent: every story records its key in
 * app_meta as it is written, so a second run (or a run after an interrupted one) adds nothing twice.
 */
export async function seedDemoContent(db: Database, options: { now?: Date; heroImages?: boolean } = {}): Promise<SeedReport> {
  const now = options.now ?? new Date();
  const report: SeedReport = { sections: 0, authors: 0, stories: 0, skipped: false };
  const [done] = await db.select().from(appMeta).where(eq(appMeta.key, SEEDED_KEY));
  if (done) return { ...report, skipped: true };

  const insertedSections = await db
    .insert(sections)
    .values(demoSections.map(({ slug, name, position }) => ({ slug, name, position })))
    .onConflictDoNothing()
    .returning();
  report.sections = insertedSections.length;
  const sectionIdBySlug = new Map(
    (await db.select().from(sections).where(inArray(sections.slug, demoSections.map((s) => s.slug)))).map((s) => [s.slug, s.id]),
  );

  for (const author of demoAuthors) {
    const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, author.email));
    if (existing) continue;
    // Bylines are real accounts; nobody knows this password until an admin resets it.
    await createUser(db, { ...author, displayName: author.name, password: randomBytes(24).toString("base64url") });
    report.authors++;
  }
  const authorRows = await db.select().from(users).where(inArray(users.email, demoAuthors.map((a) => a.email)));
  const authorIdByEmail = new Map(authorRows.map((u) => [u.email, u.id]));
  const seedActor: Actor = { userId: authorRows.find((u) => u.role === "editor")?.id ?? null, role: "editor" };

  const written = new Map<string, number>(
    (await db.select().from(appMeta)).filter((m) => m.key.startsWith("demo_story:")).map((m) => [m.key.slice(11), Number(m.value)]),
  );
  // Oldest first, so ids grow with publication time as they would in a real newsroom.
  const ordered = [...demoStories].sort((a, b) => b.hoursAgo - a.hoursAgo);
  for (const story of ordered) {
    if (written.has(story.key)) continue;
    const publishedAt = new Date(now.getTime() - story.hoursAgo * 3_600_000);
    const heroMediaId = options.heroImages === false || story.heroImage === false ? null : await createHeroImage(db, story);
    const saved = await createArticle(
      db,
      {
        title: story.title,
        dek: story.dek,
        body: bodyFromBlocks(story.body),
        sectionId: sectionIdBySlug.get(story.section)!,
        authorIds: story.authors.map((email) => authorIdByEmail.get(email)!),
        tagNames: story.tags,
        sourceName: story.sourceName ?? "",
        sourceUrl: story.sourceUrl ?? "",
        isBreaking: story.isBreaking ?? false,
        heroMediaId,
        correction: story.correction ?? "",
      },
      seedActor,
      { action: "publish" },
      { now: publishedAt, note: "demo seed" },
    );
    written.set(story.key, saved.id);
    await db.insert(appMeta).values({ key: storyKey(story.key), value: String(saved.id) }).onConflictDoNothing();
    report.stories++;
    if (story.updatedHoursAgo !== undefined) {
      await markUpdated(db, saved.id, new Date(now.getTime() - story.updatedHoursAgo * 3_600_000));
    }
  }

  // Read-also links point at other demo stories, so they are written once every story has an id.
  for (const story of demoStories) {
    const from = written.get(story.key);
    if (!from || !story.readAlso?.length) continue;
    const links = story.readAlso
      .map((key, position) => ({ articleId: from, linkedArticleId: written.get(key)!, position }))
      .filter((link) => link.linkedArticleId !== undefined && link.linkedArticleId !== from);
    await db.insert(articleLinks).values(links).onConflictDoNothing();
  }
  await db.insert(appMeta).values({ key: SEEDED_KEY, value: now.toISOString() }).onConflictDoNothing();
  return report;
}

async function markUpdated(db: Database, articleId: number, updatedAt: Date) {
  await db.update(articles).set({ updatedAt, savedAt: updatedAt }).where(eq(articles.id, articleId));
}

async function createHeroImage(db: Database, story: DemoStory): Promise<number> {
  const stored = await storeImage(db, await renderHeroArt(story.key, story.section));
  const [row] = await db
    .insert(media)
    .values({
      path: stored.path,
      mimeType: stored.mimeType,
      width: stored.width,
      height: stored.height,
      bytes: stored.bytes,
      alt: `رسم توضيحي لخبر: ${story.title}`,
      caption: `رسم توضيحي لقسم ${demoSections.find((s) => s.slug === story.section)?.name ?? ""}`,
      credit: "قسم الجرافيك",
    })
    .returning({ id: media.id });
  return row!.id;
}
