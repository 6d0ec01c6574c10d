import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { articles } from "@/db/schema";
import { isPublicAt } from "@/lib/articles/commands";
import { isSameSlug } from "@/lib/i18n/slug";
import { findTagBySlug } from "@/lib/tags/queries";
import { paths } from "@/lib/seo/urls";

export type PublicRouteDecision = { kind: "redirect"; location: string } | { kind: "gone" } | null;

const ARTICLE_PATH = /^\/news\/(\d{1,9})(?:\/([^/]*))?\/?$/;
const TAG_PATH = /^\/tag\/([^/]+)\/?$/;

/**
 * Status codes a page cannot give itself: a 301 (not 308) for a missing or stale article slug
 * and for a renamed or merged tag, and a 410 for a story that was published and then withdrawn.
 * One primary-key or unique-index lookup; everything else falls through to the page.
 */
export async function decidePublicRoute(pathname: string): Promise<PublicRouteDecision> {
  const article = ARTICLE_PATH.exec(pathname);
  if (article) {
    const [row] = await getDb()
      .select({ id: articles.id, slug: articles.slug, status: articles.status, firstPublishedAt: articles.firstPublishedAt })
      .from(articles)
      .where(eq(articles.id, Number(article[1])));
    if (!row) return null;
    if (isPublicAt(row, new Date())) {
      const requested = safeDecode(article[2] ?? "");
      return requested !== null && isSameSlug(requested, row.slug) ? null : { kind: "redirect", location: paths.article(row.id, row.slug) };
    }
    return row.status === "unpublished" && row.firstPublishedAt ? { kind: "gone" } : null;
  }
  const tag = TAG_PATH.exec(pathname);
  if (tag) {
    const slug = safeDecode(tag[1]!);
    if (!slug) return null;
    const lookup = await findTagBySlug(getDb(), slug);
    return lookup.kind === "redirect" ? { kind: "redirect", location: paths.tag(lookup.slug) } : null;
  }
  return null;
}

function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment).normalize("NFC");
  } catch {
    return null;
  }
}

export function goneResponseHtml(siteName: string): string {
  return `<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>سُحب هذا الخبر | ${escapeHtmlText(siteName)}</title></head><body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.8"><main><h1>سُحب هذا الخبر</h1><p>لم يعد هذا الخبر متاحاً على ${escapeHtmlText(siteName)}.</p><p><a href="/">العودة إلى الصفحة الرئيسية</a> · <a href="/search">البحث في الأخبار</a></p></main></body></html>`;
}

function escapeHtmlText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
