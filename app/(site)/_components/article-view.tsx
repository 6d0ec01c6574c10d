import Link from "next/link";
import type { ReactNode } from "react";
import type { StoryCard } from "@/lib/articles/cards";
import { formatArticleDate } from "@/lib/i18n/dates";
import type { ArticlePageData } from "@/lib/pages/article";
import { paths } from "@/lib/urls";
import { getDateConfig } from "@/lib/site-config";
import { ArticleBody } from "./article-body";
import { plainTextWithBdi } from "./bidi-text";
import { RelatedList } from "./related-list";
import { LiveCoverage } from "./live-coverage";
import { BreakingBadge, LiveBadge } from "./story-card";

// An "updated" line for a typo fixed a minute after publication would be noise.
const MEANINGFUL_UPDATE_MS = 10 * 60_000;

/**
 * A story as readers see it at /news/<id>/<slug>: the public page renders it, and so does the
 * staff preview (app/admin/articles/[id]/preview), for a story that may not be out yet. `children`
 * goes first inside the <article> (the public page's JSON-LD). `aside` (the public page's
 * «الأكثر قراءة») sits beside the story on wide screens and after it on phones.
 */
export function ArticleView({
  page,
  readAlso,
  similar,
  children,
  aside = null,
}: {
  page: ArticlePageData;
  readAlso: StoryCard[];
  similar: StoryCard[];
  children?: ReactNode;
  aside?: ReactNode;
}) {
  const story = <ArticleStory page={page} readAlso={readAlso} similar={similar} inLayout={aside !== null}>{children}</ArticleStory>;
  if (aside === null) return story;
  return (
    <div className="container article-layout">
      {story}
      <div className="article-aside">{aside}</div>
    </div>
  );
}

function ArticleStory({
  page,
  readAlso,
  similar,
  children,
  inLayout,
}: {
  page: ArticlePageData;
  readAlso: StoryCard[];
  similar: StoryCard[];
  children?: ReactNode;
  inLayout: boolean;
}) {
  const dates = getDateConfig();
  const published = page.firstPublishedAt ? new Date(page.firstPublishedAt) : null;
  const updated = new Date(page.updatedAt);
  const showUpdated = published !== null && updated.getTime() - published.getTime() > MEANINGFUL_UPDATE_MS;
  return (
    <article className={inLayout ? "article" : "container article"}>
      {children}
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
        {page.isBreaking || page.live?.state === "live" ? (
          <p className="kicker">
            {page.isBreaking ? <BreakingBadge /> : null} {page.live?.state === "live" ? <LiveBadge /> : null}
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
            {published ? (
              <span>
                نُشر في <time dateTime={published.toISOString()}>{formatArticleDate(published, dates)}</time>
              </span>
            ) : (
              <span>لم يُنشر بعد</span>
            )}
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
            srcSet={paths.mediaSrcSet(page.hero.path, page.hero.width, [640, 960, 1280])}
            sizes="(min-width: 48rem) 46rem, calc(100vw - 2rem)"
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
      {page.live ? <LiveCoverage articleId={page.id} live={page.live} /> : null}
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
