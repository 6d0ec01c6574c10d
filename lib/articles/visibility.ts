import "server-only";
import { and, eq, lte, or, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { articleAuthors, articles, type UserRole } from "@/db/schema";
import { LISTED_STATUSES } from "@/lib/articles/visibility-rule";
import { can } from "@/lib/auth/permissions";

// The one home of "is this story public" (the rule itself, in plain data, is
// lib/articles/visibility-rule.ts) and of "who may read which story". The dashboard, the JSON
// API, the read-also picker and the save path all ask these functions, so a writer never learns
// about another author's draft (not even that its id exists) through any of them.

export { LISTED_STATUSES, isListedStatus, isPublicAt, type VisibilityFacts } from "@/lib/articles/visibility-rule";

// The status list is literal SQL, not parameters: the partial indexes' predicate (db/schema.ts) is
// the same text, and a generic (reused) plan can only use a partial index whose condition it can prove.
const listedStatusList = sql.raw(LISTED_STATUSES.map((status) => `'${status}'`).join(", "));

/** Stories in a listed status, whatever their time: what «اقرأ أيضاً» may link ahead of publication. */
export function listedArticleWhere(): SQL {
  return sql`${articles.status} in (${listedStatusList})`;
}

/** Public stories at `now`, for the query builder: one indexed range test. */
export function publicArticleWhere(now: Date): SQL {
  return and(listedArticleWhere(), lte(articles.firstPublishedAt, now))!;
}

/**
 * Public stories at `now`, for queries written as raw SQL, where `articles` goes by `alias`.
 * postgres.js takes no Date inside raw SQL; an ISO string cast in SQL works with both drivers.
 */
export function publicArticleWhereRaw(alias: string, now: Date): SQL {
  const table = sql.raw(alias);
  return sql`${table}.status in (${listedStatusList}) and ${table}.first_published_at <= ${now.toISOString()}::timestamptz`;
}

/** The denormalised copy of the rule on article_tags / article_authors rows (kept by every save). */
type ListingColumns = { articleListed: AnyPgColumn; articlePublishedAt: AnyPgColumn };

/** Link rows (article_tags, article_authors) of public stories at `now`, read from their listing columns. */
export function publicListingWhere(table: ListingColumns, now: Date): SQL {
  return and(sql`${table.articleListed}`, lte(table.articlePublishedAt, now))!;
}

/** publicListingWhere for raw SQL, where the link table goes by `alias`. */
export function publicListingWhereRaw(alias: string, now: Date): SQL {
  const table = sql.raw(alias);
  return sql`${table}.article_listed and ${table}.article_published_at <= ${now.toISOString()}::timestamptz`;
}

/** Who is asking: a signed-in user, or an API key (userId null) acting with its role. */
export type Viewer = { userId: number | null; role: UserRole; apiKeyId?: number | null };

/** Editors and admins read every story in every status. */
export const seesEveryStory = (role: UserRole): boolean => can({ role }, "seeEveryStory");

/** Stories the user created or is listed as an author of. */
export function ownedBy(userId: number): SQL {
  return or(
    eq(articles.createdBy, userId),
    sql`exists (select 1 from ${articleAuthors} where ${articleAuthors.articleId} = ${articles.id} and ${articleAuthors.userId} = ${userId})`,
  )!;
}

/** A viewer's own stories: a user's (created or co-authored), or those created with the API key. */
export function ownStories(viewer: Viewer): SQL {
  if (viewer.userId !== null) return ownedBy(viewer.userId);
  if (viewer.apiKeyId != null) return eq(articles.createdByApiKeyId, viewer.apiKeyId);
  return sql`false`;
}

/**
 * Stories the viewer may read (title, body, status): everything for editors and admins
 * (undefined: no condition), public stories plus their own for writers and writer keys.
 */
export function storiesVisibleTo(viewer: Viewer, now: Date): SQL | undefined {
  if (seesEveryStory(viewer.role)) return undefined;
  return or(publicArticleWhere(now), ownStories(viewer))!;
}

/**
 * Stories the viewer may link under «اقرأ أيضاً»: public or scheduled (they are about to be public),
 * or any the viewer may read. Anything else is answered exactly like an id that does not exist.
 */
export function storiesLinkableBy(viewer: Viewer, now: Date): SQL | undefined {
  const visible = storiesVisibleTo(viewer, now);
  return visible ? or(listedArticleWhere(), visible)! : undefined;
}
