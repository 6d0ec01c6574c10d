import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getSectionPage } from "@/lib/articles/public";
import { getEnv } from "@/lib/env";
import { decodeSlugParam, parseAfterParam } from "@/lib/routing/params";
import { listingMetadata } from "@/lib/seo/metadata";
import { paths } from "@/lib/seo/urls";
import { StoryListing } from "../../_components/listing";

type Props = { params: Promise<{ slug: string; cursor?: string }> };

// Kept in the origin's full-page cache until a write expires its tag, or for BACKSTOP_SECONDS at
// most. Later pages (`?after=<cursor>`) reach after/[cursor] through a rewrite in proxy.ts, so
// every page is a path the cache can key. Nothing is rendered by `next build`.
export const revalidate = 300;
export function generateStaticParams(): { slug: string }[] {
  return [];
}

async function load({ params }: Props) {
  const { slug: rawSlug, cursor: rawCursor } = await params;
  const slug = decodeSlugParam(rawSlug);
  const after = parseAfterParam(rawCursor);
  if (!slug || !after.valid) notFound();
  const result = await getSectionPage(slug, after.cursor);
  if (!result) notFound();
  return { ...result, cursor: after.cursor };
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  const { section, cursor } = await load(props);
  const path = cursor ? `${paths.section(section.slug)}?after=${cursor}` : paths.section(section.slug);
  return listingMetadata({
    title: `${section.name}`,
    description: `آخر أخبار ${section.name} في ${getEnv().siteName}.`,
    path,
    feeds: [{ title: `${getEnv().siteName}: ${section.name}`, path: paths.sectionFeed(section.slug) }],
  });
}

export default async function SectionPage(props: Props) {
  const { section, page, cursor } = await load(props);
  return (
    <StoryListing
      heading={section.name}
      page={page}
      basePath={paths.section(section.slug)}
      isFirstPage={!cursor}
      showSection={false}
    />
  );
}
