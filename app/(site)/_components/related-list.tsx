import type { StoryCard } from "@/lib/articles/cards";
import { StoryCardView } from "./story-card";

/**
 * «اقرأ أيضاً» and «مقالات مشابهة»: story rows with their thumbnail and time, «عاجل» on breaking
 * ones. Below the article, so no picture here is the page's lead: they all load lazily.
 */
export function RelatedList({ id, title, stories }: { id: string; title: string; stories: StoryCard[] }) {
  if (!stories.length) return null;
  return (
    <section className="related" aria-labelledby={id}>
      <h2 id={id} className="related-title">
        {title}
      </h2>
      <ul className="story-list">
        {stories.map((story) => (
          <li key={story.id}>
            <StoryCardView story={story} showSection={false} />
          </li>
        ))}
      </ul>
    </section>
  );
}
