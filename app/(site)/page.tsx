import type { Metadata } from "next";
import { NewsletterSignup } from "@/app/(site)/_components/newsletter-signup";
import Link from "next/link";
import { JsonLd } from "@/app/_components/json-ld";
import { getHomePageData } from "@/lib/pages/listings";
import { getSiteMostRead } from "@/lib/pages/most-read";
import { isBuildPhase } from "@/lib/cache/build-phase";
import { getEnv } from "@/lib/env";
import { listingMetadata } from "@/lib/seo/metadata";
import { organizationJsonLd, websiteJsonLd } from "@/lib/seo/structured-data";
import { paths } from "@/lib/urls";
import { plainTextWithBdi } from "./_components/bidi-text";
import { MostReadList } from "./_components/most-read";
import { LiveBadge, StoryCardView } from "./_components/story-card";

export function generateMetadata(): Metadata {
  const env = getEnv();
  return listingMetadata({
    title: "آخر الأخبار العاجلة والتحليلات",
    description: `${env.siteName}: أخبار السياسة والاقتصاد والعالم العربي والدولي والرياضة والثقافة والتكنولوجيا، لحظة بلحظة.`,
    path: paths.home(),
  });
}

// Kept in the origin's full-page cache until a story change expires `home`, or for BACKSTOP_SECONDS
// at most; rendered on the first request, never by `next build` (lib/cache/build-phase.ts).
export const revalidate = 300;

export default async function HomePage() {
  const env = getEnv();
  if (isBuildPhase()) return null;
  const [{ breaking, lead, top, featured, latest, sectionBlocks }, mostRead] = await Promise.all([getHomePageData(), getSiteMostRead()]);
  return (
    <>
      <JsonLd data={[websiteJsonLd(), organizationJsonLd()]} />
      {breaking.length ? (
        <section className="ticker" aria-labelledby="ticker-title">
          <div className="container">
            <h2 id="ticker-title" className="ticker-label">
              عاجل
            </h2>
            <ul>
              {breaking.map((story) => (
                <li key={story.id}>
                  {story.isLive ? <><LiveBadge />{" "}</> : null}
                  <Link href={paths.article(story.id, story.slug)}>{plainTextWithBdi(story.title)}</Link>
                </li>
              ))}
            </ul>
          </div>
        </section>
      ) : null}
      <div className="container">
        <h1 className="visually-hidden">{env.siteName}: آخر الأخبار</h1>
        {featured ? (
          <section className="featured-strip" aria-labelledby="featured-title" data-testid="featured-strip">
            <div className="block-title">
              <h2 id="featured-title">{plainTextWithBdi(featured.label)}</h2>
            </div>
            <ul className="featured-list">
              {featured.stories.map((story) => (
                <li key={story.id}>
                  {/* Compact: a featured column is too narrow for the wide thumbnail; eager: it sits above the lead. */}
                  <StoryCardView story={story} variant="compact" eager />
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        <div className="home-top">
          {lead ? (
            <section aria-label="الخبر الرئيسي" data-testid="home-lead">
              <StoryCardView story={lead} variant="lead" priority />
            </section>
          ) : (
            <p>لم يُنشر أي خبر بعد.</p>
          )}
          <section aria-labelledby="latest-title">
            <div className="block-title">
              <h2 id="latest-title">آخر الأخبار</h2>
            </div>
            <ol className="story-list">
              {latest.map((story) => (
                <li key={story.id}>
                  <StoryCardView story={story} variant="compact" />
                </li>
              ))}
            </ol>
          </section>
        </div>
        {top.length ? (
          <section className="top-stories" aria-labelledby="top-title" data-testid="home-top-stories">
            <div className="block-title">
              <h2 id="top-title">أبرز الأخبار</h2>
            </div>
            <ul className="top-grid">
              {top.map((story) => (
                <li key={story.id}>
                  <StoryCardView story={story} variant="grid" />
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        <MostReadList stories={mostRead} wide />
        <NewsletterSignup id="home-newsletter" source="/" />
        <div className="section-blocks">
          {sectionBlocks.map(({ section, stories }) => (
            <section key={section.slug} aria-labelledby={`section-${section.slug}`}>
              <div className="block-title">
                <h2 id={`section-${section.slug}`}>
                  <Link href={paths.section(section.slug)}>{section.name}</Link>
                </h2>
                <Link href={paths.section(section.slug)} className="more">
                  كل أخبار {section.name}
                </Link>
              </div>
              <ul className="story-list">
                {stories.map((story) => (
                  <li key={story.id}>
                    <StoryCardView story={story} showSection={false} />
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </div>
      </div>
    </>
  );
}
