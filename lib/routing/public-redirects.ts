import "server-only";
import { eq } from "drizzle-orm";
import { getReadDb } from "@/db/replicas";
import { articles, type ArticleStatus } from "@/db/schema";
import { cachedReadUnlessMissing } from "@/lib/cache/cached-read";
import { cacheTags } from "@/lib/cache/tags";
import { isPublicAt } from "@/lib/articles/visibility";
import { isSameSlug } from "@/lib/i18n/slug";
import { findTagBySlug } from "@/lib/tags/queries";
import { paths } from "@/lib/urls";
import { decodeSlugParam, parseAfterParam, parseArticleIdParam } from "@/lib/routing/params";

export type PublicRouteDecision =
  | { kind: "redirect"; location: string; cacheTag: string }
  | { kind: "gone"; cacheTag: string }
  | { kind: "rewrite"; pathname: string }
  // An address no page can have (/news/<not an id>, a malformed cursor): a 404 kept by no cache.
  | { kind: "malformed" }
  | null;

const NEWS_PATH = /^\/news(?:\/|$)/;
const ARTICLE_PATH = /^\/news\/([^/]+)(?:\/([^/]*))?\/?$/;
const TAG_PATH = /^\/tag\/([^/]+)\/?$/;
const LISTING_PATH = /^\/(tag|section|author)\/([^/]+)\/?$/;

/**
 * Status codes a page cannot give itself: a 301 (not 308) for a missing or stale article slug
 * and for a renamed or merged tag, and a 410 for a story that was published and then withdrawn.
 * The facts behind them are cached under the story's or tag's own cache tag, so a request costs
 * no query, and a write changes the answer at the next request. Later listing pages
 * (`?after=<cursor>`) are rewritten to a path of their own so the full-page cache can key them
 * (Next runs the proxy again for the rewritten path, which matches nothing here). That inner path
 * answers too if asked directly; its canonical link names the `?after=` address.
 */
export async function decidePublicRoute(pathname: string, after: string | null): Promise<PublicRouteDecision> {
  if (NEWS_PATH.test(pathname)) {
    const article = ARTICLE_PATH.exec(pathname);
    const id = article ? parseArticleIdParam(article[1]!) : null;
    if (article === null || id === null) return { kind: "malformed" };
    const facts = await getArticleRouteFacts(id);
    if (!facts) return null;
    if (isPublicAt(facts, new Date())) {
      const requested = safeDecode(article[2] ?? "");
      if (requested !== null && isSameSlug(requested, facts.slug)) return null;
      return { kind: "redirect", location: paths.article(facts.id, facts.slug), cacheTag: cacheTags.article(facts.id) };
    }
    return facts.status === "unpublished" && facts.firstPublishedAt ? { kind: "gone", cacheTag: cacheTags.article(facts.id) } : null;
  }
  const tag = TAG_PATH.exec(pathname);
  if (tag) {
    // The same reading as the tag page's (readListingParams): what it would 404, this answers.
    const slug = decodeSlugParam(tag[1]!);
    if (!slug) return { kind: "malformed" };
    const lookup = await getTagRouteFacts(slug);
    if (lookup.kind === "redirect") return { kind: "redirect", location: paths.tag(lookup.slug), cacheTag: cacheTags.tag(slug) };
  }
  const listing = LISTING_PATH.exec(pathname);
  if (listing && after !== null) {
    if (!parseAfterParam(after).valid) return { kind: "malformed" };
    return { kind: "rewrite", pathname: `/${listing[1]}/${listing[2]}/after/${encodeURIComponent(after)}` };
  }
  return null;
}

type ArticleRouteFacts = { id: number; slug: string; status: ArticleStatus; firstPublishedAt: string | null };

function getArticleRouteFacts(id: number): Promise<ArticleRouteFacts | null> {
  return cachedReadUnlessMissing(
    ["article-route-v1", String(id)],
    [cacheTags.article(id)],
    async () => {
      const [row] = await getReadDb()
        .select({ id: articles.id, slug: articles.slug, status: articles.status, firstPublishedAt: articles.firstPublishedAt })
        .from(articles)
        .where(eq(articles.id, id));
      return row ? { ...row, firstPublishedAt: row.firstPublishedAt?.toISOString() ?? null } : null;
    },
    (facts) => facts === null,
  );
}

function getTagRouteFacts(slug: string) {
  return cachedReadUnlessMissing(
    ["tag-route-v1", slug],
    [cacheTags.tag(slug)],
    () => findTagBySlug(getReadDb(), slug),
    (lookup) => lookup.kind === "missing",
  );
}

function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment).normalize("NFC");
  } catch {
    return null;
  }
}

export function goneResponseHtml(siteName: string): string {
  return messagePageHtml(siteName, "سُحب هذا الخبر", `لم يعد هذا الخبر متاحاً على ${escapeHtmlText(siteName)}.`);
}

/** The proxy's answer to an address no page can have (a 404 or, for an unreadable path, a 400). */
export function notFoundResponseHtml(siteName: string): string {
  return messagePageHtml(siteName, "الصفحة غير موجودة", "لا توجد صفحة بهذا العنوان. تحقق من الرابط.");
}

function messagePageHtml(siteName: string, heading: string, textHtml: string): string {
  return `<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${heading} | ${escapeHtmlText(siteName)}</title></head><body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.8"><main><h1>${heading}</h1><p>${textHtml}</p><p><a href="/">العودة إلى الصفحة الرئيسية</a> · <a href="/search">البحث في الأخبار</a></p></main></body></html>`;
}

function escapeHtmlText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
