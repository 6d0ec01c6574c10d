import "server-only";
import { asc, eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { sections, type Section } from "@/db/schema";

// Sections are few and ordered by hand (position), so every list reads them all.

export async function listSections(db: Executor): Promise<Section[]> {
  return db.select().from(sections).orderBy(asc(sections.position), asc(sections.id));
}

export async function listSectionOptions(db: Executor) {
  return db.select({ id: sections.id, name: sections.name }).from(sections).orderBy(asc(sections.position), asc(sections.id));
}

export async function findSectionBySlug(db: Executor, slug: string): Promise<Section | undefined> {
  const [section] = await db.select().from(sections).where(eq(sections.slug, slug));
  return section;
}
