import { relations, sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import type { ArticleBody } from "@/lib/articles/body-schema";

// Stored as tsvector; written from the app's own Arabic normalisation (lib/search/normalize.ts).
const tsvector = customType<{ data: string }>({
  dataType: () => "tsvector",
});

// Index columns sorted descending are declared NULLS FIRST, which is what a plain `ORDER BY … DESC`
// means in Postgres: drizzle-kit's default (DESC NULLS LAST) would never match the queries.
// Image bytes. postgres.js hands back a Buffer, PGlite a Uint8Array: callers always get a Buffer.
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength)),
});

const timestamps = {
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
};

export const userRole = pgEnum("user_role", ["admin", "editor", "writer"]);
export const articleStatus = pgEnum("article_status", ["draft", "scheduled", "published", "unpublished"]);

export const users = pgTable(
  "users",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    email: text().notNull(),
    displayName: text().notNull(),
    slug: text().notNull(),
    bio: text().notNull().default(""),
    passwordHash: text().notNull(),
    role: userRole().notNull().default("writer"),
    disabled: boolean().notNull().default(false),
    // Sessions issued before this instant are refused (password reset, disable).
    sessionsValidAfter: timestamp({ withTimezone: true }).notNull().defaultNow(),
    // An admin cleared this account's login throttle then: failures before it no longer count.
    loginThrottleClearedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("users_email_unique").on(t.email),
    uniqueIndex("users_slug_unique").on(t.slug),
    check("users_email_lower", sql`${t.email} = lower(${t.email})`),
  ],
);

export const sections = pgTable(
  "sections",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    slug: text().notNull(),
    name: text().notNull(),
    position: integer().notNull().default(0),
  },
  (t) => [uniqueIndex("sections_slug_unique").on(t.slug)],
);

export const media = pgTable("media", {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  path: text().notNull(),
  mimeType: text().notNull(),
  width: integer().notNull(),
  height: integer().notNull(),
  bytes: integer().notNull().default(0),
  alt: text().notNull(),
  caption: text().notNull().default(""),
  credit: text().notNull().default(""),
  createdBy: integer().references(() => users.id, { onDelete: "set null" }),
  ...timestamps,
});

// The bytes behind /media: each stored original (width 0) and each canonical width made from it
// (lib/media/storage.ts). In the database, so every instance serves every image and a replica or
// a backup carries them; an original is written once and never changed, so a copy never goes stale.
export const mediaFiles = pgTable(
  "media_files",
  {
    path: text().notNull(),
    width: integer().notNull(),
    data: bytea().notNull(),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.path, t.width] })],
);

