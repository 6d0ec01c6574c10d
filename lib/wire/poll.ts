import "server-only";
import { and, eq, gt, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import { wireEntries, wireItems, wireSources } from "@/db/schema";
import type { Actor } from "@/lib/articles/commands";
import { can } from "@/lib/auth/permissions";
import { getEnv } from "@/lib/env";
import { ConflictError, DomainError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import type { Resolver } from "@/lib/wire/address-guard";
import { publishWireItem } from "@/lib/wire/desk";
import { fetchFeed, FeedFetchError } from "@/lib/wire/fetch-feed";
import { decodeFeed, FeedParseError, parseFeedEntries, type ParsedEntry } from "@/lib/wire/parse-feed";
import { isSameStory, matchText } from "@/lib/wire/same-story";
import type { WireSource } from "@/lib/wire/sources";

// The wire fetcher. Each instance's timer (instrumentation.ts) asks for a round; whoever takes the
// advisory lock claims the sources that are due by leasing them (lease_until), commits, and fetches
// them outside any transaction, so a slow outlet holds no connection and no lock. A source that
// fails keeps its error on its row and is tried again later and later (doubling back-off); the
// others carry on. Ingesting one feed is one short transaction, under a second lock so two feeds
// arriving at once still group the same story.

const ROUND_LOCK_KEY = 7_411_014;
const INGEST_LOCK_KEY = 7_411_015;
const SOURCES_PER_ROUND = 20;
const PARALLEL_FETCHES = 4;
/** How far back a copy from another outlet is looked for. */
const GROUPING_WINDOW_MS = 48 * 3_600_000;
const GROUPING_CANDIDATES = 2_000;
const MAX_BACKOFF_MINUTES = 24 * 60;

export type PollSettings = {
  timeoutMs: number;
  maxBytes: number;
  userAgent: string;
  /** DNS for the SSRF guard; tests pass a stub. */
  resolver?: Resolver;
};

export function pollSettingsFromEnv(): PollSettings {
  const env = getEnv();
  return {
    timeoutMs: env.wireFetchTimeoutMs,
    maxBytes: env.wireMaxFeedBytes,
    // Header values are Latin-1: the Arabic site name cannot go here, its address (ASCII) can.
    userAgent: `Mozilla/5.0 (compatible; newsroom-wire/1.0; +${env.siteUrl})`.replace(/[^\x20-\x7e]/g, ""),
  };
}

export type PollCounts = {
  /** Entries in the feed (0 when it had not changed since the last poll). */
  fetched: number;
  /** Entries that became a new queue item. */
  new: number;
  /** Entries seen before from this outlet, or grouped with another outlet's copy of the same story. */
  duplicates: number;
  /** Of those duplicates, the ones grouped with another outlet's item. */
  grouped: number;
  /** Stories an auto-publish source published. */
  published: number;
  /** The feed's own failure (1) and entries that could not be read or published. */
  errors: number;
  notModified: boolean;
  error: string | null;
};

const emptyCounts = (): PollCounts => ({ fetched: 0, new: 0, duplicates: 0, grouped: 0, published: 0, errors: 0, notModified: false, error: null });

/** A lease long enough for one fetch with its redirects, plus ingesting. */
const leaseMs = (settings: PollSettings) => settings.timeoutMs * 2 + 60_000;

/** One round: polls every due source once. Null when another instance has the round. */
export async function pollDueSources(db: Database, settings: PollSettings, now = new Date()): Promise<{ sourceId: number; counts: PollCounts }[] | null> {
  const claimed = await db.transaction(async (tx) => {
    const [lock] = await queryRows<{ locked: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${ROUND_LOCK_KEY}) as locked`);
    if (!lock?.locked) return null;
    const due = await tx
      .select({ id: wireSources.id })
      .from(wireSources)
      .where(and(eq(wireSources.paused, false), lte(wireSources.nextPollAt, now), or(isNull(wireSources.leaseUntil), lte(wireSources.leaseUntil, now))))
      .orderBy(wireSources.nextPollAt)
      .limit(SOURCES_PER_ROUND);
    if (!due.length) return [];
    return tx
      .update(wireSources)
      .set({ leaseUntil: new Date(now.getTime() + leaseMs(settings)), lastPolledAt: now })
      .where(inArray(wireSources.id, due.map((row) => row.id)))
      .returning();
  });
  if (!claimed) return null;
  const results: { sourceId: number; counts: PollCounts }[] = [];
  const queue = [...claimed];
  await Promise.all(
    Array.from({ length: Math.min(PARALLEL_FETCHES, queue.length) }, async () => {
      for (let source = queue.shift(); source; source = queue.shift()) {
        results.push({ sourceId: source.id, counts: await pollClaimedSource(db, source, settings) });
      }
    }),
  );
  return results;
}

/** «اجلب الآن» and POST /api/v1/wire/sources/:id/poll: polls one source at once, paused or not. */
export async function pollSourceNow(db: Database, sourceId: number, actor: Actor, settings: PollSettings, now = new Date()): Promise<PollCounts> {
  if (!can(actor, "triageWire")) throw new ForbiddenError("جلب المصادر من صلاحيات المحرر");
  const [source] = await db
    .update(wireSources)
    .set({ leaseUntil: new Date(now.getTime() + leaseMs(settings)), lastPolledAt: now })
    .where(and(eq(wireSources.id, sourceId), or(isNull(wireSources.leaseUntil), lte(wireSources.leaseUntil, now))))
    .returning();
  if (!source) {
    const [exists] = await db.select({ id: wireSources.id }).from(wireSources).where(eq(wireSources.id, sourceId));
    if (!exists) throw new NotFoundError("المصدر غير موجود");
    throw new ConflictError("يُجلب هذا المصدر الآن؛ أعد المحاولة بعد لحظات");
  }
  return pollClaimedSource(db, source, settings);
}

async function pollClaimedSource(db: Database, source: WireSource, settings: PollSettings): Promise<PollCounts> {
  const counts = emptyCounts();
  let entries: ParsedEntry[];
  let validators: { etag: string | null; lastModified: string | null };
  try {
    const response = await fetchFeed(source.feedUrl, {
      etag: source.etag,
      lastModified: source.lastModified,
      allowPrivateHost: source.allowPrivateHost,
      timeoutMs: settings.timeoutMs,
      maxBytes: settings.maxBytes,
      resolver: settings.resolver,
      userAgent: settings.userAgent,
    });
    if (response.kind === "not-modified") {
      counts.notModified = true;
      await recordSuccess(db, source, { etag: source.etag, lastModified: source.lastModified });
      return counts;
    }
    const parsed = parseFeedEntries(decodeFeed(response.body, response.contentType), response.finalUrl);
    entries = parsed.entries;
    counts.errors += parsed.skipped;
    validators = { etag: response.etag, lastModified: response.lastModified };
  } catch (error) {
    if (!(error instanceof FeedFetchError) && !(error instanceof FeedParseError)) {
      console.error(`wire: polling source ${source.id} failed unexpectedly`, error);
    }
    const message = error instanceof FeedFetchError || error instanceof FeedParseError ? error.message : "خطأ غير متوقع أثناء الجلب";
    await recordFailure(db, source, message);
    return { ...counts, errors: counts.errors + 1, error: message };
  }
  counts.fetched = entries.length;
  let ingested: Awaited<ReturnType<typeof ingestEntries>>;
  try {
    ingested = await ingestEntries(db, source, entries);
  } catch (error) {
    // Nothing of the feed was stored (one transaction); its validators are not either, so the
    // next poll fetches it whole again. The lease is released if the database lets us.
    console.error(`wire: storing the entries of source ${source.id} failed`, error);
    await recordFailure(db, source, "تعذّر حفظ مواد الخلاصة؛ ستُجلب من جديد").catch(() => {});
    return { ...counts, errors: counts.errors + 1, error: "تعذّر حفظ مواد الخلاصة" };
  }
  counts.new = ingested.created.length;
  counts.duplicates = ingested.known + ingested.grouped.length;
  counts.grouped = ingested.grouped.length;
  // The source's validators are stored only after its entries are: a crash in between refetches.
  await recordSuccess(db, source, validators);
  if (source.mode === "auto") {
    // Everything of this outlet's still waiting, not only this poll's: an item left behind by a
    // crash between ingesting and publishing, or by a failed publish, is tried again.
    for (const itemId of await autoPublishable(db, source.id)) {
      try {
        await publishWireItem(db, itemId, AUTO_PUBLISHER, { sourceId: source.id, note: `نشر تلقائي من ${source.name}` });
        counts.published++;
      } catch (error) {
        // Already used (an editor was quicker) is no error; anything else stays in the queue for an editor.
        if (error instanceof ConflictError) continue;
        counts.errors++;
        // It stays in the queue for an editor; the log says why it could not go out by itself.
        if (error instanceof DomainError) {
          const fields = error instanceof ValidationError ? ` ${JSON.stringify(error.fieldErrors)}` : "";
          console.warn(`wire: item ${itemId} from source ${source.id} was not auto-published: ${error.message}${fields}`);
        } else console.error(`wire: auto-publishing item ${itemId} from source ${source.id} failed`, error);
      }
    }
  }
  return counts;
}

async function autoPublishable(db: Database, sourceId: number): Promise<number[]> {
  const rows = await db
    .selectDistinct({ id: wireItems.id, sortAt: wireItems.sortAt })
    .from(wireItems)
    .innerJoin(wireEntries, eq(wireEntries.itemId, wireItems.id))
    .where(and(eq(wireEntries.sourceId, sourceId), eq(wireItems.status, "new"), gt(wireEntries.seenAt, new Date(Date.now() - GROUPING_WINDOW_MS))))
    .orderBy(wireItems.sortAt)
    .limit(100);
  return rows.map((row) => row.id);
}

/** Auto-publish sources publish as the desk itself: an editor's rights, no user, no key. */
const AUTO_PUBLISHER: Actor = { userId: null, role: "editor", apiKeyId: null };

async function ingestEntries(db: Database, source: WireSource, entries: ParsedEntry[]): Promise<{ created: number[]; grouped: number[]; known: number }> {
  const unique = [...new Map(entries.map((entry) => [entry.key, entry])).values()];
  const known = entries.length - unique.length;
  if (!unique.length) return { created: [], grouped: [], known };
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${INGEST_LOCK_KEY})`);
    const now = new Date();
    const seen = new Set(
      (
        await tx
          .select({ key: wireEntries.entryKey })
          .from(wireEntries)
          .where(and(eq(wireEntries.sourceId, source.id), inArray(wireEntries.entryKey, unique.map((entry) => entry.key))))
      ).map((row) => row.key),
    );
    const fresh = unique.filter((entry) => !seen.has(entry.key));
    const result = { created: [] as number[], grouped: [] as number[], known: known + seen.size };
    if (!fresh.length) return result;
    const candidates = await queryRows<{ id: number; matchTitle: string; matchLead: string; status: string; sourceIds: number[] }>(
      tx,
      sql`select i.id, i.match_title as "matchTitle", i.match_lead as "matchLead", i.status,
                 array(select e.source_id from wire_entries e where e.item_id = i.id) as "sourceIds"
            from wire_items i
           where i.sort_at > ${new Date(now.getTime() - GROUPING_WINDOW_MS).toISOString()}::timestamptz
           order by i.sort_at desc
           limit ${GROUPING_CANDIDATES}`,
    );
    // Oldest first, so the queue's order within one feed follows the outlet's.
    fresh.sort((a, b) => (a.publishedAt?.getTime() ?? 0) - (b.publishedAt?.getTime() ?? 0));
    for (const entry of fresh) {
      const match = { matchTitle: matchText(entry.title), matchLead: matchText(entry.lead) };
      // Another outlet's copy of the same story joins its item; one outlet's own stories never group.
      const group = candidates.find((candidate) => !candidate.sourceIds.map(Number).includes(source.id) && isSameStory(candidate, match));
      let itemId: number;
      if (group) {
        itemId = group.id;
        group.sourceIds.push(source.id);
        result.grouped.push(itemId);
      } else {
        const sortAt = entry.publishedAt && entry.publishedAt.getTime() < now.getTime() ? entry.publishedAt : now;
        const [item] = await tx.insert(wireItems).values({ sortAt, ...match, createdAt: now }).returning({ id: wireItems.id });
        itemId = item!.id;
        candidates.unshift({ id: itemId, ...match, status: "new", sourceIds: [source.id] });
        result.created.push(itemId);
      }
      await tx
        .insert(wireEntries)
        .values({ itemId, sourceId: source.id, entryKey: entry.key, title: entry.title, lead: entry.lead, bodyHtml: entry.bodyHtml, url: entry.url, publishedAt: entry.publishedAt, seenAt: now })
        .onConflictDoNothing();
    }
    return result;
  });
}

async function recordSuccess(db: Database, source: WireSource, validators: { etag: string | null; lastModified: string | null }) {
  const now = new Date();
  await db
    .update(wireSources)
    .set({
      etag: validators.etag,
      lastModified: validators.lastModified,
      lastSuccessAt: now,
      lastError: null,
      failures: 0,
      nextPollAt: new Date(now.getTime() + source.intervalMinutes * 60_000),
      leaseUntil: null,
    })
    .where(eq(wireSources.id, source.id));
}

/** Minutes until a failing source is tried again: its interval, doubled for each failure in a row, at most a day. */
export function backoffMinutes(intervalMinutes: number, failuresInARow: number): number {
  return Math.min(intervalMinutes * 2 ** Math.min(failuresInARow, 16), MAX_BACKOFF_MINUTES);
}

async function recordFailure(db: Database, source: WireSource, message: string) {
  const now = new Date();
  const failures = source.failures + 1;
  await db
    .update(wireSources)
    .set({
      lastError: message.slice(0, 500),
      lastErrorAt: now,
      failures,
      nextPollAt: new Date(now.getTime() + backoffMinutes(source.intervalMinutes, failures) * 60_000),
      leaseUntil: null,
    })
    .where(eq(wireSources.id, source.id));
}
