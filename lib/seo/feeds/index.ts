// RSS for the whole site, one tag or one section, in three layers: queries (SQL), cached reads
// (the data cache, under `feeds` and the story's, tag's or section's own tag) and documents (the
// XML, built per request). Routes render documents; tests read the layers below.
export { renderSectionFeed, renderSiteFeed, renderTagFeed, type FeedResult } from "@/lib/seo/feeds/documents";
export { readTagFeedSource } from "@/lib/seo/feeds/cached";
export { FEED_SIZE, listFeedStories, type FeedStory } from "@/lib/seo/feeds/queries";
