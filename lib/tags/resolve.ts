import "server-only";
import { eq, inArray, sql } from "drizzle-orm";
import { queryRows, type Executor } from "@/db/client";
import { tagRedirects, tags, type Tag } from "@/db/schema";
import { slugify } from "@/lib/i18n/slug";
import { normalizeArabic } from "@/lib/search/normalize";

/** A tag's identity: two spellings that normalise alike (الكرملين / الكرمَلين) are one tag. */
export function tagIdentity(name: string): string {
  return normalizeArabic(name).trim();
}

/**
 * Finds each named tag by its normalised name and creates the missing ones, in the caller's
 * transaction. Returns tags in the order given, without duplicates. The unique index on
 * normalized_name makes a concurrent duplicate impossible: the loser of the race re-reads.
 */
export async function findOrCreateTags(tx: Executor, names: string[]): Promise<Tag[]> {
  const wanted = new Map<string, string>();
  for (const raw of names) {
    const name = raw.trim().replace(/\s+/g, " ");
    const identity = tagIdentity(name);
    if (identity && !wanted.has(identity)) wanted.set(identity, name);
  }
  if (wanted.size === 0) return [];
  const identities = [...wanted.keys()];
  const existing = await tx.select().from(tags).where(inArray(tags.normalizedName, identities));
  const byIdentity = new Map(existing.map((tag) => [tag.normalizedName, tag]));
  for (const [identity, name] of wanted) {
    if (byIdentity.has(identity)) continue;
    const slug = await uniqueTagSlug(tx, name);
    const [created] = await tx
      .insert(tags)
      .values({ name, slug, normalizedName: identity })
      .onConflictDoNothing({ target: tags.normalizedName })
      .returning();
    const tag = created ?? (await tx.select().from(tags).where(eq(tags.normalizedName, identity)))[0];
    if (!tag) throw new Error(`tag ${identity} vanished while being created`);
    byIdentity.set(identity, tag);
  }
  return identities.map((identity) => byIdentity.get(identity)!);
}

/** A slug no live tag and no redirect uses, so old links never point at the wrong tag. */
export async function uniqueTagSlug(tx: Executor, name: string, exceptTagId?: number): Promise<string> {
  const base = slugify(name, 60) || "وسم";
  for (let attempt = 0; attempt < 50; attempt++) {
    const candidate = attempt === 0 ? base : `${base}-${attempt + 1}`;
    const [taken] = await queryRows<{ taken: boolean }>(tx, sql`
      select exists(select 1 from ${tags} where ${tags.slug} = ${candidate} and ${tags.id} <> ${exceptTagId ?? 0})
          or exists(select 1 from ${tagRedirects} where ${tagRedirects.slug} = ${candidate}
                    and ${tagRedirects.tagId} <> ${exceptTagId ?? 0}) as taken`);
    if (!taken?.taken) return candidate;
  }
  throw new Error(`no free slug for tag ${name}`);
}
