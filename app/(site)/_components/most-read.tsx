import Link from "next/link";
import type { StoryCard } from "@/lib/articles/cards";
import { getDateConfig } from "@/lib/site-config";
import { paths } from "@/lib/urls";
import { plainTextWithBdi } from "./bidi-text";

/**
 * «الأكثر قراءة»: a compact numbered list of headlines, most read first. The rank is the list's own
 * numbering (an <ol>, drawn large by CSS in the configured digits); nothing shows when no story
 * was read in the window. `wide` (the home page) sets it across the page in two columns.
 */
export function MostReadList({ stories, id = "most-read", wide = false }: { stories: StoryCard[]; id?: string; wide?: boolean }) {
  if (!stories.length) return null;
  return (
    <section className={wide ? "most-read most-read-wide" : "most-read"} aria-labelledby={id}>
      <h2 id={id} className="most-read-title">
        الأكثر قراءة
      </h2>
      <ol data-digits={getDateConfig().digits}>
        {stories.map((story) => (
          <li key={story.id}>
            <Link href={paths.article(story.id, story.slug)}>{plainTextWithBdi(story.title)}</Link>
          </li>
        ))}
      </ol>
    </section>
  );
}
