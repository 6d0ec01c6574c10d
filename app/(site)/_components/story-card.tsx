import Link from "next/link";
import type { ReactNode } from "react";
import type { StoryCard } from "@/lib/articles/cards";
import { formatRelativeTime } from "@/lib/i18n/dates";
import type { MediaWidth } from "@/lib/media/rules";
import { getDateConfig } from "@/lib/site-config";
import { paths } from "@/lib/urls";
import { plainTextWithBdi } from "./bidi-text";

/**
 * lead: the home page's top story, picture above the headline and dek.
 * grid: a column of the home page's top stories, picture above the headline and dek.
 * row: a headline with its thumbnail beside it (listings, search, section blocks, related lists).
 * compact: a row whose thumbnail stays small at every width, for narrow columns (beside the lead,
 * the featured strip).
 */
type Variant = "lead" | "grid" | "row" | "compact";

/**
 * The canonical widths each kind of picture offers and the box it fills. `sizes` follows the CSS
 * (app/globals.css: .lead, .row-card, --thumb), so the browser fetches the smallest width that is
 * sharp on the reader's screen: 320 for a thumbnail at 2x, 640 at 3x or for the wide thumbnail.
 * Change one with the other.
 */
const PICTURES: Record<Variant, { widths: readonly MediaWidth[]; src: MediaWidth; sizes: string }> = {
  // The left-hand two thirds of .home-top from 60rem, the container's width below it.
  lead: {
    widths: [320, 640, 960, 1280],
    src: 960,
    sizes: "(min-width: 72rem) 46rem, (min-width: 60rem) calc((100vw - 3.5rem) * 2 / 3), calc(100vw - 2rem)",
  },
  // A .top-grid column (auto-fill, 15rem at least): one across below 33.25rem, then never wider
  // than 24rem, and about 16.5rem at the container's full width.
  grid: { widths: [320, 640, 960], src: 640, sizes: "(min-width: 72rem) 17rem, (min-width: 33.25rem) 24rem, calc(100vw - 2rem)" },
  row: { widths: [320, 640], src: 320, sizes: "(min-width: 40rem) 11rem, 7.5rem" },
  compact: { widths: [320, 640], src: 320, sizes: "7.5rem" },
};

export function BreakingBadge() {
  return <span className="badge-breaking">عاجل</span>;
}

/** A live coverage that is running. */
export function LiveBadge() {
  return <span className="badge-live">مباشر</span>;
}

export function StoryTime({ iso }: { iso: string }) {
  const date = new Date(iso);
  return <time dateTime={iso}>{formatRelativeTime(date, new Date(), getDateConfig())}</time>;
}

/**
 * How a picture loads. lead: the page's lead picture, fetched at once and first. eager: above the
 * lead (the featured strip), fetched at once at normal priority. lazy: everything else, fetched as
 * it nears the screen.
 */
type Loading = "lead" | "eager" | "lazy";

/**
 * A story's hero as a card picture. width and height are the stored image's, and the CSS gives
 * every card picture a 16:9 box, so its space is held before a byte arrives (no layout shift).
 */
function CardImage({ hero, variant, loading }: { hero: NonNullable<StoryCard["hero"]>; variant: Variant; loading: Loading }) {
  const picture = PICTURES[variant];
  return (
    <img
      className="card-image"
      src={paths.media(hero.path, picture.src)}
      srcSet={paths.mediaSrcSet(hero.path, hero.width, picture.widths)}
      sizes={picture.sizes}
      width={hero.width}
      height={hero.height}
      // Decorative here: the linked headline beside it already names the story, and the hero's alt
      // (written for the article page) would only be read out again before every headline.
      alt=""
      loading={loading === "lazy" ? "lazy" : "eager"}
      fetchPriority={loading === "lead" ? "high" : undefined}
      decoding="async"
    />
  );
}

/**
 * One story in a list. Headings are h2 for the lead and h3 elsewhere, under the page's h2 blocks.
 * A story without a hero is a text card: no picture box at all, its text takes the whole width.
 */
export function StoryCardView({ story, variant = "row", showSection = true, priority = false, eager = false, children }: {
  story: StoryCard;
  variant?: Variant;
  showSection?: boolean;
  /** The page's lead picture: fetched at once and first. At most one per page. */
  priority?: boolean;
  /** Above the lead on every screen: fetched at once, without waiting to near the screen. */
  eager?: boolean;
  /** More lines under the headline and its time, such as a search snippet (full width on a phone). */
  children?: ReactNode;
}) {
  const href = paths.article(story.id, story.slug);
  const Heading = variant === "lead" ? "h2" : "h3";
  const layout = variant === "lead" ? "lead" : variant === "grid" ? "grid-card" : variant === "compact" ? "row-card compact" : "row-card";
  const classes = ["card", layout, story.hero ? "has-image" : ""];
  return (
    <article className={classes.filter(Boolean).join(" ")}>
      {story.hero ? <CardImage hero={story.hero} variant={variant} loading={priority ? "lead" : eager ? "eager" : "lazy"} /> : null}
      <div className="card-text">
        <Heading>
          {/* The space keeps «عاجل» a separate word in the heading's name, not glued to the headline. */}
          {story.isBreaking ? <><BreakingBadge />{" "}</> : null}
          {story.isLive ? <><LiveBadge />{" "}</> : null}
          <Link href={href}>
            {plainTextWithBdi(story.title)}
          </Link>
        </Heading>
        {(variant === "lead" || variant === "grid") && story.dek ? <p>{plainTextWithBdi(story.dek)}</p> : null}
        <div className="story-meta">
          {showSection ? <Link href={paths.section(story.sectionSlug)}>{story.sectionName}</Link> : null}
          <StoryTime iso={story.firstPublishedAt} />
        </div>
      </div>
      {children ? <div className="card-extra">{children}</div> : null}
    </article>
  );
}

/** The index of the first story with a picture: the one a list marks as its page's lead picture. */
export function firstPictureIndex(stories: StoryCard[]): number {
  return stories.findIndex((story) => story.hero !== null);
}
