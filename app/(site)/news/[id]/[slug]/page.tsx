import type { Metadata } from "next";
import Link from "next/link";
import { notFound, permanentRedirect } from "next/navigation";
import { JsonLd } from "@/app/_components/json-ld";
import { isPublicAt } from "@/lib/articles/visibility";
import { getArticlePage, keepPublicRelated, type ArticlePageData } from "@/lib/pages/article";
import { formatArticleDate } from "@/lib/i18n/dates";
import { isSameSlug } from "@/lib/i18n/slug";
import { articleMetadata } from "@/lib/seo/metadata";
import { breadcrumbJsonLd, newsArticleJsonLd } from "@/lib/seo/structured-data";
import { parseArticleIdParam } from "@/lib/routing/params";
import { paths } from "@/lib/seo/urls";
import { getDateConfig } from "@/lib/site-config";
import { ArticleBody } from "../../../_components/article-body";
import { plainTextWithBdi } from "../../../_components/bidi-text";
import { RelatedList } from "../../../_components/related-list";
import { BreakingBadge } from "../../../_components/story-card";

type Props = { params: Promise<{ id: string; slug: string }> };

// Rendered on first request and kept in the origin's full-page cache until a write expires one of
// its tags (lib/cache), or for BACKSTOP_SECONDS at most. No story is rendered by `next build`.
export const revalidate = 300;
export function generateStaticParams(): { id: string; slug: string }[] {
  return [];
}

// An "updated" line for a typo fixed a minute after publication would be noise.
const MEANINGFUL_UPDATE_MS = 10 * 60_000;

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
  const { readAlso, similar } = await keepPublicRelated(page);
  const dates = getDateConfig();
  const published = new Date(page.firstPublishedAt!);
  const updated = new Date(page.updatedAt);
  const showUpdated = updated.getTime() - published.getTime() > MEANINGFUL_UPDATE_MS;
  return (
    <article className="container article">
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
          }),
          breadcrumbJsonLd([
            { name: "الرئيسية", path: paths.home() },
            { name: page.section.name, path: paths.section(page.section.slug) },
            { name: page.title, path: paths.article(page.id, page.slug) },
          ]),
        ]}
      />
      <nav className="breadcrumbs" aria-label="مسار التصفح">
        <ol>
          <li>
            <Link href="/">الرئيسية</Link>
          </li>
          <li>
            <Link href={paths.section(page.section.slug)}>{page.section.name}</Link>
          </li>
        </ol>
      </nav>
      <header className="article-header">
        {/* The badge stays out of the h1 so the heading reads as the headline alone, as in the JSON-LD. */}
        {page.isBreaking ? (
          <p className="kicker">
            <BreakingBadge />
          </p>
        ) : null}
        <h1>{plainTextWithBdi(page.title)}</h1>
        {page.dek ? <p className="dek">{plainTextWithBdi(page.dek)}</p> : null}
        <div className="byline">
          {page.authors.length ? (
            <p>
              بقلم{" "}
              {page.authors.map((author, index) => (
                <span key={author.slug}>
                  {index > 0 ? "، " : null}
                  <Link href={paths.author(author.slug)} rel="author">
                    {author.name}
                  </Link>
                </span>
              ))}
            </p>
          ) : null}
          <p className="dates">
            <span>
              نُشر في <time dateTime={published.toISOString()}>{formatArticleDate(published, dates)}</time>
            </span>
            {showUpdated ? (
              <span>
                آخر تحديث <time dateTime={updated.toISOString()}>{formatArticleDate(updated, { ...dates, showHijri: false })}</time>
              </span>
            ) : null}
          </p>
        </div>
      </header>
      {page.hero ? (
        <figure className="hero">
          <img
            src={paths.media(page.hero.path, 960)}
            srcSet={([640, 960, 1280] as const).map((w) => `${paths.media(page.hero!.path, w)} ${w}w`).join(", ")}
            sizes="(min-width: 50rem) 46rem, 100vw"
            width={page.hero.width}
            height={page.hero.height}
            alt={page.hero.alt}
            fetchPriority="high"
          />
          {page.hero.caption || page.hero.credit ? (
            <figcaption>
              {page.hero.caption ? plainTextWithBdi(page.hero.caption) : null}
              {page.hero.credit ? <span className="credit">تصوير: {page.hero.credit}</span> : null}
            </figcaption>
          ) : null}
        </figure>
      ) : null}
      <div className="article-body">
        <ArticleBody body={page.body} />
      </div>
      {page.correction ? (
        <aside className="correction" aria-labelledby="correction-title">
          <h2 id="correction-title">تصحيح</h2>
          <p>
            {page.correctedAt ? (
              <time dateTime={page.correctedAt}>{formatArticleDate(new Date(page.correctedAt), { ...dates, showHijri: false })}: </time>
            ) : null}
            {plainTextWithBdi(page.correction)}
          </p>
        </aside>
      ) : null}
      <footer className="article-footer">
        {page.sourceName ? (
          <p className="source">
            <span className="label">المصدر: </span>
            {page.sourceUrl ? (
              <a href={page.sourceUrl} rel="noopener nofollow" dir="auto">
                {page.sourceName}
              </a>
            ) : (
              <bdi>{page.sourceName}</bdi>
            )}
          </p>
        ) : null}
        {page.tags.length ? (
          <nav className="tags-line" aria-label="كلمات دلالية">
            <span className="label">كلمات دلالية: </span>
            <ul>
              {page.tags.map((tag) => (
                <li key={tag.slug}>
                  <Link href={paths.tag(tag.slug)} rel="tag">
                    {plainTextWithBdi(tag.name)}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </footer>
      <RelatedList id="read-also" title="اقرأ أيضاً" stories={readAlso} />
      <RelatedList id="similar" title="مقالات مشابهة" stories={similar} />
    </article>
  );
}
