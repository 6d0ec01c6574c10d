import type { ArticlePageData } from "@/lib/pages/article";
import { formatClockTime, formatShortDate } from "@/lib/i18n/dates";
import { liveEntryAnchor } from "@/lib/live/entries";
import { getDateConfig } from "@/lib/site-config";
import { paths } from "@/lib/urls";
import { ArticleBody } from "./article-body";
import { plainTextWithBdi } from "./bidi-text";
import { LiveUpdates } from "./live-updates";
import { LiveBadge } from "./story-card";

/**
 * A live coverage's entries under the story's body, as the server renders them: every entry is in
 * the HTML, so a reader without JavaScript sees them all on reload. Each has a stable anchor
 * (#entry-<id>), which the JSON-LD's liveBlogUpdate URLs point at.
 */
export function LiveCoverage({ articleId, live }: { articleId: number; live: NonNullable<ArticlePageData["live"]> }) {
  const dates = { ...getDateConfig(), showHijri: false };
  const today = formatShortDate(new Date(), dates);
  return (
    <section className="live-coverage" aria-labelledby="live-title" data-testid="live-coverage">
      <header className="live-header">
        <h2 id="live-title">{live.state === "live" ? <><LiveBadge /> التغطية المباشرة</> : "التغطية المباشرة"}</h2>
        {live.state === "live" ? (
          <LiveUpdates articleId={articleId} token={live.token} />
        ) : (
          <p className="live-ended" data-testid="live-ended">
            انتهت التغطية المباشرة
            {live.endedAt ? <> · <time dateTime={live.endedAt}>{formatShortDate(new Date(live.endedAt), dates)} {formatClockTime(new Date(live.endedAt), dates)}</time></> : null}
          </p>
        )}
      </header>
      {live.entries.length ? (
        <ol className="live-entries">
          {live.entries.map((entry) => {
            const anchor = liveEntryAnchor(entry.id);
            const posted = new Date(entry.postedAt);
            const day = formatShortDate(posted, dates);
            return (
              <li key={entry.id} id={anchor} className={`live-entry${entry.key ? " key" : ""}${entry.pinned ? " pinned" : ""}`} data-testid="live-entry">
                <article aria-labelledby={`${anchor}-title`}>
                  <p className="live-entry-meta">
                    <a href={`#${anchor}`} className="live-entry-time" aria-label={`رابط التحديث: ${day} ${formatClockTime(posted, dates)}`}>
                      <time dateTime={entry.postedAt}>
                        {day === today ? null : `${day} `}
                        {formatClockTime(posted, dates)}
                      </time>
                    </a>
                    {entry.pinned ? <span className="badge-pinned">مثبّت</span> : null}
                    {entry.key ? <span className="badge-key">مهم</span> : null}
                  </p>
                  <h3 id={`${anchor}-title`}>{plainTextWithBdi(entry.title)}</h3>
                  {entry.image ? (
                    <figure className="live-entry-image">
                      <img
                        src={paths.media(entry.image.path, 640)}
                        srcSet={paths.mediaSrcSet(entry.image.path, entry.image.width)}
                        sizes="(min-width: 50rem) 40rem, 100vw"
                        width={entry.image.width}
                        height={entry.image.height}
                        alt={entry.image.alt}
                        loading="lazy"
                        decoding="async"
                      />
                      {entry.image.caption ? <figcaption>{plainTextWithBdi(entry.image.caption)}</figcaption> : null}
                    </figure>
                  ) : null}
                  <div className="article-body">
                    <ArticleBody body={entry.body} />
                  </div>
                </article>
              </li>
            );
          })}
        </ol>
      ) : (
        <p className="live-empty">لا تحديثات بعد. تابعونا.</p>
      )}
    </section>
  );
}
