import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getAuthorPage } from "@/lib/articles/public";
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
  const result = await getAuthorPage(slug, after.cursor);
  if (!result) notFound();
  return { ...result, cursor: after.cursor };
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
