import "server-only";
import { bodyToHtml } from "@/lib/articles/body-text";
import { getEnv } from "@/lib/env";
import { toRfc822 } from "@/lib/i18n/dates";
import { decodeSlugParam } from "@/lib/routing/params";
import { buildRssFeed, rssItemDescription, type RssChannel, type RssItem } from "@/lib/seo/feed-xml";
import {
  getFeedBody,
  getSectionFeedSource,
  getSiteFeedSource,
  getTagFeedSource,
  type FeedSource,
  type ScopedFeedSource,
} from "@/lib/seo/feeds/cached";
import { absoluteUrl, paths } from "@/lib/urls";

// The feeds' documents: RSS for the whole site, one tag or one section, built from the cached
// reads on every request (so a change of SITE_URL never serves a stale host out of the data cache).

// "malformed": the slug cannot name anything (lib/routing/params.ts), so no cache keeps the answer.
export type FeedResult = { kind: "xml"; xml: string } | { kind: "redirect"; location: string } | { kind: "missing" } | { kind: "malformed" };

function channelFor(source: FeedSource): RssChannel {
  const { siteName } = getEnv();
  const { scope } = source;
  const newest = source.stories.reduce<string | null>(
    (latest, story) => (latest === null || story.lastModified > latest ? story.lastModified : latest),
    null,
  );
  const common = { language: "ar", lastBuildDate: toRfc822(new Date(newest ?? source.generatedAt)) };
  if (scope.kind === "tag") {
    return {
      ...common,
      title: `${scope.name} — ${siteName}`,
      link: absoluteUrl(paths.tag(scope.slug)),
      description: `آخر الأخبار عن «${scope.name}» من ${siteName}`,
      selfUrl: absoluteUrl(paths.tagFeed(scope.slug)),
    };
  }
  if (scope.kind === "section") {
    return {
      ...common,
      title: `${scope.name} — ${siteName}`,
      link: absoluteUrl(paths.section(scope.slug)),
      description: `آخر أخبار قسم ${scope.name} من ${siteName}`,
      selfUrl: absoluteUrl(paths.sectionFeed(scope.slug)),
    };
  }
  return {
    ...common,
    title: siteName,
    link: absoluteUrl(paths.home()),
    description: `آخر الأخبار من ${siteName}`,
    selfUrl: absoluteUrl(paths.feed()),
  };
}

async function renderFeed(source: FeedSource): Promise<string> {
  const { siteUrl } = getEnv();
  const bodies = await Promise.all(source.stories.map((story) => getFeedBody(story.id)));
  const items = source.stories.flatMap((story, index): RssItem[] => {
    const body = bodies[index];
    // Unpublished between the two cached reads: leave it out rather than show an empty story.
    if (!body) return [];
    return [
      {
        title: story.title,
        link: absoluteUrl(paths.article(story.id, story.slug)),
        guid: absoluteUrl(paths.articleById(story.id)),
        pubDate: toRfc822(new Date(story.firstPublishedAt)),
        description: rssItemDescription(story.dek, body),
        contentHtml: bodyToHtml(body, { siteUrl }),
        creators: story.authors,
        source: story.source,
        categories: story.tags.map((tag) => ({ name: tag.name, domain: absoluteUrl(paths.tag(tag.slug)) })),
        media: story.hero && {
          url: absoluteUrl(paths.media(story.hero.path)),
          type: story.hero.mimeType,
          width: story.hero.width,
          height: story.hero.height,
          description: story.hero.alt,
        },
      },
    ];
  });
  return buildRssFeed(channelFor(source), items);
}

export async function renderSiteFeed(): Promise<string> {
  return renderFeed(await getSiteFeedSource());
}

async function renderScoped(source: ScopedFeedSource, feedPath: (slug: string) => string): Promise<FeedResult> {
  if (source.kind === "missing") return source;
  if (source.kind === "redirect") return { kind: "redirect", location: absoluteUrl(feedPath(source.slug)) };
  return { kind: "xml", xml: await renderFeed(source) };
}

export async function renderTagFeed(rawSlug: string): Promise<FeedResult> {
  const slug = decodeSlugParam(rawSlug);
  if (slug === null) return { kind: "malformed" };
  return renderScoped(await getTagFeedSource(slug), paths.tagFeed);
}

export async function renderSectionFeed(rawSlug: string): Promise<FeedResult> {
  const slug = decodeSlugParam(rawSlug);
  if (slug === null) return { kind: "malformed" };
  return renderScoped(await getSectionFeedSource(slug), paths.sectionFeed);
}
