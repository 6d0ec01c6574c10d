import "server-only";
import { unstable_cache } from "next/cache";
import { getReadDb } from "@/db/replicas";
import { BACKSTOP_SECONDS } from "@/lib/cache/cached-read";
import { cacheTags } from "@/lib/cache/tags";
import { MAX_URLS_PER_SITEMAP } from "@/lib/seo/sitemap-xml";
import {
  listArticleSitemapChunks,
  listArticleSitemapRows,
  listAuthorSitemapRows,
  listNewsSitemapRows,
  listSectionSitemapRows,
  listTagSitemapRows,
} from "@/lib/seo/sitemaps/queries";

// The sitemaps' cached reads, all under `sitemaps`.

// The data cache refuses entries over 2 MB (and throws in dev), so a 50,000-URL article sitemap
// is read as ten cached slices of 5,000 ids each.
const IDS_PER_CACHE_SLICE = 5_000;
export const SLICES_PER_SITEMAP = MAX_URLS_PER_SITEMAP / IDS_PER_CACHE_SLICE;

const cacheOptions = { tags: [cacheTags.sitemaps], revalidate: BACKSTOP_SECONDS };

export const getArticleChunks = unstable_cache(
  async () => listArticleSitemapChunks(getReadDb(), new Date()),
  ["sitemap-article-chunks-v1"],
  cacheOptions,
);

export const getArticleSlice = unstable_cache(
  async (slice: number) =>
    listArticleSitemapRows(getReadDb(), {
      now: new Date(),
      fromId: slice * IDS_PER_CACHE_SLICE,
      toId: (slice + 1) * IDS_PER_CACHE_SLICE,
    }),
  ["sitemap-article-slice-v1"],
  cacheOptions,
);

export const getTagRows = unstable_cache(async () => listTagSitemapRows(getReadDb(), new Date()), ["sitemap-tags-v1"], cacheOptions);

export const getSectionRows = unstable_cache(
  async () => listSectionSitemapRows(getReadDb(), new Date()),
  ["sitemap-sections-v1"],
  cacheOptions,
);

export const getAuthorRows = unstable_cache(
  async () => listAuthorSitemapRows(getReadDb(), new Date()),
  ["sitemap-authors-v1"],
  cacheOptions,
);

export const getNewsRows = unstable_cache(async () => listNewsSitemapRows(getReadDb(), new Date()), ["sitemap-news-v1"], cacheOptions);