export const articles = pgTable(
  "articles",
  {
    // The public numeric id in /news/<id>/<slug>.
    id: integer().primaryKey().generatedAlwaysAsIdentity({ startWith: 1000 }),
    slug: text().notNull(),
    title: text().notNull(),
    dek: text().notNull().default(""),
    body: jsonb().$type<ArticleBody>().notNull(),
    status: articleStatus().notNull().default("draft"),
    scheduledAt: timestamp({ withTimezone: true }),
    // For a scheduled story this is its scheduled time, so "public" is one indexed range test:
    // status in (published, scheduled) and first_published_at <= now().
    firstPublishedAt: timestamp({ withTimezone: true }),
    // The last meaningful (reader-visible) change; shown as "updated", used for dateModified and lastmod.
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    // Any save at all, including drafts and metadata.
    savedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    unpublishedAt: timestamp({ withTimezone: true }),
    isBreaking: boolean().notNull().default(false),
    // Live coverage (lib/live): a live story carries timestamped entries under its body. It is
    // running from liveStartedAt until liveEndedAt is set («انتهت التغطية المباشرة»).
    live: boolean().notNull().default(false),
    liveStartedAt: timestamp({ withTimezone: true }),
    liveEndedAt: timestamp({ withTimezone: true }),
    sourceName: text().notNull().default(""),
    sourceUrl: text().notNull().default(""),
    // A story drafted from the wire desk (lib/wire): the queue item it used (one story per item) and
    // the outlet it is attributed to. While wireSourceId is set, sourceName and sourceUrl are the
    // outlet's and no save can change them; sourceIsCanonical follows the outlet's canonical choice.
    wireItemId: integer().references((): AnyPgColumn => wireItems.id, { onDelete: "set null" }),
    wireSourceId: integer().references((): AnyPgColumn => wireSources.id, { onDelete: "set null" }),
    sourceIsCanonical: boolean().notNull().default(false),
    sectionId: integer()
      .notNull()
      .references(() => sections.id, { onDelete: "restrict" }),
    heroMediaId: integer().references(() => media.id, { onDelete: "set null" }),
    correction: text().notNull().default(""),
    correctedAt: timestamp({ withTimezone: true }),
    version: integer().notNull().default(1),
    // Normalised title for trigram matching, and the weighted search document.
    titleSearch: text().notNull().default(""),
    searchVector: tsvector().notNull().default(sql`''::tsvector`),
    createdBy: integer().references(() => users.id, { onDelete: "set null" }),
    // The API key a story was created with (null for the dashboard): a writer key sees its own drafts.
    createdByApiKeyId: integer().references((): AnyPgColumn => apiKeys.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [
    index("articles_public_time_idx")
      .on(t.firstPublishedAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.status} in ('published', 'scheduled')`),
    index("articles_section_time_idx")
      .on(t.sectionId, t.firstPublishedAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.status} in ('published', 'scheduled')`),
    index("articles_breaking_time_idx")
      .on(t.firstPublishedAt.desc().nullsFirst())
      .where(sql`${t.isBreaking} and ${t.status} in ('published', 'scheduled')`),
    // The running live coverages, for the home page's ticker: a handful of rows at any time.
    index("articles_live_running_idx")
      .on(t.firstPublishedAt.desc().nullsFirst())
      .where(sql`${t.live} and ${t.liveEndedAt} is null and ${t.status} in ('published', 'scheduled')`),
    index("articles_status_saved_idx").on(t.status, t.savedAt.desc().nullsFirst()),
    index("articles_scheduled_idx").on(t.scheduledAt).where(sql`${t.status} = 'scheduled'`),
    index("articles_search_idx").using("gin", t.searchVector),
    uniqueIndex("articles_wire_item_unique").on(t.wireItemId),
    index("articles_wire_source_idx").on(t.wireSourceId).where(sql`${t.wireSourceId} is not null`),
    index("articles_title_trgm_idx").using("gin", sql`${t.titleSearch} gin_trgm_ops`),
    check("articles_version_positive", sql`${t.version} > 0`),
    check("articles_scheduled_has_time", sql`${t.status} <> 'scheduled' or ${t.scheduledAt} is not null`),
    check("articles_published_has_time", sql`${t.status} <> 'published' or ${t.firstPublishedAt} is not null`),
  ],
);

// Listing columns are copied from the article inside the same transaction that saves it,
// so tag and author pages read one index range instead of sorting a join.
const listing = {
  articlePublishedAt: timestamp({ withTimezone: true }),
  articleListed: boolean().notNull().default(false),
};

export const articleAuthors = pgTable(
  "article_authors",
  {
    articleId: integer()
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    position: integer().notNull(),
    ...listing,
  },
  (t) => [
    primaryKey({ columns: [t.articleId, t.userId] }),
    index("article_authors_user_time_idx")
      .on(t.userId, t.articlePublishedAt.desc().nullsFirst(), t.articleId.desc().nullsFirst())
      .where(sql`${t.articleListed}`),
    index("article_authors_user_idx").on(t.userId),
  ],
);

export const tags = pgTable(
  "tags",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    name: text().notNull(),
    slug: text().notNull(),
    // normalizeArabic(name): the identity of a tag, so الكرملين and الكرمَلين are one.
    normalizedName: text().notNull(),
    // Other spellings editors give the tag (ترمب for ترامب): indexed with the tag's stories, so a
    // search for any of them finds the stories tagged with it. Set in the admin (lib/tags/commands).
    aliases: text().array().notNull().default(sql`'{}'::text[]`),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("tags_slug_unique").on(t.slug),
    uniqueIndex("tags_normalized_name_unique").on(t.normalizedName),
    index("tags_normalized_trgm_idx").using("gin", sql`${t.normalizedName} gin_trgm_ops`),
  ],
);

