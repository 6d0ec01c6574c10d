// A later page of the listing: proxy.ts rewrites `/section/<slug>?after=<cursor>` here, so each page
// has its own path in the full-page cache. Same page, same rules as the first one.
export { default, generateMetadata } from "../../page";
export { noListingPagesAtBuild as generateStaticParams } from "../../../../_components/listing-route";

export const revalidate = 300;
