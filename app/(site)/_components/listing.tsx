import type { ReactNode } from "react";
import type { Page, StoryCard } from "@/lib/articles/cards";
import { Pagination } from "./pagination";
import { firstPictureIndex, StoryCardView } from "./story-card";

/** The shared body of tag, section and author pages: header, stories, keyset pagination. */
export function StoryListing({ heading, intro, page, basePath, isFirstPage, showSection = true }: {
  heading: ReactNode;
  intro?: ReactNode;
  page: Page<StoryCard>;
  basePath: string;
  isFirstPage: boolean;
  showSection?: boolean;
}) {
  // The first picture of a first page is in the reader's first screen: the page's lead picture.
  const leadPicture = isFirstPage ? firstPictureIndex(page.items) : -1;
  return (
    <div className="container listing">
      <header className="listing-header">
        <h1>{heading}</h1>
        {intro}
      </header>
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
    </div>
  );
}
