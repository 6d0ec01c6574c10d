import "server-only";
import { asc, eq } from "drizzle-orm";
import { isIP } from "node:net";
import { z } from "zod";
import type { Database, Executor } from "@/db/client";
import { MAX_ROW_ID } from "@/db/ids";
import { articles, sections, users, wireSources, type UserRole } from "@/db/schema";
import { articleDraftSchema } from "@/lib/articles/schemas";
import { articleCacheRefs } from "@/lib/articles/cache-refs";
import { can } from "@/lib/auth/permissions";
import { revalidateCacheTags } from "@/lib/cache/revalidate";
import { tagsForArticleChange } from "@/lib/cache/tags";
import { ForbiddenError, NotFoundError, ValidationError, fieldErrorsFromIssues } from "@/lib/errors";
import { findAuthorIdsBySlugs } from "@/lib/users/queries";
import { isNonPublicAddress } from "@/lib/wire/address-guard";

// The outlets the wire desk polls. One schema for the admin form and POST /api/v1/wire/sources,
// in the API's words: {name, url, section, tags, intervalMinutes, mode, canonical, allowHost, authorId}.

export type WireSource = typeof wireSources.$inferSelect;
type Actor = { userId: number | null; role: UserRole };

const rowId = z.coerce
  .number({ error: "معرّف غير صالح" })
  .int({ error: "معرّف غير صالح" })
  .positive({ error: "معرّف غير صالح" })
  .max(MAX_ROW_ID, { error: "معرّف غير صالح" });

export const wireSourceInputSchema = z
  .object({
    name: z.string({ error: "اسم المصدر مطلوب" }).trim().min(2, { error: "اسم المصدر مطلوب" }).max(120, { error: "اسم المصدر أطول من 120 حرفاً" }),
    url: z
      .string({ error: "رابط الخلاصة مطلوب" })
      .trim()
      .min(1, { error: "رابط الخلاصة مطلوب" })
      .max(500, { error: "رابط الخلاصة أطول من 500 حرف" })
      .refine(isHttpUrl, { error: "رابط الخلاصة يجب أن يبدأ بـ http:// أو https://" }),
    /** A section's slug or id. */
    section: z.union([rowId, z.string().trim().min(1).max(100)], { error: "القسم مطلوب" }),
    tags: articleDraftSchema.shape.tagNames,
    intervalMinutes: z.coerce
      .number({ error: "الفاصل بالدقائق" })
      .int({ error: "الفاصل عدد صحيح من الدقائق" })
      .min(1, { error: "الفاصل دقيقة على الأقل" })
      .max(1440, { error: "الفاصل لا يزيد على يوم (1440 دقيقة)" })
      .default(15),
    mode: z.enum(["queue", "auto"], { error: "الوضع queue أو auto" }).default("queue"),
    canonical: z.enum(["ours", "original"], { error: "الرابط المعتمد ours أو original" }).default("ours"),
    allowHost: z.boolean({ error: "allowHost يجب أن يكون true أو false" }).default(false),
    /** Registered paused: polled only by hand until resumed. */
    paused: z.boolean({ error: "paused يجب أن يكون true أو false" }).default(false),
    /** The byline of stories published with no editor at the keyboard; required for auto-publish. */
    authorId: rowId.nullable().default(null),
    /** The same byline by the author's slug, as the JSON API names authors elsewhere. */
    author: z.string({ error: "author رابط صفحة الكاتب" }).trim().min(1).max(100).optional(),
  })
  .superRefine((input, ctx) => {
    if (input.mode === "auto" && input.authorId === null && !input.author) {
      ctx.addIssue({ code: "custom", path: ["authorId"], message: "النشر التلقائي يحتاج كاتباً يُنسب إليه الخبر" });
    }
    if (!input.allowHost && isPrivateHostLiteral(input.url)) {
      ctx.addIssue({ code: "custom", path: ["url"], message: "عنوان داخلي أو محجوز: لا يُجلب منه إلا بإذن صريح (allowHost)" });
    }
  });

export type WireSourceInput = z.input<typeof wireSourceInputSchema>;

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname.length > 0 && !url.username && !url.password;
  } catch {
    return false;
  }
}

/** An IP literal or localhost that the fetcher would refuse: said at once on the form. */
function isPrivateHostLiteral(value: string): boolean {
  try {
    const host = new URL(value).hostname.replace(/^\[|\]$/g, "").toLowerCase();
    if (host === "localhost" || host.endsWith(".localhost")) return true;
    return isIP(host) !== 0 && isNonPublicAddress(host);
  } catch {
    return false;
  }
}

function assertManages(actor: Actor) {
  if (!can(actor, "manageWireSources")) throw new ForbiddenError("إدارة مصادر الوكالات من صلاحيات المدير");
}

