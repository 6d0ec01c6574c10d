import type { Metadata } from "next";
import Link from "next/link";
import { getNavigationSections, getSearchResults } from "@/lib/pages/listings";
import { isFiltered, readSearchRequest, SEARCH_MAX_PAGES, SEARCH_PERIODS, searchHref, type SearchPeriod, type SearchRequest } from "@/lib/search/filters";
import { MAX_QUERY_CHARS, type HighlightSegment } from "@/lib/search/normalize";
import { listingMetadata } from "@/lib/seo/metadata";
import { paths } from "@/lib/urls";
import { plainTextWithBdi } from "../_components/bidi-text";
import { StoryCardView } from "../_components/story-card";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** The reader's request, with a section slug that names no section dropped. */
async function readRequest(searchParams: Props["searchParams"]) {
  const [request, sections] = await Promise.all([searchParams.then(readSearchRequest), getNavigationSections()]);
  const section = sections.some((known) => known.slug === request.section) ? request.section : null;
  return { request: { ...request, section }, sections };
}

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const { query } = readSearchRequest(await searchParams);
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

/** One filter choice: a link, or plain text marked current when it is the one in force. */
function Choice({ href, current, children }: { href: string; current: boolean; children: React.ReactNode }) {
  return current ? (
    <span className="choice" aria-current="true">
      {children}
    </span>
  ) : (
    <Link className="choice" href={href}>
      {children}
    </Link>
  );
}

function SearchFilters({ request, sections }: { request: SearchRequest; sections: { slug: string; name: string }[] }) {
  const customRange = Boolean(request.from || request.to || request.errors.from || request.errors.to);
  const anyTime = !request.period && !request.from && !request.to;
  return (
    <nav className="search-filters" aria-label="تصفية النتائج وترتيبها">
      <div className="filter-row">
        <span className="filter-label">القسم:</span>
        <Choice href={searchHref(request, { section: null })} current={!request.section}>
          كل الأقسام
        </Choice>
        {sections.map((section) => (
          <Choice key={section.slug} href={searchHref(request, { section: section.slug })} current={request.section === section.slug}>
            {section.name}
          </Choice>
        ))}
      </div>
      <div className="filter-row">
        <span className="filter-label">التاريخ:</span>
        <Choice href={searchHref(request, { period: null, from: null, to: null })} current={anyTime}>
          أي وقت
        </Choice>
        {(Object.keys(SEARCH_PERIODS) as SearchPeriod[]).map((period) => (
          <Choice key={period} href={searchHref(request, { period, from: null, to: null })} current={request.period === period}>
            {SEARCH_PERIODS[period].label}
          </Choice>
        ))}
      </div>
      <details className="custom-range" open={customRange}>
        <summary>نطاق تاريخ مخصص</summary>
        <form action="/search" className="range-form">
          <input type="hidden" name="q" value={request.query} />
          {request.section ? <input type="hidden" name="section" value={request.section} /> : null}
          {request.sort === "newest" ? <input type="hidden" name="sort" value="newest" /> : null}
          <DateField name="from" label="من" value={request.typed.from} error={request.errors.from} />
          <DateField name="to" label="إلى" value={request.typed.to} error={request.errors.to} />
          <button type="submit" className="button">
            طبّق
          </button>
        </form>
      </details>
      <div className="filter-row">
        <span className="filter-label">الترتيب:</span>
        <Choice href={searchHref(request, { sort: "relevance" })} current={request.sort === "relevance"}>
          الأكثر صلة
        </Choice>
        <Choice href={searchHref(request, { sort: "newest" })} current={request.sort === "newest"}>
          الأحدث
        </Choice>
      </div>
    </nav>
  );
}

function DateField({ name, label, value, error }: { name: string; label: string; value: string; error?: string }) {
  const id = `search-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type="date"
        defaultValue={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export default async function SearchPage({ searchParams }: Props) {
  const { request, sections } = await readRequest(searchParams);
  const { query, page } = request;
  const result = query ? await getSearchResults(request) : null;
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
        {/* A new query keeps the filters and the sort in force. */}
        {request.section ? <input type="hidden" name="section" value={request.section} /> : null}
        {request.period ? <input type="hidden" name="period" value={request.period} /> : null}
        {request.from ? <input type="hidden" name="from" value={request.from} /> : null}
        {request.to ? <input type="hidden" name="to" value={request.to} /> : null}
        {request.sort === "newest" ? <input type="hidden" name="sort" value="newest" /> : null}
        <button type="submit" className="button">
          ابحث
        </button>
      </form>
      {query ? <SearchFilters request={request} sections={sections} /> : null}
      {result?.suggestion ? (
        <p className="did-you-mean">
          هل تقصد:{" "}
          <Link href={searchHref(request, { query: result.suggestion })}>
            {plainTextWithBdi(result.suggestion)}
          </Link>
          ؟
        </p>
      ) : null}
      {!query ? (
        <p className="notice">اكتب كلمة أو أكثر للبحث في عناوين الأخبار ووسومها ونصوصها. يجد البحث الكلمة بأشكالها: «والأمريكي» و«أمريكي»، «لبوتين» و«بوتين».</p>
      ) : result && result.hits.length ? (
        <>
          {/* The results' headings are h3: this h2 keeps heading levels from skipping one under the h1. */}
          <h2 className="visually-hidden">النتائج</h2>
          <ol className="story-list" aria-label="نتائج البحث">
            {result.hits.map((hit) => (
              <li key={hit.id}>
                {/* No lead picture here: the search form and filters come first, so results start low on a phone. */}
                <StoryCardView story={hit}>
                  {hit.snippet.length ? (
                    <p className="snippet">
                      <Highlighted segments={hit.snippet} />
                    </p>
                  ) : null}
                </StoryCardView>
              </li>
            ))}
          </ol>
        </>
      ) : isFiltered(request) ? (
        <p className="notice">
          لم نجد أخباراً تطابق «{plainTextWithBdi(query)}» بهذه الشروط.{" "}
          <Link href={searchHref(request, { section: null, period: null, from: null, to: null })}>
            ابحث في كل الأخبار
          </Link>
        </p>
      ) : (
        <p className="notice">لم نجد أخباراً تطابق «{plainTextWithBdi(query)}». جرّب كلمة أخرى أو تهجئة مختلفة.</p>
      )}
      {result && (page > 1 || result.hasMore) ? (
        <nav className="pagination" aria-label="صفحات النتائج">
          {page > 1 ? (
            <Link href={searchHref(request, { page: page - 1 })} rel="prev">
              النتائج السابقة
            </Link>
          ) : null}
          {result.hasMore && page < SEARCH_MAX_PAGES ? (
            <Link href={searchHref(request, { page: page + 1 })} rel="next">
              نتائج أخرى
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
