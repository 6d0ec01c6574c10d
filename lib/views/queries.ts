import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Executor } from "@/db/client";
import { storyViewsHourly } from "@/db/schema";
import { cardColumnsSql, toCard, type CardRow, type StoryCard } from "@/lib/articles/cards";
import { publicArticleWhereRaw } from "@/lib/articles/visibility";
import { HOUR_MS, hourNumber } from "@/lib/views/buffer";

/** «الأكثر قراءة» covers the current hour and the 23 before it. */
export const MOST_READ_WINDOW_HOURS = 24;

/**
 * The most read public stories over the last MOST_READ_WINDOW_HOURS hourly buckets, site-wide or
 * in one section, most views first (ties: the later story, by id). Public at `now`, by the
 * visibility rule: a story withdrawn after it was read drops out. The window is one range of the
 * (hour) index, summed per story; the stories are then looked up by primary key in rank order
 * until `limit` are found, so the cost follows the stories read in the window, never the size of
 * the articles table (a plain join chose a sequential scan of it). The callers cache it
 * (lib/pages/most-read.ts).
 */
export async function listMostReadStories(
  db: Executor,
  { now, sectionId = null, limit }: { now: Date; sectionId?: number | null; limit: number },
): Promise<StoryCard[]> {
  const since = new Date((hourNumber(now.getTime()) - MOST_READ_WINDOW_HOURS + 1) * HOUR_MS);
  const rows = await queryRows<CardRow>(
    db,
    sql`select ${cardColumnsSql}
          from (select article_id, sum(views) as views
                  from ${storyViewsHourly}
                 where hour >= ${since.toISOString()}::timestamptz and hour <= ${now.toISOString()}::timestamptz
                 group by article_id
                 order by views desc, article_id desc) v
          cross join lateral (
            -- offset 0 keeps this a lookup per ranked story rather than a join the planner may hash
            select * from articles a
             where a.id = v.article_id and ${publicArticleWhereRaw("a", now)}${sectionId === null ? sql`` : sql` and a.section_id = ${sectionId}`}
            offset 0
          ) a
          join sections s on s.id = a.section_id
          left join media m on m.id = a.hero_media_id
         order by v.views desc, v.article_id desc
         limit ${limit}`,
  );
  return rows.map(toCard);
}
