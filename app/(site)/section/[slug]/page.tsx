import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getSectionPage } from "@/lib/pages/listings";
import { getSectionMostRead } from "@/lib/pages/most-read";
import { getEnv } from "@/lib/env";
import { listingMetadata } from "@/lib/seo/metadata";
import { paths } from "@/lib/urls";
import { StoryListing } from "../../_components/listing";
import { MostReadList } from "../../_components/most-read";
import { noListingPagesAtBuild, readListingParams, type ListingRouteProps } from "../../_components/listing-route";

type Props = ListingRouteProps;

export const revalidate = 300;
export const generateStaticParams = noListingPagesAtBuild;

async function load({ params }: Props) {
  const { slug, cursor } = await readListingParams(params);
  const result = await getSectionPage(slug, cursor);
  if (!result) notFound();
  return { ...result, cursor };
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
  // The section's own «الأكثر قراءة», on its first page only: later pages are its archive.
  const mostRead = cursor ? null : await getSectionMostRead(section.slug);
  return (
    <StoryListing
      heading={section.name}
      page={page}
      basePath={paths.section(section.slug)}
      isFirstPage={!cursor}
      showSection={false}
      aside={mostRead?.length ? <MostReadList stories={mostRead} /> : null}
    />
  );
}
