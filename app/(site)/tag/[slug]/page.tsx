import type { Metadata } from "next";
import { notFound, permanentRedirect } from "next/navigation";
import { getTagPage } from "@/lib/articles/public";
import { getEnv } from "@/lib/env";
import { decodeSlugParam, parseAfterParam } from "@/lib/routing/params";
import { listingMetadata } from "@/lib/seo/metadata";
import { paths } from "@/lib/seo/urls";
import { plainTextWithBdi } from "../../_components/bidi-text";
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
  const result = await getTagPage(slug, after.cursor);
  if (result.kind === "redirect") permanentRedirect(paths.tag(result.slug));
  if (result.kind === "missing") notFound();
  return { ...result, cursor: after.cursor };
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  const { tag, storyCount, cursor } = await load(props);
  const path = cursor ? `${paths.tag(tag.slug)}?after=${cursor}` : paths.tag(tag.slug);
  return listingMetadata({
    title: `أخبار ${tag.name}`,
    description: `كل ما نشره ${getEnv().siteName} عن ${tag.name}: ${storyCount} خبراً، الأحدث أولاً.`,
    path,
    feeds: [{ title: `${getEnv().siteName}: ${tag.name}`, path: paths.tagFeed(tag.slug) }],
  });
}

export default async function TagPage(props: Props) {
  const { tag, storyCount, page, cursor } = await load(props);
  return (
    <StoryListing
      heading={<>وسم: {plainTextWithBdi(tag.name)}</>}
      intro={<p>{storyCount.toLocaleString("ar-EG-u-nu-latn")} خبراً منشوراً</p>}
      page={page}
      basePath={paths.tag(tag.slug)}
      isFirstPage={!cursor}
    />
  );
}
