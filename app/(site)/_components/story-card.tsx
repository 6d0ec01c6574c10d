import Link from "next/link";
import type { StoryCard } from "@/lib/articles/cards";
import { formatRelativeTime } from "@/lib/i18n/dates";
import { getDateConfig } from "@/lib/site-config";
import { paths } from "@/lib/urls";
import { plainTextWithBdi } from "./bidi-text";

type Variant = "lead" | "grid" | "row" | "text";

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

/** One story in a list. Headings are h2 for the lead and h3 elsewhere, under the page's h2 blocks. */
export function StoryCardView({ story, variant = "grid", showSection = true, priority = false }: {
  story: StoryCard;
  variant?: Variant;
  showSection?: boolean;
  priority?: boolean;
}) {
  const href = paths.article(story.id, story.slug);
  const Heading = variant === "lead" ? "h2" : "h3";
  const image =
    story.hero && variant !== "text" ? (
      <img
        className="card-image"
        src={paths.media(story.hero.path, variant === "lead" ? 960 : variant === "row" ? 320 : 640)}
        width={story.hero.width}
        height={story.hero.height}
        alt=""
        loading={priority ? "eager" : "lazy"}
        fetchPriority={priority ? "high" : undefined}
        decoding="async"
      />
    ) : null;
  return (
    <article className={`card ${variant === "row" ? "row-card" : ""} ${variant === "lead" ? "lead" : ""}`}>
      {image}
      <div className="card-text">
        <Heading>
          {/* The space keeps «عاجل» a separate word in the heading's name, not glued to the headline. */}
          {story.isBreaking ? <><BreakingBadge />{" "}</> : null}
          {story.isLive ? <><LiveBadge />{" "}</> : null}
          <Link href={href}>
            {plainTextWithBdi(story.title)}
          </Link>
        </Heading>
        {variant === "lead" || variant === "grid" ? (
          story.dek ? <p>{plainTextWithBdi(story.dek)}</p> : null
        ) : null}
        <div className="story-meta">
          {showSection ? <Link href={paths.section(story.sectionSlug)}>{story.sectionName}</Link> : null}
          <StoryTime iso={story.firstPublishedAt} />
        </div>
      </div>
    </article>
  );
}
