import type { ApiArticle } from "@/lib/articles/api-queries";
import type { LiveEntryView } from "@/lib/live/queries";
import { liveEntryAnchor } from "@/lib/live/entries";

/** An entry as the JSON API returns it: with its absolute anchor URL on the story's page. */
export function toApiLiveEntry(article: Pick<ApiArticle, "url">, entry: LiveEntryView) {
  return {
    id: entry.id,
    url: `${article.url}#${liveEntryAnchor(entry.id)}`,
    title: entry.title,
    body: entry.body,
    image: entry.image ? { path: entry.image.path, alt: entry.image.alt } : null,
    pinned: entry.pinned,
    key: entry.key,
    version: entry.version,
    postedAt: entry.postedAt,
    updatedAt: entry.updatedAt,
  };
}
