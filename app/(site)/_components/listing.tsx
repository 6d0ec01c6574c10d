import type { ReactNode } from "react";
import type { Page, StoryCard } from "@/lib/articles/cards";
import { Pagination } from "./pagination";
import { firstPictureIndex, StoryCardView } from "./story-card";

/**
 * The shared body of tag, section and author pages: header, stories, keyset pagination, and an
 * optional aside (a section's «الأكثر قراءة»), beside the stories on wide screens, after them on phones.
 */
export function StoryListing({ heading, intro, page, basePath, isFirstPage, showSection = true, aside = null }: {
  heading: ReactNode;
  intro?: ReactNode;
  page: Page<StoryCard>;
  basePath: string;
  isFirstPage: boolean;
  showSection?: boolean;
  aside?: ReactNode;
}) {
  // The first picture of a first page is in the reader's first screen: the page's lead picture.
  const leadPicture = isFirstPage ? firstPictureIndex(page.items) : -1;
  const stories = (
    <>
      {/* The cards' headings are h3: this h2 keeps heading levels from skipping one under the h1. */}
      <h2 className="visually-hidden">الأخبار</h2>
      {page.items.length ? (
        <ul className="story-list">
          {page.items.map((story, index) => (
            <li key={story.id}>
              <StoryCardView story={story} showSection={showSection} priority={index === leadPicture} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="notice">لا توجد أخبار منشورة هنا بعد.</p>
      )}
      <Pagination basePath={basePath} nextCursor={page.nextCursor} isFirstPage={isFirstPage} />
    </>
  );
  return (
    <div className={aside ? "container listing has-aside" : "container listing"}>
      <header className="listing-header">
        <h1>{heading}</h1>
        {intro}
      </header>
      {aside ? (
        <div className="listing-columns">
          <div className="listing-main">{stories}</div>
          <div className="listing-aside">{aside}</div>
        </div>
      ) : (
        stories
      )}
    </div>
  );
}