// Old slugs of renamed or merged tags answer 301 to the tag that now holds them.
export const tagRedirects = pgTable("tag_redirects", {
  slug: text().primaryKey(),
  tagId: integer()
    .notNull()
    .references(() => tags.id, { onDelete: "cascade" }),
  ...timestamps,
});

export const articleTags = pgTable(
  "article_tags",
  {
    articleId: integer()
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    tagId: integer()
      .notNull()
      .references(() => tags.id, { onDelete: "restrict" }),
    position: integer().notNull().default(0),
    ...listing,
  },
  (t) => [
    primaryKey({ columns: [t.articleId, t.tagId] }),
    index("article_tags_tag_time_idx")
      .on(t.tagId, t.articlePublishedAt.desc().nullsFirst(), t.articleId.desc().nullsFirst())
      .where(sql`${t.articleListed}`),
    index("article_tags_tag_idx").on(t.tagId),
  ],
);

// "Read also": hand-picked, ordered, no self link, no duplicates.
export const articleLinks = pgTable(
  "article_links",
  {
    articleId: integer()
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    linkedArticleId: integer()
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    position: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.articleId, t.linkedArticleId] }),
    uniqueIndex("article_links_position_unique").on(t.articleId, t.position),
    index("article_links_linked_idx").on(t.linkedArticleId),
    check("article_links_no_self", sql`${t.articleId} <> ${t.linkedArticleId}`),
  ],
);

export type ArticleSnapshot = {
  slug: string;
  title: string;
  dek: string;
  body: ArticleBody;
  status: (typeof articleStatus.enumValues)[number];
  scheduledAt: string | null;
  isBreaking: boolean;
  sourceName: string;
  sourceUrl: string;
  sectionId: number;
  heroMediaId: number | null;
  correction: string;
  tagNames: string[];
  authorIds: number[];
  readAlsoIds: number[];
  /** Absent in snapshots saved before live coverage existed: read as false / null. */
  live?: boolean;
  liveEndedAt?: string | null;
};

export const articleRevisions = pgTable(
  "article_revisions",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    articleId: integer()
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    version: integer().notNull(),
    snapshot: jsonb().$type<ArticleSnapshot>().notNull(),
    savedBy: integer().references(() => users.id, { onDelete: "set null" }),
    note: text().notNull().default(""),
    savedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("article_revisions_article_version_unique").on(t.articleId, t.version)],
);

export const apiKeys = pgTable(
  "api_keys",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    name: text().notNull(),
    // The first characters of the key, shown in the UI so a key can be recognised after creation.
    prefix: text().notNull(),
    keyHash: text().notNull(),
    role: userRole().notNull(),
    createdBy: integer().references(() => users.id, { onDelete: "set null" }),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [uniqueIndex("api_keys_hash_unique").on(t.keyHash)],
);

export const loginAttempts = pgTable(
  "login_attempts",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    email: text().notNull(),
    ip: text().notNull(),
    succeeded: boolean().notNull(),
    attemptedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("login_attempts_email_time_idx").on(t.email, t.attemptedAt),
    index("login_attempts_ip_time_idx").on(t.ip, t.attemptedAt),
  ],
);

// Sessions ended by logging out. A session's JWT carries its id; the id is refused once listed
// here, and the row can go once the token would have expired anyway.
export const revokedSessions = pgTable(
  "revoked_sessions",
  {
    sessionId: text().primaryKey(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index("revoked_sessions_expires_idx").on(t.expiresAt)],
);

// Normalised words of titles and tag names, for trigram "did you mean" expansion (ترمب → ترامب).
export const searchLexicon = pgTable(
  "search_lexicon",
  { term: text().primaryKey() },
  (t) => [index("search_lexicon_trgm_idx").using("gin", sql`${t.term} gin_trgm_ops`)],
);

// «الأكثر قراءة»: views per story and hour, and nothing about the reader (lib/views). Counted in
// memory or Redis and written here in batches by the flush, so a page view costs no write; rows
// older than the flush's retention are deleted by the flush itself.
export const storyViewsHourly = pgTable(
  "story_views_hourly",
  {
    articleId: integer()
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    // The start of the UTC hour the views fell in.
    hour: timestamp({ withTimezone: true }).notNull(),
    views: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.articleId, t.hour] }),
    // The last-24-hours read and the retention delete both walk a range of hours.
    index("story_views_hourly_hour_idx").on(t.hour),
    check("story_views_hourly_views_positive", sql`${t.views} > 0`),
  ],
);

