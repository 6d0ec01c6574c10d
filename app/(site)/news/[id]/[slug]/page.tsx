import type { Metadata } from "next";
import { notFound, permanentRedirect } from "next/navigation";
import { JsonLd } from "@/app/_components/json-ld";
import { isPublicAt } from "@/lib/articles/visibility";
import { getArticlePage, keepPublicRelated, type ArticlePageData } from "@/lib/pages/article";
import { getArticleMostRead } from "@/lib/pages/most-read";
import { isSameSlug } from "@/lib/i18n/slug";
import { articleMetadata } from "@/lib/seo/metadata";
import { bodyToPlainText } from "@/lib/articles/body-text";
import { breadcrumbJsonLd, newsArticleJsonLd } from "@/lib/seo/structured-data";
import { parseArticleIdParam } from "@/lib/routing/params";
import { paths } from "@/lib/urls";
import { ArticleView } from "../../../_components/article-view";
import { NewsletterSignup } from "../../../_components/newsletter-signup";
import { MostReadList } from "../../../_components/most-read";
import { ViewBeacon } from "../../../_components/view-beacon";

type Props = { params: Promise<{ id: string; slug: string }> };

// Rendered on first request and kept in the origin's full-page cache until a write expires one of
// its tags (lib/cache), or for BACKSTOP_SECONDS at most. No story is rendered by `next build`.
export const revalidate = 300;
export function generateStaticParams(): { id: string; slug: string }[] {
  return [];
}

async function loadPublicArticle(params: Props["params"]): Promise<ArticlePageData> {
  const { id: rawId, slug } = await params;
  const id = parseArticleIdParam(rawId);
  if (id === null) notFound();
  const page = await getArticlePage(id);
  if (!page || !isPublicAt(page, new Date())) notFound();
  // proxy.ts answers stale slugs with a 301 before we get here; this is the fallback.
  if (!isSameSlug(slug, page.slug)) permanentRedirect(paths.article(page.id, page.slug));
  return page;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return articleMetadata(await loadPublicArticle(params));
}

export default async function ArticlePage({ params }: Props) {
  const page = await loadPublicArticle(params);
  const [{ readAlso, similar }, mostRead] = await Promise.all([keepPublicRelated(page), getArticleMostRead()]);
  return (
    <ArticleView page={page} readAlso={readAlso} similar={similar} aside={
        <>
          {mostRead.length ? <MostReadList stories={mostRead} /> : null}
          <NewsletterSignup id="article-newsletter" source={paths.article(page.id, page.slug)} heading="نشرتنا في بريدك" />
        </>
      }
    >
      <ViewBeacon storyId={page.id} />
      <JsonLd
        data={[
          newsArticleJsonLd({
            id: page.id,
            slug: page.slug,
            title: page.title,
            dek: page.dek,
            sectionName: page.section.name,
            firstPublishedAt: page.firstPublishedAt!,
            updatedAt: page.updatedAt,
            hero: page.hero,
            authors: page.authors,
            tagNames: page.tags.map((tag) => tag.name),
            correction: page.correction ? { text: page.correction, correctedAt: page.correctedAt } : null,
            sourceUrl: page.sourceUrl,
            live: page.live
              ? {
                  startedAt: page.live.startedAt,
                  endedAt: page.live.endedAt,
                  entries: page.live.entries.map((entry) => ({ ...entry, text: bodyToPlainText(entry.body) })),
                }
              : null,
          }),
          breadcrumbJsonLd([
            { name: "الرئيسية", path: paths.home() },
            { name: page.section.name, path: paths.section(page.section.slug) },
            { name: page.title, path: paths.article(page.id, page.slug) },
          ]),
        ]}
      />
    </ArticleView>
  );
}
