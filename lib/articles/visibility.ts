import "server-only";
import { eq, or, sql, type SQL } from "drizzle-orm";
import { articleAuthors, articles, type UserRole } from "@/db/schema";
import { isPublicArticle } from "@/lib/articles/queries";

// Who may read which story, in one place. The dashboard, the JSON API, the read-also picker and
// the save path all ask these functions, so a writer never learns about another author's draft
// (not even that its id exists) through any of them.

/** Who is asking: a signed-in user, or an API key (userId null) acting with its role. */
export type Viewer = { userId: number | null; role: UserRole; apiKeyId?: number | null };

/** Editors and admins read every story in every status. */
export const seesEveryStory = (role: UserRole): boolean => role === "editor" || role === "admin";

/** Stories the user created or is listed as an author of. */
export function ownedBy(userId: number): SQL {
  return or(
    eq(articles.createdBy, userId),
    sql`exists (select 1 from ${articleAuthors} where ${articleAuthors.articleId} = ${articles.id} and ${articleAuthors.userId} = ${userId})`,
  )!;
}

/** A viewer's own stories: a user's (created or co-authored), or those created with the API key. */
function ownStories(viewer: Viewer): SQL {
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
  return or(isPublicArticle(now), ownStories(viewer))!;
}

/**
 * Stories the viewer may link under «اقرأ أيضاً»: public or scheduled (they are about to be public),
 * or any the viewer may read. Anything else is answered exactly like an id that does not exist.
 */
export function storiesLinkableBy(viewer: Viewer, now: Date): SQL | undefined {
  const visible = storiesVisibleTo(viewer, now);
  return visible ? or(sql`${articles.status} in ('published', 'scheduled')`, visible)! : undefined;
}
