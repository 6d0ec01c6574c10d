import "server-only";
import { and, asc, desc, eq, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import type { Database, Executor } from "@/db/client";
import { articles, wireEntries, wireItems, wireSources, type UserRole } from "@/db/schema";
import type { ArticleBody } from "@/lib/articles/body-schema";
import { createArticle, type Actor, type SaveResult } from "@/lib/articles/commands";
import { DEK_MAX, TITLE_MAX } from "@/lib/articles/schemas";
import { can } from "@/lib/auth/permissions";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { htmlToArticleBody } from "@/lib/wire/html-to-body";
import { cutAtWord } from "@/lib/wire/parse-feed";

// The wire desk: the queue of what outlets sent, one row per story however many outlets sent it,
// and what editors do with it: ignore it (and undo that), or draft and publish a story from it.
// A story made from an item carries the outlet's attribution, locked (claimWireAttribution).

export const WIRE_STATUSES = ["new", "used", "ignored"] as const;
export type WireItemStatus = (typeof WIRE_STATUSES)[number];
export const WIRE_PAGE_SIZE = 30;

export type WireEntryView = {
  id: number;
  sourceId: number;
  sourceName: string;
  title: string;
  lead: string;
  url: string;
  publishedAt: Date | null;
  seenAt: Date;
};

export type WireItemView = {
  id: number;
  status: WireItemStatus;
  sortAt: Date;
  articleId: number | null;
  statusChangedAt: Date | null;
  /** The outlets' copies, the first one seen first. */
  entries: WireEntryView[];
};

export type WireQueueFilter = { sourceId?: number | null; status?: WireItemStatus | null; before?: { sortAt: Date; id: number } | null };

function assertReads(actor: { role: UserRole }) {
  if (!can(actor, "readWire")) throw new ForbiddenError();
}

/** A page of the queue, newest first; `next` is the cursor of the page after it. */
export async function listWireQueue(
  db: Executor,
  filter: WireQueueFilter,
  limit = WIRE_PAGE_SIZE,
): Promise<{ items: WireItemView[]; next: { sortAt: Date; id: number } | null }> {
  const conditions: SQL[] = [];
  if (filter.status) conditions.push(eq(wireItems.status, filter.status));
  if (filter.sourceId) {
    conditions.push(sql`exists (select 1 from ${wireEntries} where ${wireEntries.itemId} = ${wireItems.id} and ${wireEntries.sourceId} = ${filter.sourceId})`);
  }
  if (filter.before) {
    conditions.push(or(lt(wireItems.sortAt, filter.before.sortAt), and(eq(wireItems.sortAt, filter.before.sortAt), lt(wireItems.id, filter.before.id)))!);
  }
  const rows = await db
    .select({ item: wireItems, articleId: articles.id })
    .from(wireItems)
    .leftJoin(articles, eq(articles.wireItemId, wireItems.id))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(wireItems.sortAt), desc(wireItems.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const entries = await entriesOf(db, page.map((row) => row.item.id));
  const items = page.map(({ item, articleId }) => ({
    id: item.id,
    status: item.status,
    sortAt: item.sortAt,
    articleId,
    statusChangedAt: item.statusChangedAt,
    entries: entries.get(item.id) ?? [],
  }));
  const last = page[page.length - 1]?.item;
  return { items, next: rows.length > limit && last ? { sortAt: last.sortAt, id: last.id } : null };
}

async function entriesOf(db: Executor, itemIds: number[]): Promise<Map<number, WireEntryView[]>> {
  const byItem = new Map<number, WireEntryView[]>();
  if (!itemIds.length) return byItem;
  const rows = await db
    .select({
      itemId: wireEntries.itemId,
      id: wireEntries.id,
      sourceId: wireEntries.sourceId,
      sourceName: wireSources.name,
      title: wireEntries.title,
      lead: wireEntries.lead,
      url: wireEntries.url,
      publishedAt: wireEntries.publishedAt,
      seenAt: wireEntries.seenAt,
    })
    .from(wireEntries)
    .innerJoin(wireSources, eq(wireSources.id, wireEntries.sourceId))
    .where(inArray(wireEntries.itemId, itemIds))
    .orderBy(asc(wireEntries.seenAt), asc(wireEntries.id));
  for (const { itemId, ...entry } of rows) {
    const list = byItem.get(itemId) ?? [];
    list.push(entry);
    byItem.set(itemId, list);
  }
  return byItem;
}

export async function getWireItem(db: Executor, itemId: number): Promise<WireItemView | null> {
  const [row] = await db
    .select({ item: wireItems, articleId: articles.id })
    .from(wireItems)
    .leftJoin(articles, eq(articles.wireItemId, wireItems.id))
    .where(eq(wireItems.id, itemId));
  if (!row) return null;
  const entries = await entriesOf(db, [itemId]);
  return { id: row.item.id, status: row.item.status, sortAt: row.item.sortAt, articleId: row.articleId, statusChangedAt: row.item.statusChangedAt, entries: entries.get(itemId) ?? [] };
}

/** «تجاهل»: the item leaves the new queue. Undone by restoreWireItem. */
export async function ignoreWireItem(db: Executor, itemId: number, actor: Actor, now = new Date()): Promise<void> {
  await setTriage(db, itemId, "new", "ignored", actor, now);
}

/** Brings an ignored item back to the queue. */
export async function restoreWireItem(db: Executor, itemId: number, actor: Actor, now = new Date()): Promise<void> {
  await setTriage(db, itemId, "ignored", "new", actor, now);
}

async function setTriage(db: Executor, itemId: number, from: WireItemStatus, to: WireItemStatus, actor: Actor, now: Date) {
  if (!can(actor, "triageWire")) throw new ForbiddenError("تجاهل أخبار الوكالات من صلاحيات المحرر");
  const [row] = await db
    .update(wireItems)
    .set({ status: to, statusChangedAt: now, statusChangedBy: actor.userId })
    .where(and(eq(wireItems.id, itemId), eq(wireItems.status, from)))
    .returning({ id: wireItems.id });
  if (row) return;
  const [item] = await db.select({ status: wireItems.status }).from(wireItems).where(eq(wireItems.id, itemId));
  if (!item) throw new NotFoundError("الخبر غير موجود في الوارد");
  if (item.status === "used") throw new ConflictError("صار هذا الخبر قصة منشورة أو مسودة");
  // Already where it was asked to go (a double click, two editors): nothing to do.
}

// ------------------------------------------------------------------ drafting and publishing

export type WireDraft = {
  itemId: number;
  sourceId: number;
  sourceName: string;
  sourceUrl: string;
  title: string;
  dek: string;
  body: ArticleBody;
  sectionId: number;
  tagNames: string[];
  /** The source's byline for stories published without an editor; null when it has none. */
  authorId: number | null;
  /** The story already made from this item, if any: a second one would be refused. */
  usedByArticleId: number | null;
};

/**
 * What «حرّر وانشر» opens the story editor with: the chosen outlet's copy (else the first one seen),
 * its HTML converted to a body through the body schema, and the source's section and tags.
 */
export async function wireDraft(db: Executor, itemId: number, actor: { role: UserRole }, sourceId?: number | null): Promise<WireDraft> {
  assertReads(actor);
  const rows = await db
    .select({ entry: wireEntries, source: wireSources, usedByArticleId: articles.id })
    .from(wireEntries)
    .innerJoin(wireSources, eq(wireSources.id, wireEntries.sourceId))
    .leftJoin(articles, eq(articles.wireItemId, wireEntries.itemId))
    .where(eq(wireEntries.itemId, itemId))
    .orderBy(asc(wireEntries.seenAt), asc(wireEntries.id));
  if (!rows.length) throw new NotFoundError("الخبر غير موجود في الوارد");
  const chosen = (sourceId ? rows.find((row) => row.source.id === sourceId) : undefined) ?? rows[0]!;
  const { entry, source } = chosen;
  return {
    itemId,
    sourceId: source.id,
    sourceName: source.name,
    sourceUrl: entry.url,
    title: cutAtWord(entry.title, TITLE_MAX),
    dek: cutAtWord(entry.lead, DEK_MAX),
    body: htmlToArticleBody(entry.bodyHtml, entry.url || source.feedUrl, entry.lead),
    sectionId: source.sectionId,
    tagNames: source.tagNames,
    authorId: source.authorId,
    usedByArticleId: chosen.usedByArticleId,
  };
}

/**
 * Publishes an item as it came (the API's publish, and auto-publish sources): the chosen outlet's
 * copy, the source's section and tags, and as byline `authorIds`, else the source's author, else
 * the signed-in actor. Publishing needs the `publish` permission like any story.
 */
export async function publishWireItem(
  db: Database,
  itemId: number,
  actor: Actor,
  options: { sourceId?: number | null; authorIds?: number[]; now?: Date; note?: string } = {},
): Promise<SaveResult> {
  if (!can(actor, "publish")) throw new ForbiddenError("النشر من صلاحيات المحرر");
  const draft = await wireDraft(db, itemId, actor, options.sourceId);
  const authorIds = options.authorIds?.length ? options.authorIds : draft.authorId ? [draft.authorId] : actor.userId ? [actor.userId] : [];
  if (!authorIds.length) throw new ValidationError({ authors: ["لا كاتب لهذا المصدر: اذكر الكتّاب (authors)"] });
  return createArticle(
    db,
    {
      title: draft.title,
      dek: draft.dek,
      body: draft.body,
      sectionId: draft.sectionId,
      authorIds,
      tagNames: draft.tagNames,
    },
    actor,
    { action: "publish" },
    { now: options.now, note: options.note ?? "wire", wire: { itemId, sourceId: draft.sourceId } },
  );
}

/** The wire item a story was made from, for the editor's note on locked attribution. */
export async function wireOriginOfArticle(db: Executor, articleId: number): Promise<{ itemId: number; sourceName: string } | null> {
  const [row] = await db
    .select({ itemId: articles.wireItemId, sourceName: wireSources.name })
    .from(articles)
    .innerJoin(wireSources, eq(wireSources.id, articles.wireSourceId))
    .where(eq(articles.id, articleId));
  return row?.itemId ? { itemId: row.itemId, sourceName: row.sourceName } : null;
}

/** Items waiting in the queue per outlet, for the desk's source filter. */
export async function countNewBySource(db: Executor): Promise<Map<number, number>> {
  const rows = await db
    .select({ sourceId: wireEntries.sourceId, count: sql<number>`count(distinct ${wireEntries.itemId})::int` })
    .from(wireEntries)
    .innerJoin(wireItems, eq(wireItems.id, wireEntries.itemId))
    .where(eq(wireItems.status, "new"))
    .groupBy(wireEntries.sourceId);
  return new Map(rows.map((row) => [row.sourceId, Number(row.count)]));
}
