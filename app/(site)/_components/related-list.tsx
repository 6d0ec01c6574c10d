import Link from "next/link";
import type { StoryCard } from "@/lib/articles/cards";
import { paths } from "@/lib/urls";
import { plainTextWithBdi } from "./bidi-text";
import { BreakingBadge, StoryTime } from "./story-card";

/** «اقرأ أيضاً» and «مقالات مشابهة»: headlines with their time, «عاجل» on breaking ones. */
export function RelatedList({ id, title, stories }: { id: string; title: string; stories: StoryCard[] }) {
  if (!stories.length) return null;
  return (
    <section className="related" aria-labelledby={id}>
      <h2 id={id} className="related-title">
        {title}
      </h2>
      <ul>
        {stories.map((story) => (
          <li key={story.id}>
            {story.isBreaking ? <><BreakingBadge />{" "}</> : null}
            <Link href={paths.article(story.id, story.slug)}>{plainTextWithBdi(story.title)}</Link>
            <span className="story-meta">
              <StoryTime iso={story.firstPublishedAt} />
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
