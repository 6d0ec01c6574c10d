import type { Metadata } from "next";
import Link from "next/link";
import { getSearchResults } from "@/lib/pages/listings";
import { SEARCH_MAX_PAGES } from "@/lib/articles/search";
import { cutQuery, MAX_QUERY_CHARS, type HighlightSegment } from "@/lib/search/normalize";
import { listingMetadata } from "@/lib/seo/metadata";
import { paths } from "@/lib/urls";
import { plainTextWithBdi } from "../_components/bidi-text";
import { StoryCardView } from "../_components/story-card";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

async function readQuery(searchParams: Props["searchParams"]) {
  const params = await searchParams;
  const raw = typeof params.q === "string" ? params.q : "";
  // An overlong query is cut and answered, never refused.
  const query = cutQuery(raw.trim().replace(/\s+/g, " ")).trim();
  const pageParam = typeof params.page === "string" && /^\d{1,3}$/.test(params.page) ? Number(params.page) : 1;
  return { query, page: Math.min(Math.max(pageParam, 1), SEARCH_MAX_PAGES) };
}

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const { query } = await readQuery(searchParams);
  return listingMetadata({
    title: query ? `نتائج البحث عن «${query}»` : "البحث في الأخبار",
    description: "ابحث في أرشيف الأخبار.",
    path: query ? paths.search(query) : "/search",
    indexable: false,
  });
}

function Highlighted({ segments }: { segments: HighlightSegment[] }) {
  return (
    <>
      {segments.map((segment, index) =>
        segment.match ? <mark key={index}>{segment.text}</mark> : <span key={index}>{plainTextWithBdi(segment.text)}</span>,
      )}
    </>
  );
}

export default async function SearchPage({ searchParams }: Props) {
  const { query, page } = await readQuery(searchParams);
  const result = query ? await getSearchResults(query, page) : null;
  return (
    <div className="container listing">
      <header className="listing-header">
        <h1>{query ? <>نتائج البحث عن «{plainTextWithBdi(query)}»</> : "البحث في الأخبار"}</h1>
      </header>
      <form className="search-form" action="/search" role="search">
        <label htmlFor="search-q" className="visually-hidden">
          كلمات البحث
        </label>
        <input id="search-q" name="q" type="search" defaultValue={query} maxLength={MAX_QUERY_CHARS} placeholder="مثال: الكرملين، بوتين، النفط" />
        <button type="submit" className="button">
          ابحث
        </button>
      </form>
      {!query ? (
        <p className="notice">اكتب كلمة أو أكثر للبحث في عناوين الأخبار ووسومها ونصوصها. يجد البحث الكلمة بأشكالها: «والأمريكي» و«أمريكي»، «لبوتين» و«بوتين».</p>
      ) : result && result.hits.length ? (
        <>
          {/* The results' headings are h3: this h2 keeps heading levels from skipping one under the h1. */}
          <h2 className="visually-hidden">النتائج</h2>
          <ol className="story-list" aria-label="نتائج البحث">
            {result.hits.map((hit) => (
              <li key={hit.id}>
                <StoryCardView story={hit} variant="text" />
                {hit.snippet.length ? (
                  <p className="snippet">
                    <Highlighted segments={hit.snippet} />
                  </p>
                ) : null}
              </li>
            ))}
          </ol>
        </>
      ) : (
        <p className="notice">لم نجد أخباراً تطابق «{plainTextWithBdi(query)}». جرّب كلمة أخرى أو تهجئة مختلفة.</p>
      )}
      {result && (page > 1 || result.hasMore) ? (
        <nav className="pagination" aria-label="صفحات النتائج">
          {page > 1 ? (
            <Link href={`${paths.search(query)}${page > 2 ? `&page=${page - 1}` : ""}`} rel="prev">
              النتائج السابقة
            </Link>
          ) : null}
          {result.hasMore && page < SEARCH_MAX_PAGES ? (
            <Link href={`${paths.search(query)}&page=${page + 1}`} rel="next">
              نتائج أخرى
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