async function resolveInput(db: Executor, input: unknown) {
  const parsed = wireSourceInputSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrorsFromIssues(parsed.error.issues));
  const data = parsed.data;
  const [section] = await db
    .select({ id: sections.id })
    .from(sections)
    .where(typeof data.section === "number" ? eq(sections.id, data.section) : eq(sections.slug, data.section));
  const errors: Record<string, string[]> = {};
  if (!section) errors.section = ["القسم غير موجود"];
  let authorId = data.authorId;
  if (data.author) {
    const { ids, unknown } = await findAuthorIdsBySlugs(db, [data.author]);
    if (unknown.length) errors.author = [`لا يوجد كاتب بالرابط: ${data.author}`];
    authorId = ids[0] ?? null;
  } else if (authorId !== null) {
    const [author] = await db.select({ id: users.id }).from(users).where(eq(users.id, authorId));
    if (!author) errors.authorId = ["الكاتب غير موجود"];
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return {
    name: data.name,
    feedUrl: new URL(data.url).href,
    sectionId: section!.id,
    tagNames: data.tags,
    intervalMinutes: data.intervalMinutes,
    mode: data.mode,
    canonical: data.canonical,
    allowPrivateHost: data.allowHost,
    authorId,
    paused: data.paused,
  };
}

const duplicateUrl = () => new ValidationError({ url: ["هذه الخلاصة مسجّلة من قبل"] });

export async function createWireSource(db: Database, input: unknown, actor: Actor): Promise<WireSource> {
  assertManages(actor);
  return db.transaction(async (tx) => {
    const values = await resolveInput(tx, input);
    const [row] = await tx
      .insert(wireSources)
      .values({ ...values, createdBy: actor.userId })
      .onConflictDoNothing({ target: wireSources.feedUrl })
      .returning();
    if (!row) throw duplicateUrl();
    return row;
  });
}

export async function updateWireSource(db: Database, sourceId: number, input: unknown, actor: Actor): Promise<WireSource> {
  assertManages(actor);
  let storiesToRefresh: number[] = [];
  const updated = await db.transaction(async (tx) => {
    const [previous] = await tx.select().from(wireSources).where(eq(wireSources.id, sourceId)).for("update");
    if (!previous) throw new NotFoundError("المصدر غير موجود");
    // Pausing and resuming is setWireSourcePaused's: an edit keeps the source as it is.
    const { paused: _keptAsIs, ...values } = await resolveInput(tx, input);
    const [clash] = await tx.select({ id: wireSources.id }).from(wireSources).where(eq(wireSources.feedUrl, values.feedUrl));
    if (clash && clash.id !== sourceId) throw duplicateUrl();
    const feedChanged = values.feedUrl !== previous.feedUrl;
    const [row] = await tx
      .update(wireSources)
      .set({
        ...values,
        // A new URL is a new conversation: forget the old validators and poll it now.
        ...(feedChanged ? { etag: null, lastModified: null, failures: 0, nextPollAt: new Date() } : {}),
      })
      .where(eq(wireSources.id, sourceId))
      .returning();
    // Its stories keep the outlet's name and canonical choice in step with the source.
    if (values.name !== previous.name || values.canonical !== previous.canonical) {
      const stories = await tx
        .update(articles)
        .set({ sourceName: values.name, sourceIsCanonical: values.canonical === "original" })
        .where(eq(articles.wireSourceId, sourceId))
        .returning({ id: articles.id });
      storiesToRefresh = stories.map((story) => story.id);
    }
    return row!;
  });
  if (storiesToRefresh.length) {
    revalidateCacheTags(tagsForArticleChange({ articleIds: storiesToRefresh, ...(await articleCacheRefs(db, storiesToRefresh)) }));
  }
  return updated;
}

export async function setWireSourcePaused(db: Database, sourceId: number, paused: boolean, actor: Actor): Promise<void> {
  assertManages(actor);
  const [row] = await db
    .update(wireSources)
    // Resuming polls at once, and forgets the back-off of a source that was failing.
    .set(paused ? { paused } : { paused, failures: 0, nextPollAt: new Date() })
    .where(eq(wireSources.id, sourceId))
    .returning({ id: wireSources.id });
  if (!row) throw new NotFoundError("المصدر غير موجود");
}

export async function listWireSources(db: Executor): Promise<(WireSource & { sectionName: string; authorName: string | null })[]> {
  const rows = await db
    .select({ source: wireSources, sectionName: sections.name, authorName: users.displayName })
    .from(wireSources)
    .innerJoin(sections, eq(sections.id, wireSources.sectionId))
    .leftJoin(users, eq(users.id, wireSources.authorId))
    .orderBy(asc(wireSources.name), asc(wireSources.id));
  return rows.map((row) => ({ ...row.source, sectionName: row.sectionName, authorName: row.authorName }));
}

export async function getWireSource(db: Executor, sourceId: number): Promise<WireSource | undefined> {
  const [row] = await db.select().from(wireSources).where(eq(wireSources.id, sourceId));
  return row;
}

/** What the API answers for a source: its settings and its health. */
export function wireSourceView(source: WireSource) {
  return {
    id: source.id,
    name: source.name,
    url: source.feedUrl,
    sectionId: source.sectionId,
    tags: source.tagNames,
    intervalMinutes: source.intervalMinutes,
    mode: source.mode,
    canonical: source.canonical,
    allowHost: source.allowPrivateHost,
    authorId: source.authorId,
    paused: source.paused,
    lastPolledAt: source.lastPolledAt?.toISOString() ?? null,
    lastSuccessAt: source.lastSuccessAt?.toISOString() ?? null,
    lastError: source.lastError,
    lastErrorAt: source.lastErrorAt?.toISOString() ?? null,
    failures: source.failures,
    nextPollAt: source.nextPollAt.toISOString(),
  };
}