// Small key/value facts about this installation (for example, that the demo content was seeded).
/**
 * One timestamped entry of a live coverage. Deleting one sets deletedAt (its revisions keep what it
 * said); readers see entries that are not deleted, pinned first, then newest first.
 */
export const liveEntries = pgTable(
  "live_entries",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    articleId: integer()
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    title: text().notNull(),
    body: jsonb().$type<ArticleBody>().notNull(),
    imageMediaId: integer().references(() => media.id, { onDelete: "set null" }),
    pinned: boolean().notNull().default(false),
    key: boolean().notNull().default(false),
    version: integer().notNull().default(1),
    postedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp({ withTimezone: true }),
    createdBy: integer().references(() => users.id, { onDelete: "set null" }),
    createdByApiKeyId: integer().references((): AnyPgColumn => apiKeys.id, { onDelete: "set null" }),
  },
  (t) => [
    index("live_entries_article_posted_idx")
      .on(t.articleId, t.postedAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.deletedAt} is null`),
  ],
);

export type LiveEntrySnapshot = { title: string; body: ArticleBody; imageMediaId: number | null; pinned: boolean; key: boolean; deleted: boolean };

export const liveEntryRevisions = pgTable(
  "live_entry_revisions",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    entryId: integer()
      .notNull()
      .references(() => liveEntries.id, { onDelete: "cascade" }),
    version: integer().notNull(),
    snapshot: jsonb().$type<LiveEntrySnapshot>().notNull(),
    savedBy: integer().references(() => users.id, { onDelete: "set null" }),
    savedByApiKeyId: integer().references((): AnyPgColumn => apiKeys.id, { onDelete: "set null" }),
    note: text().notNull().default(""),
    savedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("live_entry_revisions_entry_version_unique").on(t.entryId, t.version)],
);

/** One story placed on the front page; `from` / `until` (ISO instants, either may be null) schedule it. */
export type FrontPageSlot = { articleId: number; from: string | null; until: string | null };

/**
 * The editors' arrangement of the front page (lib/front-page). Slots that are empty, out of their
 * schedule or hold a story that is not public fall back to the latest stories when the page is read.
 */
export type FrontPageLayout = {
  lead: FrontPageSlot | null;
  top: FrontPageSlot[];
  /** An optional strip (a live coverage, a special file) with its own heading. */
  featured: { label: string; slots: FrontPageSlot[] } | null;
  /** Section ids in the order their blocks appear; sections missing here follow in their own order. */
  sectionOrder: number[];
};

/**
 * Every arrangement of the front page ever saved; the newest is the current one. A version is
 * unique, so two editors saving over the same version cannot both win.
 */
export const frontPageRevisions = pgTable(
  "front_page_revisions",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    version: integer().notNull(),
    layout: jsonb().$type<FrontPageLayout>().notNull(),
    savedBy: integer().references(() => users.id, { onDelete: "set null" }),
    note: text().notNull().default(""),
    savedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("front_page_revisions_version_unique").on(t.version)],
);

export const wireMode = pgEnum("wire_mode", ["queue", "auto"]);
export const wireCanonical = pgEnum("wire_canonical", ["ours", "original"]);
export const wireItemStatus = pgEnum("wire_item_status", ["new", "used", "ignored"]);

/** An outlet whose RSS or Atom feed the wire desk polls (lib/wire). */
export const wireSources = pgTable(
  "wire_sources",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    name: text().notNull(),
    feedUrl: text().notNull(),
    // What a story drafted from this outlet starts with.
    sectionId: integer()
      .notNull()
      .references(() => sections.id, { onDelete: "restrict" }),
    tagNames: text().array().notNull().default(sql`'{}'::text[]`),
    // The byline of stories published without an editor at the keyboard (auto-publish, the API).
    authorId: integer().references(() => users.id, { onDelete: "set null" }),
    intervalMinutes: integer().notNull().default(15),
    mode: wireMode().notNull().default("queue"),
    canonical: wireCanonical().notNull().default("ours"),
    // An admin's explicit permission to fetch this feed's host although it resolves to a private,
    // loopback or link-local address (lib/wire/address-guard.ts).
    allowPrivateHost: boolean().notNull().default(false),
    paused: boolean().notNull().default(false),
    // Conditional GET validators from the last 200.
    etag: text(),
    lastModified: text(),
    lastPolledAt: timestamp({ withTimezone: true }),
    lastSuccessAt: timestamp({ withTimezone: true }),
    lastError: text(),
    lastErrorAt: timestamp({ withTimezone: true }),
    /** Failed polls in a row: the back-off doubles with each. */
    failures: integer().notNull().default(0),
    nextPollAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    // A poll in progress holds the source until then, so no other instance or round polls it too.
    leaseUntil: timestamp({ withTimezone: true }),
    createdBy: integer().references(() => users.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("wire_sources_feed_url_unique").on(t.feedUrl),
    index("wire_sources_due_idx").on(t.nextPollAt).where(sql`not ${t.paused}`),
    check("wire_sources_interval_range", sql`${t.intervalMinutes} between 1 and 1440`),
  ],
);

/**
 * One story on the wire desk: what one or more outlets sent about the same event. Its copies, one
 * per outlet, are wire_entries; the group is what an editor uses or ignores.
 */
export const wireItems = pgTable(
  "wire_items",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    status: wireItemStatus().notNull().default("new"),
    // The queue's order: the first copy's publication time, never later than when we saw it.
    sortAt: timestamp({ withTimezone: true }).notNull(),
    // The first copy's title and lead, normalised and stemmed (lib/search), to recognise the same
    // story from another outlet.
    matchTitle: text().notNull().default(""),
    matchLead: text().notNull().default(""),
    statusChangedAt: timestamp({ withTimezone: true }),
    statusChangedBy: integer().references(() => users.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [
    index("wire_items_queue_idx").on(t.sortAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index("wire_items_status_queue_idx").on(t.status, t.sortAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
  ],
);

/** One outlet's copy of a wire item, as its feed sent it. The same feed entry is stored once. */
export const wireEntries = pgTable(
  "wire_entries",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    itemId: integer()
      .notNull()
      .references(() => wireItems.id, { onDelete: "cascade" }),
    sourceId: integer()
      .notNull()
      .references(() => wireSources.id, { onDelete: "cascade" }),
    // "guid:<guid>", else "link:<url>", else "hash:<sha256 of title and date>" (lib/wire/entries.ts).
    entryKey: text().notNull(),
    title: text().notNull(),
    lead: text().notNull().default(""),
    // The entry's HTML as the feed sent it, capped. Never rendered: a draft converts it into a body
    // document through the body schema (lib/wire/html-to-body.ts).
    bodyHtml: text().notNull().default(""),
    url: text().notNull().default(""),
    publishedAt: timestamp({ withTimezone: true }),
    seenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("wire_entries_source_key_unique").on(t.sourceId, t.entryKey),
    index("wire_entries_item_idx").on(t.itemId),
  ],
);

export const newsletterListKind = pgEnum("newsletter_list_kind", ["digest", "breaking", "section"]);
export const emailStatus = pgEnum("email_status", ["queued", "sending", "sent", "failed", "bounced"]);
export const emailKind = pgEnum("email_kind", ["confirmation", "digest", "breaking"]);

/** What readers may subscribe to (lib/newsletters): the daily digest, breaking alerts, and sections. */
export const newsletterLists = pgTable(
  "newsletter_lists",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    slug: text().notNull(),
    name: text().notNull(),
    description: text().notNull().default(""),
    kind: newsletterListKind().notNull(),
    // A section list's digest carries that section's stories.
    sectionId: integer().references(() => sections.id, { onDelete: "cascade" }),
    active: boolean().notNull().default(true),
    position: integer().notNull().default(0),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("newsletter_lists_slug_unique").on(t.slug),
    check("newsletter_lists_section_kind", sql`(${t.kind} = 'section') = (${t.sectionId} is not null)`),
  ],
);

/**
 * A reader's address, normalised, with the consent it gave: nothing else is kept about them.
 * Until confirmedAt is set (double opt-in), nothing but the confirmation is ever sent to it.
 */
export const subscribers = pgTable(
  "subscribers",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    email: text().notNull(),
    confirmedAt: timestamp({ withTimezone: true }),
    /** The page the sign-up came from (a path), as proof of where consent was given. */
    sourcePath: text().notNull().default(""),
    /** Last confirmation e-mail queued: one per address per throttle window. */
    confirmationSentAt: timestamp({ withTimezone: true }),
    /** Bumped to void every link sent before (after an erasure request, or on demand). */
    tokenVersion: integer().notNull().default(1),
    ...timestamps,
  },
  (t) => [uniqueIndex("subscribers_email_unique").on(t.email), check("subscribers_email_normalised", sql`${t.email} = lower(btrim(${t.email}))`)],
);

/**
 * Which lists an address asked for, each with its own consent: a list added later waits for its
 * own confirmation, so nobody can add lists to someone else's address. Only confirmed rows are sent to.
 */
export const subscriptions = pgTable(
  "subscriptions",
  {
    subscriberId: integer()
      .notNull()
      .references(() => subscribers.id, { onDelete: "cascade" }),
    listId: integer()
      .notNull()
      .references(() => newsletterLists.id, { onDelete: "cascade" }),
    confirmedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.subscriberId, t.listId] }), index("subscriptions_list_idx").on(t.listId)],
);

/** One sending to one list: a day's digest or one breaking story's alert, never twice. */
export const newsletterCampaigns = pgTable(
  "newsletter_campaigns",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    listId: integer()
      .notNull()
      .references(() => newsletterLists.id, { onDelete: "cascade" }),
    kind: emailKind().notNull(),
    /** The digest's day in TIME_ZONE (YYYY-MM-DD); null for an alert. */
    day: text(),
    articleId: integer().references(() => articles.id, { onDelete: "set null" }),
    subject: text().notNull(),
    /** The stories it carried, in order: the digest's web page shows the same. */
    storyIds: jsonb().$type<number[]>().notNull().default(sql`'[]'::jsonb`),
    createdBy: integer().references(() => users.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("newsletter_campaigns_digest_unique").on(t.listId, t.day).where(sql`${t.day} is not null`),
    uniqueIndex("newsletter_campaigns_alert_unique").on(t.listId, t.articleId).where(sql`${t.kind} = 'breaking'`),
  ],
);

/**
 * The durable send queue: every e-mail is a row before it is sent. One per (campaign, subscriber),
 * so a campaign cannot reach anyone twice; a row is claimed (sending, lease) before the SMTP
 * conversation and marked sent after it (lib/newsletters/sender.ts).
 */
export const emailOutbox = pgTable(
  "email_outbox",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    kind: emailKind().notNull(),
    campaignId: integer().references(() => newsletterCampaigns.id, { onDelete: "cascade" }),
    subscriberId: integer().references(() => subscribers.id, { onDelete: "set null" }),
    /** Erased ("") with the subscriber; the row stays for the campaign's counts. */
    toAddress: text().notNull(),
    subject: text().notNull(),
    html: text().notNull(),
    text: text().notNull(),
    /** The one-click unsubscribe URL (List-Unsubscribe); null for a confirmation. */
    unsubscribeUrl: text(),
    /** Stable across retries, so a receiver can tell a resend from a new message. */
    messageId: text().notNull(),
    status: emailStatus().notNull().default("queued"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    leaseUntil: timestamp({ withTimezone: true }),
    sentAt: timestamp({ withTimezone: true }),
    lastError: text(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("email_outbox_message_id_unique").on(t.messageId),
    uniqueIndex("email_outbox_campaign_subscriber_unique").on(t.campaignId, t.subscriberId).where(sql`${t.campaignId} is not null and ${t.subscriberId} is not null`),
    index("email_outbox_due_idx").on(t.nextAttemptAt).where(sql`${t.status} in ('queued', 'sending')`),
    index("email_outbox_campaign_idx").on(t.campaignId, t.status),
  ],
);

/** Sign-up attempts per client, as a keyed hash kept for an hour: the throttle, not a log. */
export const newsletterSignupAttempts = pgTable(
  "newsletter_signup_attempts",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    clientKey: text().notNull(),
    attemptedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("newsletter_signup_attempts_client_idx").on(t.clientKey, t.attemptedAt)],
);

export const appMeta = pgTable("app_meta", {
  key: text().primaryKey(),
  value: text().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const usersRelations = relations(users, ({ many }) => ({
  articleAuthors: many(articleAuthors),
}));

export const sectionsRelations = relations(sections, ({ many }) => ({
  articles: many(articles),
}));

export const articlesRelations = relations(articles, ({ one, many }) => ({
  section: one(sections, { fields: [articles.sectionId], references: [sections.id] }),
  hero: one(media, { fields: [articles.heroMediaId], references: [media.id] }),
  authors: many(articleAuthors),
  tags: many(articleTags),
  links: many(articleLinks, { relationName: "links_from" }),
  revisions: many(articleRevisions),
}));

export const articleAuthorsRelations = relations(articleAuthors, ({ one }) => ({
  article: one(articles, { fields: [articleAuthors.articleId], references: [articles.id] }),
  user: one(users, { fields: [articleAuthors.userId], references: [users.id] }),
}));

export const tagsRelations = relations(tags, ({ many }) => ({
  articleTags: many(articleTags),
  redirects: many(tagRedirects),
}));

export const tagRedirectsRelations = relations(tagRedirects, ({ one }) => ({
  tag: one(tags, { fields: [tagRedirects.tagId], references: [tags.id] }),
}));

export const articleTagsRelations = relations(articleTags, ({ one }) => ({
  article: one(articles, { fields: [articleTags.articleId], references: [articles.id] }),
  tag: one(tags, { fields: [articleTags.tagId], references: [tags.id] }),
}));

export const articleLinksRelations = relations(articleLinks, ({ one }) => ({
  article: one(articles, {
    fields: [articleLinks.articleId],
    references: [articles.id],
    relationName: "links_from",
  }),
  linked: one(articles, { fields: [articleLinks.linkedArticleId], references: [articles.id] }),
}));

export const articleRevisionsRelations = relations(articleRevisions, ({ one }) => ({
  article: one(articles, { fields: [articleRevisions.articleId], references: [articles.id] }),
  savedByUser: one(users, { fields: [articleRevisions.savedBy], references: [users.id] }),
}));

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type UserRole = (typeof userRole.enumValues)[number];
export type Section = typeof sections.$inferSelect;
export type NewSection = typeof sections.$inferInsert;
export type Media = typeof media.$inferSelect;
export type NewMedia = typeof media.$inferInsert;
export type Article = typeof articles.$inferSelect;
export type NewArticle = typeof articles.$inferInsert;
export type ArticleStatus = (typeof articleStatus.enumValues)[number];
export type Tag = typeof tags.$inferSelect;
export type FrontPageRevision = typeof frontPageRevisions.$inferSelect;
export type LiveEntry = typeof liveEntries.$inferSelect;
export type NewTag = typeof tags.$inferInsert;
export type ArticleTag = typeof articleTags.$inferSelect;
export type ArticleLink = typeof articleLinks.$inferSelect;
export type ArticleRevision = typeof articleRevisions.$inferSelect;
export type ApiKey = typeof apiKeys.$inferSelect;
export type NewApiKey = typeof apiKeys.$inferInsert;
export type LoginAttempt = typeof loginAttempts.$inferSelect;
export type StoryViewsHour = typeof storyViewsHourly.$inferSelect;
