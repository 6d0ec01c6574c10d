import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getAuthorPage } from "@/lib/pages/listings";
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
  const result = await getAuthorPage(slug, cursor);
  if (!result) notFound();
  return { ...result, cursor };
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  const { author, cursor } = await load(props);
  const path = cursor ? `${paths.author(author.slug)}?after=${cursor}` : paths.author(author.slug);
  return listingMetadata({
    title: author.name,
    description: author.bio || `أخبار ${author.name} في ${getEnv().siteName}.`,
    path,
  });
}

export default async function AuthorPage(props: Props) {
  const { author, page, cursor } = await load(props);
  return (
    <StoryListing
      heading={author.name}
      intro={author.bio ? <p>{plainTextWithBdi(author.bio)}</p> : null}
      page={page}
      basePath={paths.author(author.slug)}
      isFirstPage={!cursor}
    />
  );
}
