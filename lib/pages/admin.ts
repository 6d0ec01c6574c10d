import "server-only";
import { getDb } from "@/db/client";
import type { ArticleStatus, UserRole } from "@/db/schema";
import { listApiKeys } from "@/lib/api-keys/queries";
import {
  canUserSeeArticle,
  countArticlesByStatus,
  getArticleForEditor,
  listAdminArticles,
  listRecentChanges,
  type AdminArticleFilters,
} from "@/lib/articles/admin-queries";
import { getArticleById } from "@/lib/articles/queries";
import { getRevision, listRevisions } from "@/lib/articles/revisions";
import { loadArticlePage } from "@/lib/pages/article";
import { storyIdsOf } from "@/lib/front-page/layout";
import { liveStateOf } from "@/lib/live/entries";
import { countLiveEntryRevisions, listLiveEntries } from "@/lib/live/queries";
import { listFrontPageRevisions, listSlotStories, readCurrentFrontPage } from "@/lib/front-page/queries";
import { listSectionOptions, listSections } from "@/lib/sections/queries";
import { listTagOptions, listTagsForAdmin } from "@/lib/tags/admin-queries";
import { listAuthorOptions, listUsers } from "@/lib/users/queries";
import { NotFoundError } from "@/lib/errors";
import { countNewBySource, listWireQueue, wireDraft, type WireQueueFilter } from "@/lib/wire/desk";
import { listWireSources } from "@/lib/wire/sources";
import { listAlertCandidates, listCampaignLog, listSubscriberCounts, searchSubscribers } from "@/lib/newsletters/admin";
import { breakingAudience } from "@/lib/newsletters/campaigns";
import { can } from "@/lib/auth/permissions";

// What each admin page reads, as lib/pages/listings is for the public site: the page checks the
// session and role, then asks for its data without handling a database. Admin pages render per
// request on the primary and are never cached. A story the user may not open reads as null, the
// same answer as a missing one (the page answers 404 to both).

type PageUser = { id: number; role: UserRole };

type DashboardFilters = Omit<AdminArticleFilters, "status" | "cursor" | "limit">;

export async function getArticlesDashboard(options: {
  filters: DashboardFilters;
  status: ArticleStatus | undefined;
  cursor: string | null;
  withAuthorOptions: boolean;
}) {
  const db = getDb();
  const { filters, status, cursor } = options;
  const [page, counts, changes, sections, tags, authors] = await Promise.all([
    listAdminArticles(db, { ...filters, status, cursor, limit: 30 }),
    countArticlesByStatus(db, filters),
    listRecentChanges(db, { limit: 12, ownerId: filters.ownerId }),
    listSectionOptions(db),
    listTagOptions(db, 500),
    options.withAuthorOptions ? listAuthorOptions(db) : Promise.resolve([]),
  ]);
  return { page, counts, changes, sections, tags, authors };
}

/** The story as the editor loads it, or null when it is missing or not this user's to open. */
export async function getEditableArticle(user: PageUser, id: number) {
  const db = getDb();
  if (!(await canUserSeeArticle(db, id, user))) return null;
  return getArticleForEditor(db, id, { userId: user.id, role: user.role }, new Date());
}

/** The editor's choice lists: sections, and everyone who can be credited on a byline. */
export async function getEditorOptions() {
  const db = getDb();
  const [sections, authors] = await Promise.all([listSectionOptions(db), listAuthorOptions(db)]);
  return { sections, authors };
}

/** The public article view of any saved story, whatever its status, with its current version. */
export async function getArticlePreview(user: PageUser, id: number) {
  const db = getDb();
  if (!(await canUserSeeArticle(db, id, user))) return null;
  const [page, article] = await Promise.all([loadArticlePage(db, id, new Date()), getArticleById(db, id)]);
  return page && article ? { page, article } : null;
}

export async function getRevisionHistory(user: PageUser, id: number) {
  const db = getDb();
  if (!(await canUserSeeArticle(db, id, user))) return null;
  const article = await getArticleById(db, id);
  if (!article) return null;
  return { article, revisions: await listRevisions(db, id) };
}

export async function getRevisionPage(user: PageUser, id: number, revisionId: number) {
  const db = getDb();
  if (!(await canUserSeeArticle(db, id, user))) return null;
  const [article, revision] = await Promise.all([getArticleById(db, id), getRevision(db, id, revisionId)]);
  return article && revision ? { article, revision } : null;
}

/** One page of the tags list (filtered by `q`), and every tag (up to 1000) for the merge targets. */
export async function getTagsAdminPage(options: { q: string; limit: number; offset: number }) {
  const db = getDb();
  const [page, all] = await Promise.all([listTagsForAdmin(db, options), listTagsForAdmin(db, { limit: 1000 })]);
  return { page, all };
}

export async function getUsersAdminPage() {
  return listUsers(getDb());
}

export async function getApiKeysAdminPage() {
  return listApiKeys(getDb());
}

/** The front-page admin: the current arrangement with its stories' titles, its revisions, and the sections. */
export async function getFrontPageAdmin() {
  const db = getDb();
  const [current, revisions, sections] = await Promise.all([readCurrentFrontPage(db), listFrontPageRevisions(db), listSections(db)]);
  const stories = await listSlotStories(db, storyIdsOf(current.layout));
  return { current, revisions, sections, stories };
}

/** The live desk of a story the user may open: the story's live state and its entries; null otherwise. */
export async function getLiveDesk(user: PageUser, id: number) {
  const db = getDb();
  if (!(await canUserSeeArticle(db, id, user))) return null;
  const article = await getArticleById(db, id);
  if (!article) return null;
  const [entries, revisionCounts] = await Promise.all([listLiveEntries(db, id), countLiveEntryRevisions(db, id)]);
  return {
    article: { id: article.id, title: article.title, slug: article.slug, status: article.status, state: liveStateOf(article) },
    entries: entries.map((entry) => ({ ...entry, revisions: revisionCounts.get(entry.id) ?? 1 })),
  };
}

export async function getWireDesk(filter: WireQueueFilter) {
  const db = getDb();
  const [queue, sources, waiting] = await Promise.all([listWireQueue(db, filter), listWireSources(db), countNewBySource(db)]);
  return { queue, sources, waiting };
}

export async function getWireSourcesAdmin() {
  const db = getDb();
  const [sources, sections, authors] = await Promise.all([listWireSources(db), listSectionOptions(db), listAuthorOptions(db)]);
  return { sources, sections, authors };
}

/** «حرّر وانشر»: the story editor's start from a wire item; null when there is no such item. */
export async function getWireDraft(user: PageUser, itemId: number, sourceId: number | null) {
  try {
    return await wireDraft(getDb(), itemId, user, sourceId);
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

/** The newsletters' admin: counts, the send log and alert candidates for editors; addresses for admins. */
export async function getNewslettersAdmin(user: PageUser, q: string) {
  const db = getDb();
  const [counts, campaigns, candidates, audience, sections] = await Promise.all([
    listSubscriberCounts(db),
    listCampaignLog(db),
    listAlertCandidates(db),
    breakingAudience(db),
    listSectionOptions(db),
  ]);
  const subscribers = can(user, "manageSubscribers") ? await searchSubscribers(db, user, q) : null;
  return { counts, campaigns, candidates, recipients: audience.recipients, subscribers, sections };
}
