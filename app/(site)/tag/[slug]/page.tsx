import type { Metadata } from "next";
import { notFound, permanentRedirect } from "next/navigation";
import { getTagPage } from "@/lib/pages/listings";
import { getEnv } from "@/lib/env";
import { listingMetadata } from "@/lib/seo/metadata";
import { paths } from "@/lib/urls";
import { plainTextWithBdi } from "../../_components/bidi-text";
import { StoryListing } from "../../_components/listing";
import { noListingPagesAtBuild, readListingParams, type ListingRouteProps } from "../../_components/listing-route";

type Props = ListingRouteProps;

export const revalidate = 300;
export const generateStaticParams = noListingPagesAtBuild;

async function load({ params }: Props) {
  const { slug, cursor } = await readListingParams(params);
  const result = await getTagPage(slug, cursor);
  if (result.kind === "redirect") permanentRedirect(paths.tag(result.slug));
  if (result.kind === "missing") notFound();
  return { ...result, cursor };
}

/** «120 خبراً», or «أكثر من 1,000 خبر» past the count a tag page stops at; «منشوراً / منشور» agrees with it. */
function storyCountText({ count, more }: { count: number; more: boolean }, options: { published?: boolean } = {}): string {
  const figure = count.toLocaleString("ar-EG-u-nu-latn");
  if (more) return `أكثر من ${figure} خبر${options.published ? " منشور" : ""}`;
  return `${figure} خبراً${options.published ? " منشوراً" : ""}`;
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  const { tag, storyCount, cursor } = await load(props);
  const path = cursor ? `${paths.tag(tag.slug)}?after=${cursor}` : paths.tag(tag.slug);
  return listingMetadata({
    title: `أخبار ${tag.name}`,
    description: `كل ما نشره ${getEnv().siteName} عن ${tag.name}: ${storyCountText(storyCount)}، الأحدث أولاً.`,
    path,
    feeds: [{ title: `${getEnv().siteName}: ${tag.name}`, path: paths.tagFeed(tag.slug) }],
  });
}

export default async function TagPage(props: Props) {
  const { tag, storyCount, page, cursor } = await load(props);
  return (
    <StoryListing
      heading={<>وسم: {plainTextWithBdi(tag.name)}</>}
      intro={<p>{storyCountText(storyCount, { published: true })}</p>}
      page={page}
      basePath={paths.tag(tag.slug)}
      isFirstPage={!cursor}
    />
  );
}
