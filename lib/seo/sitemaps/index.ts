// Sitemaps in three layers: queries (SQL), cached reads (the data cache, under `sitemaps`) and
// documents (the XML, built per request). Routes render documents; tests read the queries.
export {
  parseArticleSitemapFile,
  renderArticleSitemap,
  renderAuthorSitemap,
  renderNewsSitemap,
  renderSectionSitemap,
  renderSitemapIndex,
  renderTagSitemap,
} from "@/lib/seo/sitemaps/documents";
export {
  listArticleSitemapChunks,
  listArticleSitemapRows,
  listAuthorSitemapRows,
  listNewsSitemapRows,
  listSectionSitemapRows,
  listTagSitemapRows,
  type ArticleChunk,
  type ArticleSitemapRow,
  type NewsSitemapRow,
  type SitemapRow,
} from "@/lib/seo/sitemaps/queries";
